/**
 * Crash test for approvals: the real headless Tower (`electron/headless/main.ts`, its own process)
 * watches a fake Claude Code in real tmux that asks one permission prompt after another. Each
 * iteration starts Tower over the same state directory, waits for the pending approval, answers it
 * over the local API, and `kill -9`s Tower at a random moment of that answer (or before it). At the
 * end a last Tower answers what is left. Then:
 * - no approval is lost: after every restart the prompt showing had a pending approval;
 * - none is typed twice: the agent received exactly one key per prompt, none while no prompt showed;
 * - `tower audit verify` passes on the log Tower was killed over and over while writing.
 * TOWER_KILL9_ITERATIONS sets the number of kills (default 20).
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TowerApi } from '../../electron/contract/api';
import type { ApprovalView } from '../../electron/contract/dto';
import { agentEvents, approvalAgent } from './approval-agent';
import { startTowerProcess, towerEnv, type TowerProcess } from './headless-process';

const ITERATIONS = Number(process.env.TOWER_KILL9_ITERATIONS ?? 20);
const ROOT = join(import.meta.dirname, '..', '..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let dir: string;
let home: string;
let tmuxDir: string;
let socket: string;
let tower: TowerProcess | null = null;
const tally = { kills: 0, killedBeforeAnswer: 0, lost: 0, doubleTyped: 0, prompts: 0, interrupted: 0 };
const phasesAtKill = new Map<string, number>();

const run = promisify(execFile);
const tmux = async (args: string[]) => (await run('tmux', ['-S', socket, ...args])).stdout;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tower-kill9-'));
  home = join(dir, 'home');
  tmuxDir = join(dir, 'tmux');
  const uid = process.getuid?.() ?? 0;
  mkdirSync(join(tmuxDir, `tmux-${uid}`), { recursive: true, mode: 0o700 });
  socket = join(tmuxDir, `tmux-${uid}`, 'kill9');
  mkdirSync(home, { recursive: true });
  // Enforcing policy with no rules: every prompt goes to the owner (the approvals queue).
  writeFileSync(join(home, 'policy.yaml'), 'version: 1\nshadow: false\nrules: []\n');
});

afterAll(async () => {
  await tower?.kill9();
  await tmux(['kill-server']).catch(() => '');
  rmSync(dir, { recursive: true, force: true });
  process.stdout.write(
    `\nkill -9 approvals: ${tally.kills} kills (${tally.killedBeforeAnswer} before the answer was sent), ` +
      `${tally.prompts} prompts answered, ${tally.interrupted} found pending with a restart note, ` +
      `lost ${tally.lost}, double-typed ${tally.doubleTyped}; the answer at each kill: ${JSON.stringify(Object.fromEntries(phasesAtKill))}\n`,
  );
});

/** The pending approval of the prompt the agent shows now, once Tower lists it (null: none came). */
async function pendingApproval(api: TowerApi, timeoutMs = 30_000): Promise<ApprovalView | null> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const snapshot = await api.getSnapshot();
    const pending = snapshot.approvals.filter((a) => a.status === 'pending');
    const events = agentEvents(record);
    const last = events.at(-1);
    const round = last?.event === 'ask' ? last.round : null;
    const item = pending.find(
      (a) => round !== null && a.prompt.subject?.endsWith(`-${String(round).padStart(4, '0')}`),
    );
    if (item) return item;
    await sleep(50);
  }
  return null;
}

/** Where the answer to `fingerprint` was when Tower died: its claim's phase, else its approval's status. */
function stateOf(fingerprint: string): string {
  let text: string;
  try {
    text = readFileSync(join(home, 'state.json'), 'utf8');
  } catch {
    return 'no-state';
  }
  const state = JSON.parse(text) as {
    approvals?: {
      claims?: { fingerprint: string; phase: string }[];
      items?: { view: { fingerprint: string; status: string } }[];
    };
  };
  const claim = state.approvals?.claims?.find((c) => c.fingerprint === fingerprint);
  if (claim) return `claim ${claim.phase}`;
  const item = state.approvals?.items?.filter((i) => i.view.fingerprint === fingerprint).at(-1);
  return item ? `approval ${item.view.status}` : 'nothing saved';
}

