import { beforeEach, describe, expect, it } from 'vitest';
import type { TaskView } from '../../contract/dto';
import { MemoryStore } from '../testing/memory-audit';
import { BridgeFixture } from './testing/bridge-fixture';
import { approvalOf, bashPrompt, sessionView } from './testing/fake-chat-channel';

let f: BridgeFixture;
beforeEach(() => {
  f = new BridgeFixture();
});

const task = (id: string, status: TaskView['status'], patch: Partial<TaskView> = {}): TaskView => ({
  id,
  text: `task ${id}`,
  status,
  createdAt: 0,
  session: null,
  startedAt: null,
  doneAt: null,
  ...patch,
});

describe('the escalation ladder drives the cards', () => {
  it('no card while the approval is only at the tray and dialog; one card once it reaches Telegram', async () => {
    await f.start();
    const waiting = sessionView(2, { state: 'permission', prompt: bashPrompt('make deploy') });
    await f.approval(waiting, ['tray']);
    await f.approval(waiting, ['tray', 'dialog']);
    expect(f.channel.calls).toEqual([]);
    await f.approval(waiting, ['tray', 'dialog', 'telegram']);
    await f.approval(waiting, ['tray', 'dialog', 'telegram', 'phone']);
    expect(f.sent().filter((t) => t.includes('make deploy')).length).toBe(1);
    await f.press(f.lastButtons().data[0] ?? '');
    expect(f.backend.answers.map((a) => [a.session, a.fingerprint, a.choice])).toEqual([
      ['tmux:s2', 'fp-make deploy', 'approve'],
    ]);
  });

  it('/approve N before the ladder reaches Telegram brings the card now and types nothing', async () => {
    await f.start();
    await f.approval(sessionView(2, { state: 'permission', prompt: bashPrompt('make deploy') }), ['tray']);
    await f.say('/approve 2');
    expect(f.backend.answers).toEqual([]);
    expect(f.sent().at(-1)).toContain('it is above now');
    expect(f.sent().filter((t) => t.includes('make deploy')).length).toBe(1);
    await f.press(f.lastButtons().data[0] ?? '');
    expect(f.backend.answers.map((a) => a.choice)).toEqual(['approve']);
  });

  it('a prompt on screen with no approval gets no card', async () => {
    await f.start();
    await f.sessions(sessionView(2, { state: 'permission', prompt: bashPrompt('make deploy') }));
    expect(f.channel.calls).toEqual([]);
    await f.say('/approve 2');
    expect(f.backend.answers).toEqual([]);
    expect(f.sent().at(-1)).toContain('Nothing was typed');
  });
});

describe('pool commands', () => {
  it('/queue lists running, queued and done tasks', async () => {
    await f.start();
    f.backend.patchPool({ tasks: [task('t1', 'done'), task('t2', 'queued'), task('t3', 'running')] });
    await f.say('/queue');
    expect(f.sent().at(-1)).toMatch(/^Task queue\n▶ t3 running: task t3\n· t2 queued: task t2\n✔ t1 done/);
  });

  it('/task queues one line of text for the pool and refuses control characters', async () => {
    await f.start();
    await f.say('/task write the release notes');
    await f.say('task: fix the flaky test\u001b[2J');
    expect(f.backend.snapshot.pool.tasks.map((t) => t.text)).toEqual(['write the release notes']);
    expect(f.sent()[0]).toMatch(/^📝 Queued task t1/);
    expect(f.sent()[1]).toMatch(/^Not queued/);
  });

  it('pause all asks to confirm and pauses only on the button; resume needs no confirmation', async () => {
    await f.start();
    await f.say('pause all');
    expect(f.backend.poolChanges).toEqual([]);
    expect(f.sent().at(-1)).toMatch(/^Pause the pool\?/);
    const [confirm] = f.lastButtons().data;
    await f.press(confirm ?? '');
    await f.press(confirm ?? '');
    expect(f.backend.poolChanges).toEqual([{ paused: true }]);
    expect(f.audit.ofKind('chat-pool-paused').length).toBe(1);
    await f.say('/resume');
    expect(f.backend.poolChanges).toEqual([{ paused: true }, { paused: false }]);
    expect(f.sent().at(-1)).toMatch(/Pool resumed by user4242/);
  });

  it('a cancelled pause does nothing; pausing one session says it is not available', async () => {
    await f.start();
    await f.say('/pause');
    await f.press(f.lastButtons().data[1] ?? '');
    await f.say('/pause 3');
    expect(f.backend.poolChanges).toEqual([]);
    expect(f.sent().at(-1)).toContain('Pausing one session is not available');
  });

  it('a Tower without the pool says so and does nothing', async () => {
    Object.assign(f.backend, { addTask: undefined, listTasks: undefined, configurePool: undefined });
    await f.start();
    for (const text of ['/queue', '/task x', '/pause', '/resume']) await f.say(text);
    expect(f.sent().length).toBe(4);
    expect(f.sent().every((t) => t.includes('not available in this Tower'))).toBe(true);
  });
});

