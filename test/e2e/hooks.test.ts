/**
 * End to end: Claude Code hooks with the REAL Claude Code in tmux (against the model stand-in).
 * Tower opens the agent with a per-launch `--settings` file; the hook command posts each event to
 * Tower's `/hooks/claude` route with the secret from a 0600 file.
 *
 * - policy allows `ls`: answered through the hook's structured decision, no keystroke typed, the
 *   command really runs;
 * - policy asks for `rm`: the hook returns no decision, the dialog shows in the snapshot and the owner
 *   answers it there;
 * - Tower's hook endpoint down (refused, or hanging): the hook gives no decision within its bound,
 *   Claude shows its own dialog, and Tower does not auto-approve that screen prompt (no hook request).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planHookConfig, writeHookConfig, type HookConfig } from '../../electron/adapters/hooks/hook-command';
import { HookLauncher } from '../../electron/adapters/hooks/hook-launcher';
import { matchTerminal } from '../../electron/adapters/hooks/terminal-match';
import { installUserHooks } from '../../electron/adapters/hooks/user-settings';
import type { PolicyDocument } from '../../electron/contract/policy';
import { compilePolicy } from '../../electron/core/policy/compile';
import type { Policy, PolicyProvider } from '../../electron/core/policy/types';
import { screenDetector } from '../../electron/core/screen-detector';
import { prepareClaude, type AgentLaunch } from '../agents/claude-agent';
import { prepareCodex } from '../agents/codex-agent';
import { openPane } from '../agents/tmux-pane';
import { startModelStandIn, type ModelStandIn, type ScriptStep } from '../agents/model-stand-in';
import { eventually } from './telegram-rig';
import { startTower, type TowerUnderTest } from './tower-harness';

const SOCKET = `tower-e2e-hooks-${process.pid}`;
const provider: PolicyProvider & { policy: Policy } = {
  policy: compilePolicy(
    { version: 1, shadow: false, default: 'ask', max_auto_per_minute: 20, rules: [] },
    'none',
  ),
  current() {
    return this.policy;
  },
  home: null,
  protectedPaths: [],
};
const rejected: { status: number; reason: string }[] = [];
const measured: string[] = [];
let tower: TowerUnderTest;
let config: HookConfig;

beforeAll(async () => {
  config = planHookConfig(join(mkdtempSync(join(tmpdir(), 'tower-e2e-hooks-')), 'hooks'));
  tower = await startTower(SOCKET, {
    policy: provider,
    hooks: {
      wiring: {
        launcher: new HookLauncher(config),
        matchTerminal,
      },
      endpoint: (supervisor) => ({
        secret: config.secret,
        handle: (source, body) => supervisor.hooks.handle(source, body),
        rejected: (why) => void rejected.push(why),
      }),
    },
  });
  writeHookConfig(config, tower.server.url);
});

afterAll(async () => {
  await tower.stop();
  rmSync(dirname(config.dir), { recursive: true, force: true });
  try {
    execFileSync('tmux', ['-L', SOCKET, 'kill-server'], { stdio: 'ignore' });
  } catch {
    // already gone
  }
  process.stdout.write(`\n${measured.join('\n')}\n`);
});

function usePolicy(rules: PolicyDocument['rules']): void {
  provider.policy = compilePolicy(
    { version: 1, default: 'ask', max_auto_per_minute: 20, shadow: false, rules },
    'e2e hooks policy',
  );
}

interface Running {
  readonly id: string;
  readonly terminalId: string;
  readonly launch: AgentLaunch;
  readonly standIn: ModelStandIn;
  close(): Promise<void>;
}

async function launch(
  steps: readonly ScriptStep[],
  setup?: (cwd: string) => void,
  agent: 'claude' | 'codex' = 'claude',
): Promise<Running> {
  const standIn = await startModelStandIn();
  const prepare = agent === 'claude' ? prepareClaude : prepareCodex;
  const agentLaunch = prepare({ baseUrl: standIn.url, prompt: 'do the task' });
  setup?.(agentLaunch.cwd);
  standIn.setScript(steps);
  const env = Object.entries(agentLaunch.env).map(([k, v]) => `${k}=${v}`);
  const view = await tower.api.openAgent({
    command: ['env', '-i', ...env, ...agentLaunch.command],
    cwd: agentLaunch.cwd,
    provider: 'tmux',
    title: `hooks-${agent}`,
  });
  return {
    id: view.id,
    terminalId: view.terminalId,
    launch: agentLaunch,
    standIn,
    close: async () => {
      await tower.api.closeAgent({ session: view.id }).catch(() => undefined);
      await standIn.close();
      await new Promise((r) => setTimeout(r, 300));
      rmSync(agentLaunch.root, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    },
  };
}

interface AuditLine {
  readonly at: number;
  readonly kind: string;
  readonly session?: string;
  readonly channel?: string;
  readonly detail: Record<string, unknown>;
}

function audit(sessionId: string): AuditLine[] {
  return readFileSync(tower.auditPath, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as AuditLine)
    .filter((r) => r.session === sessionId);
}

/** Watches the pane directly (not through Tower): when a dialog first shows, and when it is gone. */
function watchDialog(terminalId: string) {
  let shown: number | null = null;
  let gone: number | null = null;
  let stopped = false;
  void (async () => {
    while (!stopped && gone === null) {
      const screen = await tower.drivers.tmux.readScreen(terminalId).catch(() => null);
      const prompt = screen
        ? screenDetector.detect(screen.lines, { kind: null, version: null }).prompt
        : null;
      if (prompt && shown === null) shown = Date.now();
      if (!prompt && shown !== null) gone = Date.now();
      await new Promise((r) => setTimeout(r, 10));
    }
  })();
  return { shown: () => shown, gone: () => gone, stop: () => (stopped = true) };
}

