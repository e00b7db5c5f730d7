import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { settle, waitForScreen } from './capture-kit';
import { prepareClaude } from './claude-agent';
import type { AgentLaunch } from './claude-agent';
import { prepareCodex } from './codex-agent';
import { startModelStandIn } from './model-stand-in';
import type { ScriptStep } from './model-stand-in';
import { killServer, openPane } from './tmux-pane';
import type { TmuxPane } from './tmux-pane';
import { removeLaunchRoot } from './remove-launch-root';

const SOCKET = `tower-agents-test-${process.pid}`;
const hasTmux = ((): boolean => {
  try {
    execFileSync('tmux', ['-V']);
    return true;
  } catch {
    return false;
  }
})();

type Prepare = (baseUrl: string) => AgentLaunch;

/** Launch an agent against a scripted stand-in, run `body`, always clean up. */
async function withAgent(
  name: string,
  prepare: Prepare,
  script: (cwd: string) => ScriptStep[],
  body: (pane: TmuxPane, cwd: string) => Promise<void>,
): Promise<void> {
  const standIn = await startModelStandIn();
  const launch = prepare(standIn.url);
  standIn.setScript(script(launch.cwd));
  const pane = await openPane(SOCKET, name, launch);
  try {
    await body(pane, launch.cwd);
    // The tool result must have reached the model: the agent really ran (or refused) the call.
    expect(standIn.requests.filter((r) => r.role.endsWith('-main')).length).toBeGreaterThanOrEqual(1);
  } finally {
    await pane.kill();
    await standIn.close();
    removeLaunchRoot(launch.root);
  }
}

const touch = (cwd: string): ScriptStep[] => [
  { kind: 'bash', command: `touch ${join(cwd, 'marker')}`, description: 'Create the marker file' },
  { kind: 'text', text: 'Done.' },
];

/**
 * Codex draws its exec dialog over several frames and reads keys only once it is up: a key sent on
 * the first frame (a lone Escape most of all, which the terminal library holds back to see whether
 * a sequence follows) can be lost on a loaded machine. Wait for the whole dialog, footer included,
 * and for the screen to stop changing.
 */
async function codexDialogReady(pane: TmuxPane): Promise<void> {
  await waitForScreen(
    pane,
    /Would you like to run the following command\?[\s\S]*Press enter to confirm/,
    30_000,
  );
  await settle(pane, 500, 10_000);
}

const claude: Prepare = (baseUrl) => prepareClaude({ baseUrl, prompt: 'create the marker' });
const codex: Prepare = (baseUrl) => prepareCodex({ baseUrl, prompt: 'create the marker' });

describe.skipIf(!hasTmux)('real agents against the stand-in (tmux)', { timeout: 90_000 }, () => {
  afterAll(() => killServer(SOCKET));

  it('Claude: 1 approves the Bash prompt, the command runs, the agent ends idle', async () => {
    await withAgent('claude-approve', claude, touch, async (pane, cwd) => {
      await waitForScreen(pane, /Do you want to proceed\?/, 30_000);
      await pane.keys('1');
      await waitForScreen(pane, /● Done\.[\s\S]*manual mode on/, 30_000);
      expect(existsSync(join(cwd, 'marker'))).toBe(true);
    });
  });

  it('Claude: Escape denies, the command does not run', async () => {
    await withAgent('claude-deny', claude, touch, async (pane, cwd) => {
      await waitForScreen(pane, /Do you want to proceed\?/, 30_000);
      await pane.keys('Escape');
      await waitForScreen(pane, /What should Claude do instead\?[\s\S]*manual mode on/, 30_000);
      expect(existsSync(join(cwd, 'marker'))).toBe(false);
    });
  });

  it('Codex: y approves the exec prompt, the command runs, the agent ends idle', async () => {
    await withAgent('codex-approve', codex, touch, async (pane, cwd) => {
      await codexDialogReady(pane);
      await pane.keys('y');
      await waitForScreen(pane, /• Done\.[\s\S]*\? for shortcuts/, 30_000);
      expect(existsSync(join(cwd, 'marker'))).toBe(true);
    });
  });

  it('Codex: Escape declines, the command does not run', async () => {
    await withAgent('codex-deny', codex, touch, async (pane, cwd) => {
      await codexDialogReady(pane);
      await pane.keys('Escape');
      await waitForScreen(pane, /You canceled the request[\s\S]*\? for shortcuts/, 30_000);
      expect(existsSync(join(cwd, 'marker'))).toBe(false);
    });
  });
});