describe('/open', () => {
  const templates = [
    { name: 'claude-api', command: ['claude'], cwd: '/home/owner/api', provider: 'tmux' as const },
    { name: 'codex', command: ['codex', '--sandbox', 'workspace-write'], cwd: '/home/owner/web' },
  ];

  it('opens only a template the owner configured, by name', async () => {
    await f.start({ templates });
    await f.say('/open');
    expect(f.sent().at(-1)).toBe('Templates: claude-api, codex. Send /open <name>.');
    await f.say('/open codex');
    expect(f.backend.opened).toEqual([
      {
        command: ['codex', '--sandbox', 'workspace-write'],
        cwd: '/home/owner/web',
        provider: undefined,
        title: 'codex',
      },
    ]);
    expect(f.sent().at(-1)).toMatch(/^🚀 Opened "codex" as session \d+/);
    await f.say('/open bash');
    await f.say('/open /bin/sh -c id');
    expect(f.backend.opened.length).toBe(1);
    expect(f.sent().at(-2)).toContain('No template named "bash"');
  });

  it('with no templates nothing can be opened', async () => {
    await f.start();
    await f.say('/open claude');
    expect(f.backend.opened).toEqual([]);
    expect(f.sent().at(-1)).toContain('No agent templates are configured');
  });
});

describe('rate limits survive a restart', () => {
  it('a restarted bridge with the same store keeps counting', async () => {
    const store = new MemoryStore();
    f = new BridgeFixture(store);
    await f.start();
    for (let i = 0; i < 10; i += 1) await f.say('/status');
    f.bridge?.stop();
    const again = new BridgeFixture(store);
    await again.start();
    await again.say('/status');
    expect(again.sent()).toEqual([expect.stringMatching(/^⏳ Slow down: at most 10 commands a minute/)]);
    await again.clock.advance(60_000);
    await again.say('/status');
    expect(again.sent().at(-1)).toMatch(/^Tower status/);
  });
});

