/**
 * Detection and wiring of the Mac providers for a composition root: finds out what this Mac has
 * (each answer with a reason, see `provider-plan.ts`) and builds the iTerm2 and Terminal.app
 * drivers, each wrapped so a tab that only shows a tmux session is not a second session.
 */
import { execFile } from 'node:child_process';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { HelperClient } from '../iterm2/helper-client';
import { AppleScriptBackend } from '../iterm2/applescript-backend';
import { ITerm2TerminalDriver } from '../iterm2/iterm2-terminal-driver';
import { PythonBackend } from '../iterm2/python-backend';
import { findITerm2Pythons } from '../iterm2/python-runtime';
import type { HookDecisionSeam } from '../terminal-app/terminal-app-terminal-driver';
import { TerminalAppTerminalDriver } from '../terminal-app/terminal-app-terminal-driver';
import type { OsascriptRunner } from '../terminal-app/osascript-runner';
import { ExecOsascriptRunner } from '../terminal-app/osascript-runner';
import { TerminalAppArgv } from '../terminal-app/terminal-app-argv';
import { HostingFilterDriver } from './hosting-filter-driver';
import type { ProviderFacts } from './provider-plan';
import { tmuxClients } from './tmux-clients';

/** What the Mac wiring needs. */
export interface MacProviderOptions {
  /** Absolute path of `native-scripts` (dev: the repo's; packaged: under `process.resourcesPath`). */
  readonly nativeScriptsDir: string;
  readonly home?: string;
  readonly runner?: OsascriptRunner;
  readonly platform?: NodeJS.Platform;
  /** Owner setting: System Events keystrokes into Terminal.app. Off unless it returns true. */
  readonly terminalKeystrokesEnabled?: () => boolean;
  readonly hookDecisions?: HookDecisionSeam;
  /** Whether Tower's tmux provider is listing panes now. */
  readonly tmuxAvailable: () => Promise<boolean>;
}

/** Whether an app runs, without launching it (`app-running.applescript`); null when unknown. */
export async function appRunning(
  runner: OsascriptRunner,
  scriptsDir: string,
  bundleId: string,
): Promise<boolean | null> {
  try {
    const argv = new TerminalAppArgv(join(scriptsDir, 'applescript')).appRunning(bundleId);
    return (await runner.run(argv, { timeoutMs: 10_000 })) === 'true';
  } catch {
    return null;
  }
}

/** iTerm2's `EnableAPIServer` default; null when it cannot be read. */
export function iterm2ApiEnabled(): Promise<boolean | null> {
  return new Promise((resolve) => {
    execFile(
      '/usr/bin/defaults',
      ['read', 'com.googlecode.iterm2', 'EnableAPIServer'],
      { encoding: 'utf8', timeout: 5_000 },
      (error, stdout) => resolve(error ? null : stdout.trim() === '1'),
    );
  });
}

/** The Mac half of {@link ProviderFacts}. */
export async function detectMacFacts(
  options: MacProviderOptions,
): Promise<
  Pick<
    ProviderFacts,
    'platform' | 'iterm2Running' | 'iterm2Python' | 'iterm2ApiEnabled' | 'terminalAppRunning'
  >
> {
  const platform = options.platform ?? process.platform;
  if (platform !== 'darwin') {
    return {
      platform,
      iterm2Running: null,
      iterm2Python: null,
      iterm2ApiEnabled: null,
      terminalAppRunning: null,
    };
  }
  const runner = options.runner ?? new ExecOsascriptRunner();
  const [iterm2Running, terminalAppRunning, apiEnabled] = await Promise.all([
    appRunning(runner, options.nativeScriptsDir, 'com.googlecode.iterm2'),
    appRunning(runner, options.nativeScriptsDir, 'com.apple.Terminal'),
    iterm2ApiEnabled(),
  ]);
  return {
    platform,
    iterm2Running,
    terminalAppRunning,
    iterm2ApiEnabled: apiEnabled,
    iterm2Python: findITerm2Pythons(options.home ?? homedir())[0] ?? null,
  };
}

/** The iTerm2 and Terminal.app drivers, in chain order, ready for the Supervisor. */
export function createMacTerminalDrivers(options: MacProviderOptions) {
  const runner = options.runner ?? new ExecOsascriptRunner();
  const appleScriptDir = join(options.nativeScriptsDir, 'applescript');
  const python = findITerm2Pythons(options.home ?? homedir())[0] ?? null;
  const helperPath = join(options.nativeScriptsDir, 'iterm2', 'tower_iterm2_helper.py');
  const iterm2 = new ITerm2TerminalDriver({
    ...(python
      ? {
          startPython: async () => {
            if ((await iterm2ApiEnabled()) === false)
              throw new Error('the Python API is off in iTerm2 settings');
            return new PythonBackend(await HelperClient.start({ python, helperPath }));
          },
        }
      : {}),
    appleScript: () => new AppleScriptBackend({ runner, appleScriptDir }),
    isRunning: async () =>
      (await appRunning(runner, options.nativeScriptsDir, 'com.googlecode.iterm2')) === true,
    ...(options.platform ? { platform: options.platform } : {}),
  });
  const terminalApp = new TerminalAppTerminalDriver({
    runner,
    appleScriptDir,
    ...(options.terminalKeystrokesEnabled ? { keystrokesEnabled: options.terminalKeystrokesEnabled } : {}),
    ...(options.hookDecisions ? { hookDecisions: options.hookDecisions } : {}),
    ...(options.platform ? { platform: options.platform } : {}),
  });
  const tmuxView = async () => {
    const available = await options.tmuxAvailable();
    return { available, clients: available ? await tmuxClients() : null };
  };
  return {
    iterm2,
    terminalApp,
    drivers: [new HostingFilterDriver(iterm2, tmuxView), new HostingFilterDriver(terminalApp, tmuxView)],
  };
}
