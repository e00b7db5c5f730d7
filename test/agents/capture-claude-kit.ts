/** What both Claude capture scripts share: the tmux socket, the screens waited for, the saver. */
import { CLAUDE_VERSION, prepareClaude } from './claude-agent';
import type { ClaudeAgentOptions } from './claude-agent';
import { fixtureSaver, withAgent } from './capture-kit';
import type { SceneRun } from './capture-kit';
import type { ScriptStep } from './model-stand-in';

export const SOCKET = 'tower-capture-claude';
export const IDLE = /manual mode on/;
export const PROCEED = /Do you want to proceed\?/;

export const save = fixtureSaver('claude', CLAUDE_VERSION);

export const withClaude = (
  name: string,
  script: readonly ScriptStep[],
  options: Omit<ClaudeAgentOptions, 'baseUrl'>,
  body: (run: SceneRun) => Promise<void>,
  extraEnv: Record<string, string> = {},
): Promise<void> =>
  withAgent(SOCKET, name, script, (baseUrl) => prepareClaude({ ...options, baseUrl }), body, extraEnv);

export const bashDetail = (cmd: string): string =>
  `tool=Bash; command=${cmd}; options 1. Yes / 2. Yes, and … (wording varies) / 3. No; verified keys: '1' approves instantly (no Enter), Esc denies ('Interrupted · What should Claude do instead?')`;

/** A path of about 250 characters with no space in it, under `root`. */
export const longPath = (root: string): string =>
  `${root}/${Array.from({ length: 6 }, (_, i) => `nested-directory-${i + 1}-with-a-long-name`).join('/')}`;