describe('proactive notices', () => {
  it('limited, crashed and stalled sessions are news once per cool-down', async () => {
    await f.start({ noticeCooldownMs: 10 * 60_000 });
    const resetsAt = Date.UTC(2026, 10, 22, 9, 30);
    await f.sessions(sessionView(1), sessionView(2), sessionView(3));
    await f.sessions(
      sessionView(1, { state: 'limited', trouble: { kind: 'usage-limit', cause: null, resetsAt } }),
      sessionView(2, { state: 'exited', trouble: { kind: 'crash', cause: 'exit code 139', resetsAt: null } }),
      sessionView(3, { state: 'stalled', trouble: { kind: 'stall', cause: 'api-retry', resetsAt: null } }),
    );
    expect(f.sent()).toEqual([
      'session 1 · claude · “project 1” ⏳ hit its usage limit; it resets at 09:30.',
      'session 2 · claude · “project 2” 💥 crashed (exit code 139).',
      'session 3 · claude · “project 3” ⏸ stalled: no progress for a while (api-retry).',
    ]);
    for (let i = 0; i < 5; i += 1) {
      await f.sessions(sessionView(3));
      await f.sessions(sessionView(3, { state: 'stalled' }));
      await f.clock.advance(60_000);
    }
    expect(f.sent().length).toBe(3);
    await f.clock.advance(10 * 60_000);
    await f.sessions(sessionView(3));
    await f.sessions(sessionView(3, { state: 'stalled' }));
    expect(f.sent().length).toBe(4);
  });

  it('the queue finishing and the phone bridge going down are told once', async () => {
    await f.start();
    const lockedOut = { id: 'phone', state: 'down', detail: null, lastActivityAt: null } as const;
    const steps = [
      () => f.backend.patchPool({ tasks: [task('t1', 'running')] }),
      () => f.backend.patchPool({ tasks: [task('t1', 'running'), task('t2', 'queued')] }),
      () => f.backend.patchPool({ tasks: [task('t1', 'done'), task('t2', 'done')] }),
      () => f.backend.patchPool({ tasks: [task('t1', 'done'), task('t2', 'done')] }),
      () => f.backend.patch({ bridges: [{ ...lockedOut, reason: 'locked out after 5 wrong PINs' }] }),
      () => f.backend.patch({ bridges: [{ ...lockedOut, reason: 'locked out after 5 wrong PINs' }] }),
    ];
    for (const step of steps) {
      step();
      await f.bridge?.idle();
    }
    expect(f.sent()).toEqual([
      '✅ Queue finished: nothing queued or running (2 done). /queue lists them.',
      '📵 Phone bridge down: locked out after 5 wrong PINs',
    ]);
  });

  it('what is already wrong when the bridge starts is not news', async () => {
    f.backend.snapshot = { ...f.backend.snapshot, sessions: [sessionView(4, { state: 'stalled' })] };
    await f.start();
    await f.sessions(sessionView(4, { state: 'stalled' }));
    expect(f.sent()).toEqual([]);
  });
});

describe('morning report', () => {
  it("comes once a day at the owner's local time, not twice the same day after a restart", async () => {
    const store = new MemoryStore();
    f = new BridgeFixture(store);
    // The clock starts at 07:00 UTC; the owner is at UTC+1 and wants the report at 09:00 local.
    await f.start({ morningReport: { hour: 9, minute: 0 }, utcOffset: () => 60 });
    const waiting = sessionView(2, { state: 'permission', prompt: bashPrompt('ls') });
    f.backend.patch({ sessions: [sessionView(1), waiting], approvals: [approvalOf(waiting)] });
    f.backend.patchPool({
      tasks: [task('t1', 'done', { doneAt: f.clock.now() }), task('t2', 'queued')],
      incidents: [
        {
          at: f.clock.now(),
          session: 'tmux:s1',
          sessionNumber: 1,
          kind: 'stall',
          cause: 'api-retry',
          action: 'restarted',
          detail: 'restarted once',
        },
      ],
    });
    await f.bridge?.idle();
    await f.clock.advance(59 * 60_000);
    expect(f.sent()).toEqual([]);
    await f.clock.advance(60_000);
    await f.bridge?.morningIdle();
    expect(f.sent()).toEqual([
      [
        '☀ Morning report – 2026-11-22 09:00',
        'Agents: 2 (1 working, 1 permission)',
        'Waiting for you: 1 (/status)',
        'Queue: 1 done since the last report, 0 running, 1 queued',
        'Supervision: 1 incident',
        '  08:00 #1 stall → restarted: restarted once',
      ].join('\n'),
    ]);
    f.bridge?.stop();
    // Restarted at 09:10 local with the report moved to 09:30: today's was sent, so none today.
    const restarted = new BridgeFixture(store);
    await restarted.clock.advance(70 * 60_000);
    await restarted.start({ morningReport: { hour: 9, minute: 30 }, utcOffset: () => 60 });
    await restarted.clock.advance(3_600_000);
    await restarted.bridge?.morningIdle();
    expect(restarted.sent()).toEqual([]);
    await restarted.clock.advance(24 * 3_600_000);
    await restarted.bridge?.morningIdle();
    expect(restarted.sent()).toEqual([expect.stringMatching(/^☀ Morning report – 2026-11-23 09:30\n/)]);
  });
});
