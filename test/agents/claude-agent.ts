import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** How to start a real agent in a terminal: argv, full environment, working directory. */
export interface AgentLaunch {
  readonly command: string[];
  readonly env: Record<string, string>;
  readonly cwd: string;
  /** Temp root holding the isolated config home and the project folder (delete when done). */
  readonly root: string;
}

/** Options for {@link prepareClaude}. */
export interface ClaudeAgentOptions {
  /** Stand-in base URL without `/v1`, e.g. `http://127.0.0.1:41234`. */
  readonly baseUrl: string;
  /** Whether the project folder is pre-trusted (false: the workspace-trust dialog shows). Default true. */
  readonly trusted?: boolean;
  /** Initial user prompt, passed as the CLI positional argument so tests need not type it. */
  readonly prompt?: string;
  /** Permission mode; `default` asks before Bash and edits. */
  readonly permissionMode?: 'default' | 'acceptEdits' | 'plan';
  /**
   * Keep 2.1.330's "auto mode" offers (an extra `switch to auto mode` option in permission prompts and a
   * "Make auto mode your default permission mode?" dialog after approvals). Default false: disabled via
   * `permissions.disableAutoMode`, so a test's approval is not followed by a surprise dialog.
   */
  readonly autoMode?: boolean;
  /** Existing project folder; default a fresh `<root>/project`. */
  readonly cwd?: string;
}

/** Path of the Claude Code binary installed as a devDependency. */
export const CLAUDE_BIN = resolve(import.meta.dirname, '../../node_modules/.bin/claude');

/** Version the captures and key facts were verified against. */
export const CLAUDE_VERSION = '2.1.330';

// A fake key: the stand-in ignores it, but Claude Code needs one and asks once to approve a custom key.
const FAKE_API_KEY = 'sk-ant-api03-standin-000000000000000000000000000000000000000000';

/**
 * Prepare an isolated Claude Code home in a temp dir and return how to launch the interactive TUI.
 *
 * Never touches the real ~/.claude: HOME and CLAUDE_CONFIG_DIR both point into the temp root.
 * Onboarding, theme picker, API-key approval and (optionally) folder trust are pre-answered.
 */
export function prepareClaude(options: ClaudeAgentOptions): AgentLaunch {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'tower-claude-')));
  const home = join(root, 'home');
  const configDir = join(home, '.claude');
  const cwd = options.cwd ?? join(root, 'project');
  mkdirSync(configDir, { recursive: true });
  mkdirSync(cwd, { recursive: true });

  const project = {
    allowedTools: [],
    hasTrustDialogAccepted: options.trusted ?? true,
    hasCompletedProjectOnboarding: true,
    projectOnboardingSeenCount: 1,
  };
  const globalConfig = {
    hasCompletedOnboarding: true,
    lastOnboardingVersion: CLAUDE_VERSION,
    lastReleaseNotesSeen: CLAUDE_VERSION,
    theme: 'dark',
    autoUpdates: false,
    // Claude Code remembers approved keys by their last 20 characters.
    customApiKeyResponses: { approved: [FAKE_API_KEY.slice(-20)], rejected: [] },
    projects: { [cwd]: project },
  };
  writeFileSync(join(configDir, '.claude.json'), JSON.stringify(globalConfig, null, 2));
  const settings = {
    permissions: {
      defaultMode: options.permissionMode ?? 'default',
      ...(options.autoMode ? {} : { disableAutoMode: 'disable' }),
    },
    feedbackSurveyRate: 0,
    autoUpdates: false,
  };
  writeFileSync(join(configDir, 'settings.json'), JSON.stringify(settings, null, 2));

  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    TERM: 'xterm-256color',
    LANG: 'C.UTF-8',
    CLAUDE_CONFIG_DIR: configDir,
    ANTHROPIC_BASE_URL: options.baseUrl,
    ANTHROPIC_API_KEY: FAKE_API_KEY,
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_AUTOUPDATER: '1',
    DISABLE_TELEMETRY: '1',
    DISABLE_ERROR_REPORTING: '1',
    CLAUDE_CODE_DISABLE_FEEDBACK_SURVEY: '1',
    // Classic renderer in the normal screen, so capture-pane sees what the reference fixtures show.
    CLAUDE_CODE_DISABLE_ALTERNATE_SCREEN: '1',
  };
  const command = [CLAUDE_BIN];
  if (options.prompt !== undefined) command.push(options.prompt);
  return { command, env, cwd, root };
}
