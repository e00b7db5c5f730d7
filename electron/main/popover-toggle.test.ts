import { describe, expect, it } from 'vitest';
import { trayClickAction } from './popover-toggle';

describe('trayClickAction', () => {
  it('hides a visible popover, shows a hidden one, and ignores the click that just blurred it', () => {
    expect(trayClickAction(true, null, 1_000)).toBe('hide');
    expect(trayClickAction(false, null, 1_000)).toBe('show');
    expect(trayClickAction(false, 900, 1_000)).toBe('none');
    expect(trayClickAction(false, 500, 1_000)).toBe('show');
  });
});