/** Resolves once the state file holds a claim for `fingerprint` (polled as fast as the disk allows). */
async function claimOnDisk(fingerprint: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!stateOf(fingerprint).startsWith('claim') && Date.now() < deadline) await sleep(1);
}

let record: string;

describe('kill -9 of Tower at random points of an approval', () => {
  // About 2 s per kill here; generous for a loaded machine and for TOWER_KILL9_ITERATIONS runs.
  it(
    'loses no approval, types none twice, and leaves an audit log that verifies',
    { timeout: 120_000 + ITERATIONS * 10_000 },
    async () => {
      const agent = approvalAgent(dir, 150);
      record = agent.record;
      await tmux(['new-session', '-d', '-x', '120', '-y', '40', '-s', 'kill9', ...agent.argv]);
      const env = towerEnv(home, tmuxDir);

      for (let i = 0; i < ITERATIONS; i++) {
        tower = await startTowerProcess(env);
        const item = await pendingApproval(tower.api);
        if (!item) {
          tally.lost += 1;
          await tmux(['send-keys', '-t', 'kill9', '1']); // unblock the agent so the run goes on
        } else if (item.note) {
          tally.interrupted += 1;
        }
        // Kill somewhere from "before the answer is sent" to "well after it finished" (settle 400 ms,
        // claim, key, confirmation polls); every fourth kill lands the moment the claim reaches the disk.
        const targeted = i % 4 === 3;
        const delay = Math.floor(Math.random() * 1_800) - 300;
        if (item && (targeted || delay >= 0)) {
          void tower.api
            .answerPrompt({
              session: item.session,
              choice: 'approve',
              fingerprint: item.fingerprint,
              channel: 'chaos',
            })
            .catch(() => null);
          await (targeted ? claimOnDisk(item.fingerprint) : sleep(delay));
        } else {
          tally.killedBeforeAnswer += 1;
          await sleep(-delay);
        }
        await tower.kill9();
        tower = null;
        tally.kills += 1;
        const phase = item ? stateOf(item.fingerprint) : 'no approval';
        phasesAtKill.set(phase, (phasesAtKill.get(phase) ?? 0) + 1);
      }

      // A last Tower, never killed, answers whatever is still waiting (a prompt the last kill left).
      tower = await startTowerProcess(env);
      const item = await pendingApproval(tower.api);
      if (!item) tally.lost += 1;
      else {
        if (item.note) tally.interrupted += 1;
        await tower.api.answerPrompt({
          session: item.session,
          choice: 'approve',
          fingerprint: item.fingerprint,
          channel: 'chaos',
        });
      }
      await sleep(1_500); // any stray retype would land by now
      await tower.stop();
      tower = null;

      const events = agentEvents(record);
      const keys = events.filter((e) => e.event === 'key');
      const asked = events.filter((e) => e.event === 'ask').length;
      tally.prompts = keys.filter((e) => e.event === 'key' && e.showing).length;
      tally.doubleTyped = keys.filter((e) => e.event === 'key' && !e.showing).length;
      expect(tally.lost).toBe(0);
      expect(tally.doubleTyped).toBe(0);
      // Every prompt but the one showing now got exactly one key, each a plain "1" (Yes).
      expect(tally.prompts).toBe(asked - 1);
      expect(keys.every((e) => e.event === 'key' && e.bytes === '1')).toBe(true);
      // The run really answered prompts (most kills land after the key; a loaded machine slows answers).
      expect(tally.prompts).toBeGreaterThanOrEqual(Math.floor(ITERATIONS / 5));

      const verify = await new Promise<{ code: number | null; out: string }>((resolve) =>
        execFile(
          process.execPath,
          ['--import', 'tsx', join(ROOT, 'electron/headless/cli.ts'), 'audit', 'verify'],
          { cwd: ROOT, env: { ...env } },
          (error, stdout, stderr) =>
            resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, out: stdout + stderr }),
        ),
      );
      expect(verify.out).toMatch(/hash chain intact/u);
      expect(verify.code).toBe(0);
    },
  );
});
