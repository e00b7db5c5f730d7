import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AgentLaunch } from './claude-agent';

/** Options for {@link prepareCodex}. */
export interface CodexAgentOptions {
  /** Stand-in base URL without `/v1`, e.g. `http://127.0.0.1:41234`. */
  readonly baseUrl: string;
  /** Whether the project folder is pre-trusted (false: the directory-trust dialog shows). Default true. */
  readonly trusted?: boolean;
  /** Initial user prompt, passed as the CLI positional argument so tests need not type it. */
  readonly prompt?: string;
  /** Codex 0.169 approval policy (it rejects the older `untrusted`/`on-failure`). Default `on-request`. */
  readonly approvalPolicy?: 'on-request' | 'never';
  /** Sandbox; `read-only` makes every file edit ask (workspace-write auto-applies edits in the project). */
  readonly sandbox?: 'read-only' | 'workspace-write';
  /**
   * Let Codex start its shared app-server daemon (default false: `--no-daemon`). The daemon outlives
   * the TUI (re-parented to init), which would leak processes from tests.
   */
  readonly daemon?: boolean;
  /**
   * Model slug. Default `gpt-5-codex`: not in 0.169's bundled catalog, so Codex warns "Model metadata …
   * not found" (one of the footer's `⚠ 2 warnings`) but offers the classic `tools` array the stand-in
   * scripts. Catalog slugs behave differently: `gpt-5.5` opens a "Meet GPT-6 Sol" upgrade dialog,
   * `gpt-6-sol` sends its tools as `additional_tools` input items the stand-in does not classify.
   */
  readonly model?: string;
  /** Request/stream retries before Codex gives up (default 0, so error captures end quickly). */
  readonly retries?: number;
  /** Make the project a git repository (`git init`); Codex decides some dialogs by it. */
  readonly gitRepo?: boolean;
  /** Existing project folder; default a fresh `<root>/project`. */
  readonly cwd?: string;
}

/** Path of the Codex launcher installed as a devDependency. */
export const CODEX_BIN = resolve(import.meta.dirname, '../../node_modules/.bin/codex');

/** Version the captures and key facts were verified against. */
export const CODEX_VERSION = '0.169.0';

function codexRootBase(): string {
  const base = '/var/tmp';
  return existsSync(base) ? base : tmpdir();
}

const tomlString = (s: string): string => JSON.stringify(s);

/**
 * Prepare an isolated Codex home (CODEX_HOME + HOME in a temp dir) and return how to launch the TUI.
 *
 * The stand-in is a custom model provider speaking the Responses API; update checks, analytics and
 * the login screen are avoided through config.toml and an API-key environment variable.
 */
export function prepareCodex(options: CodexAgentOptions): AgentLaunch {
  // Not under /tmp: Codex refuses to install its PATH helper aliases (apply_patch …) below the temp dir.
  const root = realpathSync(mkdtempSync(join(codexRootBase(), 'tower-codex-')));
  const home = join(root, 'home');
  const codexHome = join(home, '.codex');
  const cwd = options.cwd ?? join(root, 'project');
  mkdirSync(codexHome, { recursive: true });
  mkdirSync(cwd, { recursive: true });
  if (options.gitRepo) execFileSync('git', ['init', '-q', cwd]);

  const config = [
    `model = ${tomlString(options.model ?? 'gpt-5-codex')}`,
    'model_provider = "standin"',
    `approval_policy = ${tomlString(options.approvalPolicy ?? 'on-request')}`,
    `sandbox_mode = ${tomlString(options.sandbox ?? 'workspace-write')}`,
    'check_for_update_on_startup = false',
    '',
    '[model_providers.standin]',
    'name = "Stand-in"',
    `base_url = ${tomlString(`${options.baseUrl}/v1`)}`,
    'wire_api = "responses"',
    'env_key = "STANDIN_API_KEY"',
    // Failing fast keeps error captures from sitting through long retry backoffs.
    `request_max_retries = ${options.retries ?? 0}`,
    `stream_max_retries = ${options.retries ?? 0}`,
    '',
    '[analytics]',
    'enabled = false',
    '',
    '[feedback]',
    'enabled = false',
    '',
    `[projects.${tomlString(cwd)}]`,
    `trust_level = ${tomlString(options.trusted === false ? 'untrusted' : 'trusted')}`,
    '',
  ];
  // An untrusted folder must have no entry at all, or Codex takes the recorded answer and skips the dialog.
  const text =
    options.trusted === false ? config.slice(0, config.indexOf(`[projects.${tomlString(cwd)}]`)) : config;
  writeFileSync(join(codexHome, 'config.toml'), text.join('\n'));

  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/local/bin:/usr/bin:/bin',
    HOME: home,
    TERM: 'xterm-256color',
    LANG: 'C.UTF-8',
    CODEX_HOME: codexHome,
    STANDIN_API_KEY: 'sk-standin',
  };
  const command = [CODEX_BIN];
  if (!options.daemon) command.push('--no-daemon');
  if (options.prompt !== undefined) command.push(options.prompt);
  return { command, env, cwd, root };
}
