/**
 * End to end: a message Tower types into an idle agent (the pool's tasks, Telegram `/send`, broadcast,
 * `tower send`) reaches the model as one user message, with the real Claude Code and Codex in tmux and
 * in node-pty. The agents' input boxes are not plain line editors: Codex treats fast input as a paste
 * and Claude Code shows long text as a pasted block, so Enter must still submit, and the text must
 * arrive whole.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareClaude, type AgentLaunch } from '../agents/claude-agent';
import { prepareCodex } from '../agents/codex-agent';
import { startModelStandIn } from '../agents/model-stand-in';
import { removeLaunchRoot } from '../agents/remove-launch-root';
import { startTower, type TowerUnderTest } from './tower-harness';

const SOCKET = `tower-e2e-typed-${process.pid}`;
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
});

const agents: Record<'claude' | 'codex', (baseUrl: string) => AgentLaunch> = {
  claude: (baseUrl) => prepareClaude({ baseUrl }),
  codex: (baseUrl) => prepareCodex({ baseUrl }),
};

describe('a message typed into an idle agent reaches its model', { timeout: 120_000 }, () => {
  for (const agent of ['claude', 'codex'] as const) {
    for (const provider of ['tmux', 'pty'] as const) {
      it(`${agent} in ${provider}`, async () => {
        const standIn = await startModelStandIn();
        const launch = agents[agent](standIn.url);
        standIn.setScript([{ kind: 'text', text: 'Understood.' }]);
        const env = Object.entries(launch.env).map(([k, v]) => `${k}=${v}`);
        const view = await tower.api.openAgent({
          command: ['env', '-i', ...env, ...launch.command],
          cwd: launch.cwd,
          provider,
          title: `typed-${agent}-${provider}`,
        });
        try {
          await tower.waitFor(view.id, (v) => v.agent?.kind === agent && v.state === 'idle', 60_000);
          // A task as the pool would type it: one line, long enough to be taken for a paste.
          const task = `refactor the parser module (task 7): keep the public API, add tests for empty input, ${'x'.repeat(40)} end`;
          const before = standIn.requests.length;
          await tower.api.sendText({ session: view.id, text: task });
          const deadline = Date.now() + 30_000;
          while (!JSON.stringify(standIn.requests.slice(before).map((r) => r.body)).includes(task)) {
            if (Date.now() > deadline) {
              const screen =
                (await tower.api.getSnapshot()).sessions.find((s) => s.id === view.id)?.tail ?? [];
              throw new Error(`the model never got the message; the screen shows:\n${screen.join('\n')}`);
            }
            await new Promise((r) => setTimeout(r, 100));
          }
          await tower.waitFor(
            view.id,
            (v) => v.state === 'idle' && v.tail.join('\n').includes('Understood.'),
            30_000,
          );
          await new Promise((r) => setTimeout(r, 1_000));
          // One turn: the message was submitted once, not also typed as a second message.
          const turns = standIn.requests
            .slice(before)
            .filter((r) => r.role.endsWith('-main') && JSON.stringify(r.body).includes(task));
          expect(turns).toHaveLength(1);
        } finally {
          await tower.api.closeAgent({ session: view.id }).catch(() => undefined);
          await standIn.close();
          removeLaunchRoot(launch.root);
        }
      });
    }
  }
});
