/**
 * Policy auto-approve with the real Claude Code in tmux: a policy allows `touch`, each scripted Bash
 * call raises a real prompt, and a separate 10 ms poller times prompt on screen → prompt gone (Tower
 * saw it, the policy allowed it, the key was typed, Claude moved on).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { compilePolicy } from '../electron/core/policy/compile';
import type { PolicyProvider } from '../electron/core/policy/types';
import { screenDetector } from '../electron/core/screen-detector';
import { prepareClaude } from '../test/agents/claude-agent';
import { startModelStandIn } from '../test/agents/model-stand-in';
import { startFleet } from './fleet';

const POLICY: PolicyProvider = {
  current: () =>
    compilePolicy(
      {
        version: 1,
        shadow: false,
        default: 'ask',
        max_auto_per_minute: 60,
        rules: [{ id: 'bench-touch', decision: 'allow', commands: ['touch'] }],
      },
      'bench policy',
    ),
  home: null,
  protectedPaths: [],
};

/** prompt shown → prompt gone, per prompt (ms), and prompts that were never answered. */
export interface AutoApproveRun {
  readonly samplesMs: readonly number[];
  readonly missed: number;
}

/** Runs `prompts` auto-approved Bash calls of the real Claude Code in one tmux pane. */
export async function measureAutoApprove(prompts: number): Promise<AutoApproveRun> {
  const standIn = await startModelStandIn();
  const launch = prepareClaude({ baseUrl: standIn.url, prompt: 'create the marker files' });
  standIn.setScript([
    ...Array.from({ length: prompts }, (_, i) => ({
      kind: 'bash' as const,
      command: `touch ${join(launch.cwd, `auto-${i}`)}`,
      description: `Create marker ${i}`,
      delayMs: 400,
    })),
    { kind: 'text', text: 'Done.' },
  ]);
  const fleet = await startFleet('auto', true, POLICY);
  const samplesMs: number[] = [];
  let missed = 0;
  try {
    const env = Object.entries(launch.env).map(([k, v]) => `${k}=${v}`);
    await fleet.open('tmux', 1, () => ['env', '-i', ...env, ...launch.command], launch.cwd);
    const id = fleet.sessions[0] ?? '';
    const terminalId = id.slice(id.indexOf(':') + 1);
    const driver = fleet.tower.drivers.tmux;
    let shown: number | null = null;
    const deadline = Date.now() + 30_000 + prompts * 10_000;
    while (samplesMs.length + missed < prompts && Date.now() < deadline) {
      const screen = await driver.readScreen(terminalId).catch(() => null);
      const prompt = screen
        ? screenDetector.detect(screen.lines, { kind: 'claude', version: null }).prompt
        : null;
      const now = Date.now();
      if (prompt && shown === null) shown = now;
      if (!prompt && shown !== null) {
        samplesMs.push(now - shown);
        shown = null;
      }
      if (shown !== null && now - shown > 10_000) {
        missed += 1; // never answered: the policy did not fire
        await fleet.tower.api.answerPrompt({ session: id, choice: 'approve' }).catch(() => undefined);
        shown = null;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    return { samplesMs, missed };
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
