/**
 * End to end with the real agents: Claude Code and Codex run in a real tmux pane and in a real
 * node-pty terminal, against the local model stand-in that scripts one Bash tool call. Tower must
 * see working → permission (right tool, exact command) → an approval through the HTTP API → the
 * command really ran → idle; and on deny, the command must not run.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionView } from '../../electron/contract/dto';
import { screenDetector } from '../../electron/core/screen-detector';
import { prepareClaude, type AgentLaunch } from '../agents/claude-agent';
import { prepareCodex } from '../agents/codex-agent';
import { startModelStandIn, type ModelStandIn } from '../agents/model-stand-in';
import { startTower, type TowerUnderTest } from './tower-harness';
import { removeLaunchRoot } from '../agents/remove-launch-root';

const SOCKET = `tower-e2e-${process.pid}`;
const latencies: { name: string; ms: number }[] = [];

type AgentName = 'claude' | 'codex';
type Provider = 'tmux' | 'pty';

const prepare: Record<AgentName, (baseUrl: string) => AgentLaunch> = {
  claude: (baseUrl) => prepareClaude({ baseUrl, prompt: 'create the marker file' }),
  codex: (baseUrl) => prepareCodex({ baseUrl, prompt: 'create the marker file' }),
};

let tower: TowerUnderTest;

beforeAll(async () => {
  tower = await startTower(SOCKET);
});

afterAll(async () => {
  await tower.stop();
  try {
    execFileSync('tmux', ['-L', SOCKET, 'kill-server'], { stdio: 'ignore' });
  } catch {
    // already gone
  }
  if (latencies.length > 0) {
    const sorted = latencies.map((l) => l.ms).sort((a, b) => a - b);
    const p50 = sorted[Math.floor(sorted.length / 2)];
    process.stdout.write(
      `\nprompt on screen → permission state event (ms): ${latencies.map((l) => `${l.name}=${l.ms}`).join(', ')}; ` +
        `p50=${p50} max=${sorted.at(-1)}\n`,
    );
  }
});

/** Polls the terminal directly (not through Tower) to time when the prompt first shows. */
function watchForPrompt(
  provider: Provider,
  terminalId: string,
): { firstSeen: () => number | null; stop: () => void } {
  let first: number | null = null;
  let stopped = false;
  const driver = tower.drivers[provider];
  void (async () => {
    while (!stopped && first === null) {
      const screen = await driver.readScreen(terminalId).catch(() => null);
      if (screen && screenDetector.detect(screen.lines, { kind: null, version: null }).prompt)
        first = Date.now();
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  return { firstSeen: () => first, stop: () => (stopped = true) };
}

async function runScenario(agent: AgentName, provider: Provider, choice: 'approve' | 'deny'): Promise<void> {
  const standIn: ModelStandIn = await startModelStandIn();
  const launch = prepare[agent](standIn.url);
  const marker = join(launch.cwd, 'marker');
  const command = `touch ${marker}`;
  standIn.setScript([
    { kind: 'bash', command, description: 'Create the marker file', delayMs: 600 },
    { kind: 'text', text: 'Done.' },
  ]);
  const env = Object.entries(launch.env).map(([k, v]) => `${k}=${v}`);
  let session: SessionView | null = null;
  try {
    session = await tower.api.openAgent({
      command: ['env', '-i', ...env, ...launch.command],
      cwd: launch.cwd,
      provider,
      title: `${agent}-${choice}`,
    });
    const id = session.id;
    const watcher = watchForPrompt(provider, session.terminalId);

    await tower.waitFor(id, (v) => v.agent?.kind === agent && v.state === 'working');
    const asking = await tower.waitFor(id, (v) => v.state === 'permission');
    watcher.stop();
    const firstSeen = watcher.firstSeen();
    const event = tower.history(id).find((h) => h.view.state === 'permission');
    if (firstSeen !== null && event)
      latencies.push({ name: `${agent}/${provider}`, ms: Math.max(0, event.at - firstSeen) });

    expect(asking.agent?.kind).toBe(agent);
    expect(asking.prompt?.tool?.toLowerCase()).toMatch(/bash|shell|exec|command/);
    expect(asking.prompt?.subject).toContain(command);
    expect(existsSync(marker)).toBe(false);

    const outcome = await tower.api.answerPrompt({
      session: id,
      choice,
      fingerprint: asking.prompt?.fingerprint,
      channel: 'e2e',
    });
    expect(outcome).toMatchObject({ kind: 'delivered', confirmed: true });

    if (choice === 'approve') {
      await waitUntil(() => existsSync(marker), 30_000, 'the approved command to run');
      await tower.waitFor(id, (v) => v.state === 'idle', 60_000);
    } else {
      await tower.waitFor(id, (v) => v.state === 'idle', 60_000);
      await new Promise((r) => setTimeout(r, 1_000));
      expect(existsSync(marker)).toBe(false);
    }
    const states = tower.history(id).map((h) => h.view.state);
    expect(states).toContain('working');
    expect(states.indexOf('permission')).toBeGreaterThan(states.indexOf('working'));

    // A second answer to the same prompt types nothing.
    await expect(
      tower.api.answerPrompt({
        session: id,
        choice,
        fingerprint: asking.prompt?.fingerprint,
        channel: 'e2e-replay',
      }),
    ).rejects.toThrow();
    const audit = readFileSync(tower.auditPath, 'utf8');
    expect(audit).toContain(`"kind":"answer"`);
    expect(audit).toContain(asking.prompt?.fingerprint ?? 'missing');
  } finally {
    if (session) await tower.api.closeAgent({ session: session.id }).catch(() => undefined);
    await standIn.close();
    await new Promise((r) => setTimeout(r, 300));
    try {
      removeLaunchRoot(launch.root);
    } catch {
      // an agent still flushing its state as it exits; the temp root is left to the OS
    }
  }
}

async function waitUntil(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

for (const agent of ['claude', 'codex'] as const) {
  for (const provider of ['tmux', 'pty'] as const) {
    describe(`${agent} in ${provider}`, () => {
      it('approve through the API: working → permission → the command runs → idle', () =>
        runScenario(agent, provider, 'approve'));
      it('deny through the API: the command does not run', () => runScenario(agent, provider, 'deny'));
    });
  }
}
