/**
 * One session of the real Claude Code (against the local model stand-in): each scripted Bash call
 * raises a real permission prompt; Tower's `permission` event is timed against the moment a
 * separate 10 ms poller first saw the prompt on the terminal, then the prompt is approved through
 * the API and the next one comes.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { screenDetector } from '../electron/core/screen-detector';
import { prepareClaude } from '../test/agents/claude-agent';
import { startModelStandIn } from '../test/agents/model-stand-in';
import { startFleet, type Fleet, type Provider } from './fleet';

/** Samples from the real agent. */
export interface RealAgentRun {
  readonly provider: Provider;
  readonly samplesMs: readonly number[];
  readonly missed: number;
}

/** Resolves with the time the prompt first showed on the terminal (polled directly, not via Tower). */
async function firstPromptSeen(fleet: Fleet, provider: Provider, terminalId: string): Promise<number> {
  const driver = fleet.tower.drivers[provider];
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const screen = await driver.readScreen(terminalId).catch(() => null);
    if (screen && screenDetector.detect(screen.lines, { kind: 'claude', version: null }).prompt)
      return Date.now();
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('bench: the real Claude never showed a prompt');
}

/** Runs `prompts` approvals with the real Claude Code in one `provider` terminal. */
export async function measureRealClaude(provider: Provider, prompts: number): Promise<RealAgentRun> {
  const standIn = await startModelStandIn();
  const launch = prepareClaude({ baseUrl: standIn.url, prompt: 'create the marker files' });
  standIn.setScript([
    ...Array.from({ length: prompts }, (_, i) => ({
      kind: 'bash' as const,
      command: `touch ${join(launch.cwd, `marker-${i}`)}`,
      description: `Create marker ${i}`,
      delayMs: 400,
    })),
    { kind: 'text', text: 'Done.' },
  ]);
  const fleet = await startFleet(`claude-${provider}`);
  const samplesMs: number[] = [];
  let missed = 0;
  try {
    const env = Object.entries(launch.env).map(([k, v]) => `${k}=${v}`);
    await fleet.open(provider, 1, () => ['env', '-i', ...env, ...launch.command], launch.cwd);
    const id = fleet.sessions[0] ?? '';
    const terminalId = id.slice(id.indexOf(':') + 1);
    for (let i = 0; i < prompts; i++) {
      const since = Date.now();
      const seen = await firstPromptSeen(fleet, provider, terminalId);
      await fleet.until('the permission event', () =>
        fleet.transitions(id).some((t) => t.state === 'permission' && t.at >= since),
      );
      const event = fleet.transitions(id).find((t) => t.state === 'permission' && t.at >= since);
      if (event) samplesMs.push(Math.max(0, event.at - seen));
      else missed += 1;
      const view = fleet.latest()?.sessions.find((v) => v.id === id);
      await fleet.tower.api.answerPrompt({
        session: id,
        choice: 'approve',
        fingerprint: view?.prompt?.fingerprint,
        channel: 'bench',
      });
      await fleet.until(
        'the prompt to go',
        (s) => s.sessions.find((v) => v.id === id)?.state !== 'permission',
      );
    }
    return { provider, samplesMs, missed };
  } finally {
    await fleet.close();
    await standIn.close();
    await new Promise((r) => setTimeout(r, 300));
    try {
      rmSync(launch.root, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    } catch {
      // Claude still flushing its state as it exits; the temp root is left to the OS
    }
  }
}
