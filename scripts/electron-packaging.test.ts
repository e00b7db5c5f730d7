/**
 * The packaging layout the Mac app depends on: native scripts as real files in Resources, node-pty
 * unpacked with an executable spawn-helper, fuses off for RunAsNode/NODE_OPTIONS/inspect, asar
 * integrity on, Apple Events entitlement. electron-builder itself only runs on a Mac.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '..');
// A plain-JS hook (electron-builder loads it): imported by a path held in a variable, typed here.
const hook = './electron-after-pack.mjs';
const { fixSpawnHelpers } = (await import(hook)) as {
  fixSpawnHelpers: (dir: string) => string[];
};

interface BuilderConfig {
  files: string[];
  extraResources: { from: string; to: string }[];
  asarUnpack: string[];
  afterPack: string;
  electronFuses: Record<string, boolean>;
  mac: { hardenedRuntime: boolean; entitlements: string; extendInfo: Record<string, unknown> };
}
const config = parse(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

describe('electron-builder.yml', () => {
  it('ships native-scripts as real files in Resources, not in the asar', () => {
    expect(config.extraResources).toContainEqual(
      expect.objectContaining({ from: 'native-scripts', to: 'native-scripts' }),
    );
    expect(config.files.some((f) => f.startsWith('native-scripts'))).toBe(false);
  });

  it('unpacks node-pty and fixes its spawn-helper after packing', () => {
    expect(config.asarUnpack).toContain('node_modules/node-pty/**');
    expect(statSync(join(root, config.afterPack)).isFile()).toBe(true);
  });

  it('sets the fuses the issue asks for', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
    });
  });

  it('signs with the hardened runtime and the Apple Events entitlement, and hides the Dock icon', () => {
    expect(config.mac.hardenedRuntime).toBe(true);
    const plist = readFileSync(join(root, config.mac.entitlements), 'utf8');
    expect(plist).toMatch(/<key>com\.apple\.security\.automation\.apple-events<\/key>\s*<true\/>/u);
    expect(config.mac.extendInfo).toMatchObject({ LSUIElement: true });
    expect(String(config.mac.extendInfo.NSAppleEventsUsageDescription)).not.toBe('');
  });
});

describe('afterPack spawn-helper fix', () => {
  it('makes every prebuilt spawn-helper executable, and leaves executable ones alone', () => {
    const nodePty = mkdtempSync(join(tmpdir(), 'tower-nodepty-'));
    for (const arch of ['darwin-arm64', 'darwin-x64']) {
      mkdirSync(join(nodePty, 'prebuilds', arch), { recursive: true });
      writeFileSync(join(nodePty, 'prebuilds', arch, 'spawn-helper'), 'bin');
      chmodSync(join(nodePty, 'prebuilds', arch, 'spawn-helper'), 0o644);
    }
    expect(fixSpawnHelpers(nodePty)).toHaveLength(2);
    expect(statSync(join(nodePty, 'prebuilds', 'darwin-arm64', 'spawn-helper')).mode & 0o777).toBe(0o755);
    expect(fixSpawnHelpers(nodePty)).toEqual([]);
  });
});
