/**
 * The TerminalDriver contract against the real Terminal.app (macOS only; Terminal must be running
 * and Tower's runner allowed to control it). TOWER_MAC_KEYSTROKES=1 enables System Events
 * keystrokes (needs Accessibility) — without it the typing tests fail by design (do script adds Return).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeTerminalDriverContract } from '../../electron/core/testing/terminal-driver.contract';
import { ExecOsascriptRunner } from '../../electron/adapters/terminal/terminal-app/osascript-runner';
import { TerminalAppTerminalDriver } from '../../electron/adapters/terminal/terminal-app/terminal-app-terminal-driver';
import { NATIVE_SCRIPTS, explainSkip, onMac } from './mac-support';

explainSkip('the Terminal.app contract suite');

function makeDriver(): TerminalAppTerminalDriver {
  return new TerminalAppTerminalDriver({
    runner: new ExecOsascriptRunner(),
    appleScriptDir: join(NATIVE_SCRIPTS, 'applescript'),
    keystrokesEnabled: () => process.env.TOWER_MAC_KEYSTROKES === '1',
    pollMs: 500,
  });
}

if (onMac) {
  describeTerminalDriverContract('Terminal.app', makeDriver, { timeoutMs: 20_000 });
}

describe.skipIf(!onMac)('Terminal.app specifics', () => {
  it('lists tabs with a tty and process facts, and sends a whole line with do script', async () => {
    const driver = makeDriver();
    try {
      const info = await driver.open({ command: ['sh'], title: 'tower-mac-line' });
      expect((await driver.list()).some((t) => t.id === info.id && t.processes.length > 0)).toBe(true);
      await driver.typeLine(info.id, 'echo line-$((6*7))');
      const deadline = Date.now() + 10_000;
      let text = '';
      while (Date.now() < deadline && !text.includes('line-42')) {
        text = (await driver.readScreen(info.id)).lines.join('\n');
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(text).toContain('line-42');
      await driver.close(info.id);
    } finally {
      await driver.dispose();
    }
  });
});
