import { describe, expect, it } from 'vitest';
import { loginItemView, setLaunchAtLogin } from './login-item';
import type { LoginItemReading } from './login-item';
import { popoverPosition } from './popover-position';
import { PowerSaveController, shouldKeepAwake } from './power-save';
import { bashPrompt, session, snapshot } from './testing-fixtures';

describe('power save', () => {
  it('keeps the Mac awake while an agent works and releases when all are idle or waiting', () => {
    const calls: string[] = [];
    const controller = new PowerSaveController({
      start: (type) => (calls.push(`start ${type}`), 7),
      stop: (id) => calls.push(`stop ${id}`),
    });
    controller.update(snapshot([session({ state: 'working' })]));
    controller.update(snapshot([session({ state: 'starting' })]));
    expect(controller.active).toBe(true);
    controller.update(snapshot([session({ state: 'permission', prompt: bashPrompt('x') })]));
    controller.update(snapshot([session({ state: 'idle' })]));
    expect(calls).toEqual(['start prevent-app-suspension', 'stop 7']);
    expect(shouldKeepAwake(snapshot([session({ state: 'working', gone: true })]))).toBe(false);
  });
});

describe('launch at login', () => {
  it('sets the item and reports what macOS says, including when it needs approval', () => {
    let reading: LoginItemReading = { openAtLogin: false };
    const port = {
      get: () => reading,
      set: (s: { openAtLogin: boolean }) => (reading = { openAtLogin: s.openAtLogin }),
    };
    expect(setLaunchAtLogin(port, true)).toEqual({ enabled: true, note: null });
    expect(setLaunchAtLogin(port, false)).toEqual({ enabled: false, note: null });
    expect(loginItemView({ openAtLogin: false, status: 'requires-approval' }).note).toMatch(
      /System Settings/,
    );
  });
});

describe('popoverPosition', () => {
  const workArea = { x: 0, y: 25, width: 1440, height: 875 };
  it('centres under the icon', () => {
    expect(
      popoverPosition({ x: 1000, y: 0, width: 24, height: 24 }, { width: 400, height: 600 }, workArea),
    ).toEqual({
      x: 812,
      y: 25,
    });
  });
  it('stays inside the screen near the right edge', () => {
    expect(
      popoverPosition({ x: 1420, y: 0, width: 24, height: 24 }, { width: 400, height: 600 }, workArea).x,
    ).toBe(1040);
  });
});
