/**
 * Helpers of the phone end-to-end test: the real Claude Code in tmux, scripted through the model
 * stand-in to ask for one `touch` command.
 */
import { join } from 'node:path';
import type { SessionView } from '../../electron/contract/dto';
import { prepareClaude } from '../agents/claude-agent';
import { startModelStandIn, type ModelStandIn } from '../agents/model-stand-in';
import { removeLaunchRoot } from '../agents/remove-launch-root';
import type { TowerUnderTest } from './tower-harness';

/** Opens the real Claude Code asking to run `touch <marker>`, and waits for its prompt. */
export async function claudeAsking(
  tower: TowerUnderTest,
  standIns: ModelStandIn[],
  stopLater: (() => Promise<void>)[],
  title: string,
): Promise<{ view: SessionView; marker: string; command: string }> {
  const standIn = await startModelStandIn();
  standIns.push(standIn);
  const launch = prepareClaude({ baseUrl: standIn.url, prompt: 'create the marker file' });
  const marker = join(launch.cwd, 'marker');
  const command = `touch ${marker}`;
  standIn.setScript([
    { kind: 'bash', command, description: 'Create the marker file', delayMs: 300 },
    { kind: 'text', text: 'Done.' },
  ]);
  const env = Object.entries(launch.env).map(([k, v]) => `${k}=${v}`);
  const session = await tower.api.openAgent({
    command: ['env', '-i', ...env, ...launch.command],
    cwd: launch.cwd,
    provider: 'tmux',
    title,
  });
  stopLater.push(async () => {
    await tower.api.closeAgent({ session: session.id }).catch(() => undefined);
    removeLaunchRoot(launch.root);
  });
  const view = await tower.waitFor(
    session.id,
    (v) => v.prompt !== null && v.prompt.subject === command,
    90_000,
  );
  return { view, marker, command };
}