// The owner answers what is showing now (Claude may redraw its dialog under load; the fingerprint follows).
async function currentFingerprint(sessionId: string): Promise<string | undefined> {
  const view = (await tower.api.getSnapshot()).sessions.find((v) => v.id === sessionId);
  expect(view?.state).toBe('permission');
  return view?.prompt?.fingerprint;
}

const screenText = async (terminalId: string) =>
  (await tower.drivers.tmux.readScreen(terminalId)).lines.join('\n');

describe('Claude Code hooks with the real Claude Code in tmux', () => {
  it('allow: policy allows ls, answered through the hook, no keystroke typed, the command runs', async () => {
    usePolicy([{ id: 'e2e-list', decision: 'allow', commands: ['ls'] }]);
    const run = await launch([
      // Outside the project, so Claude Code asks (it lists inside the project without asking).
      { kind: 'bash', command: 'ls -la /etc', description: 'List /etc', delayMs: 400 },
      { kind: 'text', text: 'Listed.' },
    ]);
    try {
      const watcher = watchDialog(run.terminalId);
      // While the agent runs, nothing on any argv carries the hook secret (ps shows argv to every user).
      await tower.waitFor(run.id, (v) => v.evidence.some((e) => e.startsWith('hook: ')), 60_000);
      expect(execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' })).not.toContain(config.secret);
      await eventually(() => run.standIn.remaining().length === 0, 'the script to be played', 60_000);
      await tower.waitFor(run.id, (v) => v.state === 'idle', 60_000);
      watcher.stop();
      const records = audit(run.id);
      const hook = records.filter((r) => r.kind === 'hook-decision');
      expect(hook).toHaveLength(1);
      expect(hook[0]).toMatchObject({ channel: 'hook:policy:e2e-list' });
      expect(hook[0]?.detail).toMatchObject({
        event: 'PermissionRequest',
        tool: 'Bash',
        subject: 'ls -la /etc',
        decision: 'allow',
        rule: 'e2e-list',
        answered: 'allow',
        typed: false,
      });
      // No keystroke: nothing typed. Claude draws its dialog while the hook runs, so the screen often
      // sees it first (before the hook request reached Tower: `hook:no-request`) — either way, no action.
      expect(records.filter((r) => r.kind === 'typed')).toHaveLength(0);
      for (const screenDecision of records.filter((r) => r.kind === 'policy-decision')) {
        expect(screenDecision.detail).toMatchObject({ action: 'none' });
        expect(['hook:answered', 'hook:no-request']).toContain(screenDecision.detail['rule']);
      }
      const shown = watcher.shown();
      const gone = watcher.gone();
      measured.push(
        `hooks allow: hook decision written ${(hook[0]?.at ?? 0) - (shown ?? 0)} ms after the dialog showed; dialog on screen ${shown === null ? 'never seen' : `${(gone ?? 0) - shown} ms`}`,
      );
      // The approved command really ran: its output went back to the model.
      expect(JSON.stringify(run.standIn.requests.map((r) => r.body))).toContain('passwd');
      expect(readFileSync(tower.auditPath, 'utf8')).not.toContain(config.secret);
      const view = (await tower.api.getSnapshot()).sessions.find((s) => s.id === run.id);
      expect(view?.evidence.some((e) => e.startsWith('hook: '))).toBe(true);
    } finally {
      await run.close();
    }
  });

  it('ask: rm gets no hook decision, the dialog waits in the snapshot, the owner answers it there', async () => {
    usePolicy([
      { id: 'e2e-list', decision: 'allow', commands: ['ls'] },
      { id: 'e2e-rm-asks', decision: 'ask', commands: ['rm'], reason: 'removing files needs the owner' },
    ]);
    const run = await launch(
      [
        { kind: 'bash', command: 'rm scratch.txt', delayMs: 400 },
        { kind: 'text', text: 'Removed.' },
      ],
      (cwd) => writeFileSync(join(cwd, 'scratch.txt'), 'x'),
    );
    const scratch = join(run.launch.cwd, 'scratch.txt');
    try {
      const waiting = await tower.waitFor(run.id, (v) => v.state === 'permission' && v.policy != null);
      expect(waiting.prompt).toMatchObject({ tool: 'Bash', subject: 'rm scratch.txt' });
      expect(waiting.policy).toMatchObject({ decision: 'ask', rule: 'e2e-rm-asks' });
      await eventually(
        () => audit(run.id).some((r) => r.kind === 'hook-decision'),
        'the hook request',
        10_000,
      );
      expect(audit(run.id).find((r) => r.kind === 'hook-decision')?.detail).toMatchObject({
        event: 'PermissionRequest',
        subject: 'rm scratch.txt',
        decision: 'ask',
        rule: 'e2e-rm-asks',
        answered: 'none',
      });
      expect(await screenText(run.terminalId)).toContain('rm scratch.txt');
      expect(existsSync(scratch)).toBe(true);
      expect(audit(run.id).filter((r) => r.kind === 'typed')).toHaveLength(0);
      const outcome = await tower.api.answerPrompt({
        session: run.id,
        choice: 'approve',
        fingerprint: await currentFingerprint(run.id),
        channel: 'e2e-owner',
      });
      expect(outcome).toMatchObject({ kind: 'delivered', confirmed: true });
      await eventually(() => !existsSync(scratch), 'the owner-approved rm to run', 30_000);
    } finally {
      await run.close();
    }
  });

  it('hand-started Claude with the consented user install: mapped by its tmux pane, answered through the hook', async () => {
    usePolicy([{ id: 'e2e-list', decision: 'allow', commands: ['ls'] }]);
    const standIn = await startModelStandIn();
    const agentLaunch = prepareClaude({ baseUrl: standIn.url, prompt: 'do the task' });
    // What `tower hooks install` does to the owner's settings (here the agent's isolated config dir).
    const change = installUserHooks({ CLAUDE_CONFIG_DIR: agentLaunch.env['CLAUDE_CONFIG_DIR'] }, config);
    expect(change.changed).toBe(true);
    standIn.setScript([
      { kind: 'bash', command: 'ls -la /etc', description: 'List /etc', delayMs: 400 },
      { kind: 'text', text: 'Listed.' },
    ]);
    // Started by hand on the watched tmux server: no launch tag, Tower never saw its argv.
    const pane = await openPane(SOCKET, `by-hand-${process.pid}`, agentLaunch);
    try {
      await eventually(() => standIn.remaining().length === 0, 'the script to be played', 60_000);
      const sessionId = (await tower.api.getSnapshot()).sessions.find(
        (v) => v.cwd === agentLaunch.cwd && !v.gone,
      )?.id;
      expect(sessionId).toBeDefined();
      const records = audit(sessionId ?? '');
      expect(records.find((r) => r.kind === 'hook-decision')?.detail).toMatchObject({
        event: 'PermissionRequest',
        answered: 'allow',
        rule: 'e2e-list',
      });
      expect(records.filter((r) => r.kind === 'typed')).toHaveLength(0);
      expect(JSON.stringify(standIn.requests.map((r) => r.body))).toContain('passwd');
    } finally {
      await pane.kill();
      await standIn.close();
      rmSync(agentLaunch.root, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    }
  });

  it('LOCKDOWN: the hook denies the tool call (PreToolUse deny), the command never runs, nothing typed', async () => {
    usePolicy([{ id: 'e2e-list', decision: 'allow', commands: ['ls'] }]);
    const run = await launch([
      // Held back long enough to engage LOCKDOWN after the agent started (Tower opens nothing under it).
      { kind: 'bash', command: 'ls -la /etc', description: 'List /etc', delayMs: 4_000 },
      { kind: 'text', text: 'Stopped.' },
    ]);
    try {
      await tower.waitFor(run.id, (v) => v.evidence.some((e) => e.startsWith('hook: ')), 60_000);
      await tower.api.lockdown({ engaged: true, channel: 'api' });
      await eventually(() => run.standIn.remaining().length === 0, 'the script to be played', 60_000);
      const sent = JSON.stringify(run.standIn.requests.map((r) => r.body));
      expect(sent).toContain('LOCKDOWN is engaged');
      expect(sent).not.toContain('passwd');
      const denied = audit(run.id).filter((r) => r.kind === 'hook-decision');
      expect(denied[0]?.detail).toMatchObject({
        event: 'PreToolUse',
        rule: 'builtin:lockdown',
        answered: 'deny',
      });
      expect(audit(run.id).filter((r) => r.kind === 'typed')).toHaveLength(0);
    } finally {
      await tower.api.lockdown({ engaged: false, channel: 'api' });
      await run.close();
    }
  });

  it('Codex notify: Tower opens Codex with -c notify=[…] and hears the turn complete', async () => {
    const run = await launch([{ kind: 'text', text: 'Nothing to do.' }], undefined, 'codex');
    try {
      const done = await tower.waitFor(
        run.id,
        (v) => v.evidence.includes('hook: agent-turn-complete'),
        60_000,
      );
      expect(done.agent?.kind).toBe('codex');
      const argv = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
      expect(argv).toContain('notify=');
      expect(argv).not.toContain(config.secret);
    } finally {
      await run.close();
    }
  });

  describe.each(['refused', 'hanging'] as const)('Tower hook endpoint %s', (mode) => {
    let dead: Server | null = null;

    afterAll(async () => {
      writeHookConfig(config, tower.server.url);
      await new Promise<void>((r) => (dead ? dead.close(() => r()) : r()));
      dead?.closeAllConnections();
    });

    it('the hook gives no decision in bounded time; Claude shows its dialog; Tower does not approve it', async () => {
      // A port where nothing listens, or a server that accepts and never answers.
      dead = createServer(() => undefined);
      await new Promise<void>((r) => dead?.listen(0, '127.0.0.1', () => r()));
      const address = dead.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      if (mode === 'refused') await new Promise<void>((r) => dead?.close(() => r()));
      if (mode === 'refused') dead = null;
      writeHookConfig(config, `http://127.0.0.1:${port}`);
      usePolicy([{ id: 'e2e-list', decision: 'allow', commands: ['ls'] }]);
      const run = await launch([
        { kind: 'bash', command: 'ls -la /etc', description: 'List /etc', delayMs: 400 },
        { kind: 'text', text: 'Listed.' },
      ]);
      try {
        const asked = Date.now();
        const waiting = await tower.waitFor(run.id, (v) => v.state === 'permission' && v.policy != null);
        // Hooks are active for this launch and no hook request reached Tower: the owner decides.
        expect(waiting.policy).toMatchObject({ decision: 'ask', rule: 'hook:no-request' });
        // Past the hook command's own bound (4 s) the dialog is still Claude's to answer.
        await new Promise((r) => setTimeout(r, 5_000));
        expect(await screenText(run.terminalId)).toContain('ls -la /etc');
        expect(audit(run.id).filter((r) => r.kind === 'typed')).toHaveLength(0);
        expect(audit(run.id).filter((r) => r.kind === 'hook-decision')).toHaveLength(0);
        const outcome = await tower.api.answerPrompt({
          session: run.id,
          choice: 'approve',
          fingerprint: await currentFingerprint(run.id),
          channel: 'e2e-owner',
        });
        expect(outcome).toMatchObject({ kind: 'delivered', confirmed: true });
        await eventually(() => run.standIn.remaining().length === 0, 'the script to be played', 60_000);
        expect(JSON.stringify(run.standIn.requests.map((r) => r.body))).toContain('passwd');
        measured.push(`hooks ${mode}: dialog answered by the owner ${Date.now() - asked} ms after launch`);
      } finally {
        await run.close();
      }
    });
  });
});
