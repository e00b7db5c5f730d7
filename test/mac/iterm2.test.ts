/**
 * The TerminalDriver contract against the real iTerm2 (macOS only; iTerm2 must be running).
 * TOWER_MAC_ITERM2=applescript forces the AppleScript backend; by default the Python API helper is
 * used when iTerm2's runtime is installed and the API enabled.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeTerminalDriverContract } from '../../electron/core/testing/terminal-driver.contract';
import { AppleScriptBackend } from '../../electron/adapters/terminal/iterm2/applescript-backend';
import { HelperClient } from '../../electron/adapters/terminal/iterm2/helper-client';
import { ITerm2TerminalDriver } from '../../electron/adapters/terminal/iterm2/iterm2-terminal-driver';
import { PythonBackend } from '../../electron/adapters/terminal/iterm2/python-backend';
import { findITerm2Pythons } from '../../electron/adapters/terminal/iterm2/python-runtime';
import { ExecOsascriptRunner } from '../../electron/adapters/terminal/terminal-app/osascript-runner';
import { appRunning } from '../../electron/adapters/terminal/provider-chain/mac-providers';
import { NATIVE_SCRIPTS, explainSkip, onMac } from './mac-support';

explainSkip('the iTerm2 contract suite');

function makeDriver(): ITerm2TerminalDriver {
  const runner = new ExecOsascriptRunner();
  const python = findITerm2Pythons(homedir())[0];
  const usePython = python !== undefined && process.env.TOWER_MAC_ITERM2 !== 'applescript';
  return new ITerm2TerminalDriver({
    ...(usePython
      ? {
          startPython: async () =>
            new PythonBackend(
              await HelperClient.start({
                python,
                helperPath: join(NATIVE_SCRIPTS, 'iterm2/tower_iterm2_helper.py'),
              }),
            ),
        }
      : {}),
    appleScript: () =>
      new AppleScriptBackend({ runner, appleScriptDir: join(NATIVE_SCRIPTS, 'applescript') }),
    isRunning: async () => (await appRunning(runner, NATIVE_SCRIPTS, 'com.googlecode.iterm2')) === true,
  });
}

if (onMac) {
  describeTerminalDriverContract('iTerm2', makeDriver, { timeoutMs: 20_000 });
}

describe.skipIf(!onMac)('iTerm2 specifics', () => {
  it('says which backend it uses and why not Python', async () => {
    const driver = makeDriver();
    try {
      await driver.list();
      const status = driver.status();
      console.log(
        `[test:mac] iTerm2 backend: ${status.kind}; Python: ${status.pythonUnavailable ?? 'in use'}`,
      );
      expect(status.kind).not.toBeNull();
    } finally {
      await driver.dispose();
    }
  });
});
