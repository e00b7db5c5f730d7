import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AgentLaunch } from './claude-agent';
import { startModelStandIn } from './model-stand-in';
import type { ModelStandIn, ScriptStep } from './model-stand-in';
import { openPane } from './tmux-pane';
import type { TmuxPane } from './tmux-pane';
import { removeLaunchRoot } from './remove-launch-root';

/** Where captured fixtures go (the detection team's fixture folder). */
export const CAPTURED_DIR = resolve(import.meta.dirname, '../../electron/core/detection/fixtures/captured');

/** Fixed capture date written into every header (the day these were taken). */
export const CAPTURE_DATE = '2026-11-22';

/** Header fields of one fixture file, in the order they are written. */
export interface FixtureHeader {
  readonly agent: 'claude' | 'codex';
  readonly version: string;
  readonly expected: 'working' | 'idle' | 'permission' | 'question' | 'error' | 'stalled';
  readonly detail: string;
  readonly note?: string;
  readonly cols?: number;
  readonly rows?: number;
}

/**
 * Write `<name>.txt` in the fixture format of /work/shared/reference/screens: `# key: value` headers,
 * then the screen with trailing blanks trimmed.
 */
export function writeFixture(
  name: string,
  header: FixtureHeader,
  screen: string,
  dir = CAPTURED_DIR,
): string {
  mkdirSync(dir, { recursive: true });
  const size = `${header.cols ?? 120}x${header.rows ?? 40}`;
  const lines = [
    `# source: captured from ${header.agent} ${header.version} in tmux ${size} on ${CAPTURE_DATE} (test/agents stand-in)`,
    `# agent: ${header.agent} ${header.version}`,
    `# expected: ${header.expected}`,
    `# detail: ${header.detail}`,
  ];
  if (header.note) lines.push(`# note: ${header.note}`);
  const body = screen
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .trimEnd();
  const path = join(dir, `${name}.txt`);
  writeFileSync(path, `${lines.join('\n')}\n${body}\n`);
  return path;
}

/**
 * Poll the pane until its screen matches `pattern`; returns that screen.
 *
 * Throws with the last screen on timeout so a failed run shows what the agent was doing.
 */
export async function waitForScreen(pane: TmuxPane, pattern: RegExp, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let screen = '';
  while (Date.now() < deadline) {
    screen = await pane.capture();
    if (pattern.test(screen)) return screen;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`timed out waiting for ${String(pattern)}; last screen:\n${screen}`);
}

/** Wait until the screen stops changing for `quietMs` (spinners excluded by the caller's choice). */
export async function settle(pane: TmuxPane, quietMs = 800, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = await pane.capture();
  let since = Date.now();
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    const now = await pane.capture();
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) {
      return now;
    }
  }
  return last;
}

/** Fixture header without the agent fields a saver fills in. */
export type SceneHeader = Omit<FixtureHeader, 'agent' | 'version'>;

/** A saver bound to one agent and version: `save(name, header, screen)` writes and logs the fixture. */
export function fixtureSaver(
  agent: FixtureHeader['agent'],
  version: string,
): (name: string, header: SceneHeader, screen: string) => void {
  return (name, header, screen) => {
    const path = writeFixture(name, { agent, version, ...header }, screen);
    process.stdout.write(`captured ${path}\n`);
  };
}

/** What a capture scenario gets: the agent's pane, its stand-in and its project folder. */
export interface SceneRun {
  readonly pane: TmuxPane;
  readonly standIn: ModelStandIn;
  readonly cwd: string;
}

/**
 * Run one scenario: start a stand-in with `script`, launch the agent in a tmux pane on `socket`,
 * run `body`, then always kill the pane, stop the stand-in and delete the temp home. A failing
 * scenario is reported and does not stop the others.
 */
export async function withAgent(
  socket: string,
  name: string,
  script: readonly ScriptStep[],
  prepare: (baseUrl: string) => AgentLaunch,
  body: (run: SceneRun) => Promise<void>,
  extraEnv: Record<string, string> = {},
): Promise<void> {
  const standIn = await startModelStandIn({ script });
  const launch = prepare(standIn.url);
  const pane = await openPane(socket, name, { ...launch, env: { ...launch.env, ...extraEnv } });
  try {
    await body({ pane, standIn, cwd: launch.cwd });
  } catch (err) {
    process.stderr.write(`scenario ${name} failed: ${String(err)}\n`);
  } finally {
    await pane.kill();
    await standIn.close();
    removeLaunchRoot(launch.root);
  }
}

/** Sleep helper for scenarios. */
export const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
