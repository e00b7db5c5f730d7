// The Electron app itself through Playwright's `_electron`: runs only where an Electron binary and a
// display exist (a Mac or a desktop Linux); everywhere else it skips and says why.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { _electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

// Not `require('electron')`: that starts a download when the binary is missing.
function electronBinary(): string | null {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const dir = join(ROOT, 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

const binary = electronBinary();
const skipReason =
  binary === null
    ? 'no Electron binary is installed (node_modules/electron/dist)'
    : process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY
      ? 'there is no display'
      : null;
if (skipReason !== null) console.warn(`Electron app tests skipped: ${skipReason}.`);

describe.skipIf(skipReason !== null)('Electron app', () => {
  it('loads the popover from app://tower with the contract bridge and a locked-down renderer', async () => {
    execFileSync(
      process.execPath,
      [join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'],
      {
        cwd: ROOT,
        stdio: 'ignore',
      },
    );
    const userData = await mkdtemp(join(tmpdir(), 'tower-electron-'));
    const app = await _electron.launch({
      executablePath: binary ?? '',
      args: [join(ROOT, 'out', 'main', 'index.js'), `--user-data-dir=${userData}`],
      cwd: dirname(join(ROOT, 'package.json')),
    });
    try {
      const page = await app.firstWindow();
      expect(page.url()).toBe('app://tower/index.html');
      await page.getByRole('status').filter({ hasText: 'Connected' }).waitFor();
      expect(await page.evaluate('Object.keys(window.tower).sort().join(",")')).toBe(
        'answerPrompt,closeAgent,getSnapshot,lockdown,on,openAgent,sendText',
      );
      expect(await page.evaluate('typeof require')).toBe('undefined');
      await page.getByRole('tab', { name: 'Controls' }).click();
      await page.getByRole('button', { name: 'Engage LOCKDOWN' }).click();
      await page.getByRole('alert').filter({ hasText: 'LOCKDOWN engaged' }).waitFor();
      await page.getByRole('button', { name: 'Lift LOCKDOWN…' }).click();
      await page.getByRole('button', { name: 'Yes, lift LOCKDOWN' }).click();
    } finally {
      await app.close();
      await rm(userData, { recursive: true, force: true });
    }
  });
});
