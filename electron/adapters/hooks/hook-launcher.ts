/**
 * Per-launch hook install: when Tower opens Claude Code it writes a settings file for that launch and
 * adds `--settings <file>` to the argv; for Codex it adds `-c notify=[…]`. Nothing in the user's own
 * settings changes. Each launch gets a tag (not a secret) so its hook events map to its terminal.
 */
import { randomBytes } from 'node:crypto';
import { basename, join } from 'node:path';
import type { AgentLaunchPreparer, PreparedLaunch } from '../../core/hooks/launcher';
import { claudeHooksSettings, codexNotifyArgv, writePrivate, type HookConfig } from './hook-command';

/** Prepares agent argv so the agent runs with Tower's hooks. */
export class HookLauncher implements AgentLaunchPreparer {
  constructor(private readonly config: HookConfig) {}

  prepare(command: readonly string[]): Promise<PreparedLaunch> {
    const at = agentIndex(command);
    if (at === null) return Promise.resolve({ command: [...command], launch: null, agent: null });
    const launch = randomBytes(12).toString('base64url');
    const before = command.slice(0, at.index + 1);
    const after = command.slice(at.index + 1);
    if (at.agent === 'claude') {
      const file = join(this.config.dir, `launch-${launch}.json`);
      writePrivate(file, JSON.stringify({ hooks: claudeHooksSettings(this.config, launch) }, null, 2));
      return Promise.resolve({ command: [...before, '--settings', file, ...after], launch, agent: 'claude' });
    }
    // Codex parses the value as TOML: a JSON array of strings is a valid TOML array.
    const notify = `notify=${JSON.stringify(codexNotifyArgv(this.config, launch))}`;
    return Promise.resolve({ command: [...before, '-c', notify, ...after], launch, agent: 'codex' });
  }
}

const AGENTS: Readonly<Record<string, 'claude' | 'codex'>> = {
  claude: 'claude',
  'claude.exe': 'claude',
  codex: 'codex',
};

// The agent binary: argv[0], or the first word after `env [-i] [-u NAME] [NAME=value …]`.
function agentIndex(command: readonly string[]): { index: number; agent: 'claude' | 'codex' } | null {
  let i = 0;
  if (command[0] !== undefined && basename(command[0]) === 'env') {
    i = 1;
    while (i < command.length) {
      const word = command[i] ?? '';
      if (word === '-u') i += 2;
      else if (word === '-i' || word === '-' || /^[A-Za-z_][A-Za-z0-9_]*=/u.test(word)) i += 1;
      else break;
    }
  }
  const word = command[i];
  const agent = word === undefined ? undefined : AGENTS[basename(word)];
  return agent === undefined ? null : { index: i, agent };
}
