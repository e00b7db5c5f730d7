import { describe, expect, it } from 'vitest';
import type { PolicyDocument } from '../../contract/policy';
import type { TerminalInfo } from '../ports';
import { compilePolicy } from '../policy/compile';
import type { Policy, PolicyProvider } from '../policy/types';
import { bash } from '../policy/test-support';
import type { Session } from '../sessions/session';
import { FakeClock } from '../testing/fake-clock';
import { MemoryAuditSink } from '../testing/memory-audit';
import { HookDesk, type HookReply } from './hook-desk';
import type { TerminalTag } from './hook-event';

const CWD = '/home/dev/project';

function terminal(id: string, pids: number[] = []): TerminalInfo {
  return {
    provider: 'tmux',
    id,
    title: 'claude',
    pid: pids[0] ?? null,
    alive: true,
    exitCode: null,
    cwd: CWD,
    currentCommand: 'claude',
    processes: pids.map((pid) => ({ pid, command: 'claude', args: 'claude' })),
    cols: 120,
    rows: 40,
  };
}

function session(id: string, pids: number[] = [], prompt: Session['prompt'] = null): Session {
  return {
    id: `tmux:${id}`,
    number: 1,
    terminal: terminal(id, pids),
    agent: { kind: 'claude', version: '2.1.330' },
    state: prompt ? 'permission' : 'working',
    evidence: [],
    prompt,
    trouble: null,
    tail: [],
    firstSeen: 0,
    lastSeen: 0,
    stateSince: 0,
    goneAt: null,
  };
}

function policyOf(rules: PolicyDocument['rules'], extra: Partial<PolicyDocument> = {}): Policy {
  return compilePolicy(
    { version: 1, shadow: false, default: 'ask', max_auto_per_minute: 20, rules, ...extra },
    'test policy',
  );
}

function setup(rules: PolicyDocument['rules'] = [], extra: Partial<PolicyDocument> = {}) {
  const clock = new FakeClock();
  const audit = new MemoryAuditSink();
  const sessions: Session[] = [session('t1', [4242]), session('t2', [5151])];
  const state = { locked: false, policy: policyOf(rules, extra), changes: 0, activity: [] as string[] };
  const provider: PolicyProvider = {
    current: () => state.policy,
    home: '/home/dev',
    protectedPaths: ['/home/dev/.tower'],
  };
  const desk = new HookDesk({
    clock,
    audit,
    sessions: () => sessions,
    policy: provider,
    isLockedDown: () => state.locked,
    // A stand-in for the tmux matcher: pane %7 on /tmp/tmux-1/x is terminal t2.
    matchTerminal: (tag, t) => tag.tmux?.pane === '%7' && t.id === 't2',
    changed: () => void (state.changes += 1),
    activity: (sessionId) => void state.activity.push(sessionId),
  });
  return { clock, audit, sessions, state, desk };
}

const BY_PID: TerminalTag = { launch: null, tmux: null, pids: [4242], tty: null };

function envelope(
  event: Record<string, unknown>,
  terminal: Partial<Record<string, unknown>> = { pids: [4242] },
) {
  return { v: 1, terminal, event: { session_id: 's-1', cwd: CWD, permission_mode: 'default', ...event } };
}

const permission = (command: string) =>
  envelope({
    hook_event_name: 'PermissionRequest',
    tool_name: 'Bash',
    tool_input: { command, description: 'Run the requested command' },
    permission_suggestions: [],
  });

function output(reply: HookReply): unknown {
  if (!reply.ok) throw new Error(reply.error);
  return reply.output;
}

describe('HookDesk: PermissionRequest through the policy engine', () => {
  it('policy allows: answers allow through the hook and audits the rule on the hook channel, typed: false', async () => {
    const { desk, audit } = setup([{ id: 'list', decision: 'allow', commands: ['ls'] }]);
    expect(output(await desk.handle('claude', permission('ls -la /etc')))).toEqual({
      hookSpecificOutput: { hookEventName: 'PermissionRequest', decision: { behavior: 'allow' } },
    });
    const [record] = audit.ofKind('hook-decision');
    expect(record).toMatchObject({ session: 'tmux:t1', channel: 'hook:policy:list' });
    expect(record?.detail).toMatchObject({
      event: 'PermissionRequest',
      subject: 'ls -la /etc',
      decision: 'allow',
      answered: 'allow',
      typed: false,
    });
  });

  it('policy asks: no decision, so Claude Code shows its own dialog', async () => {
    const { desk, audit } = setup([{ id: 'rm', decision: 'ask', commands: ['rm'] }]);
    expect(output(await desk.handle('claude', permission('rm scratch.txt')))).toBeNull();
    expect(audit.ofKind('hook-decision')[0]?.detail).toMatchObject({ rule: 'rm', answered: 'none' });
  });

  it('policy denies, and the hard blocklist denies whatever the rules say', async () => {
    const { desk } = setup([
      { id: 'no-curl', decision: 'deny', commands: ['curl'], reason: 'no network' },
      { id: 'all-rm', decision: 'allow', commands: ['rm'] },
    ]);
    const denied = output(await desk.handle('claude', permission('curl https://x')));
    expect(denied).toMatchObject({ hookSpecificOutput: { decision: { behavior: 'deny' } } });
    const blocked = output(await desk.handle('claude', permission('rm -rf /')));
    expect(blocked).toMatchObject({ hookSpecificOutput: { decision: { behavior: 'deny' } } });
  });

  it('decides on the structured command, never the model-written description', async () => {
    const { desk } = setup([{ id: 'tests', decision: 'allow', commands: ['npm test'] }]);
    const reply = await desk.handle(
      'claude',
      envelope({
        hook_event_name: 'PermissionRequest',
        tool_name: 'Bash',
        tool_input: { command: 'npm test && touch pwned', description: 'npm test' },
      }),
    );
    expect(output(reply)).toBeNull();
  });

  it('a command Tower cannot parse exactly (a newline) is never allowed', async () => {
    const { desk } = setup([{ id: 'list', decision: 'allow', commands: ['ls'] }]);
    expect(output(await desk.handle('claude', permission('ls -la /etc\ntouch pwned')))).toBeNull();
  });

  it('a hook from no terminal Tower watches gets no decision', async () => {
    const { desk, audit } = setup([{ id: 'list', decision: 'allow', commands: ['ls'] }]);
    const reply = await desk.handle('claude', { ...permission('ls'), terminal: { pids: [999] } });
    expect(output(reply)).toBeNull();
    expect(audit.ofKind('hook-decision')[0]?.detail).toMatchObject({ rule: 'hook:unmapped' });
  });

  it('LOCKDOWN: every permission request and tool call is denied', async () => {
    const { desk, state } = setup([{ id: 'list', decision: 'allow', commands: ['ls'] }]);
    state.locked = true;
    expect(output(await desk.handle('claude', permission('ls')))).toMatchObject({
      hookSpecificOutput: { decision: { behavior: 'deny' } },
    });
    const pre = envelope({
      hook_event_name: 'PreToolUse',
      tool_name: 'Read',
      tool_input: { file_path: `${CWD}/a` },
    });
    expect(output(await desk.handle('claude', pre))).toMatchObject({
      hookSpecificOutput: { hookEventName: 'PreToolUse', permissionDecision: 'deny' },
    });
  });

  it('shadow mode: would-allow is recorded, nothing is answered', async () => {
    const { desk, audit } = setup([{ id: 'list', decision: 'allow', commands: ['ls'] }], { shadow: true });
    expect(output(await desk.handle('claude', permission('ls')))).toBeNull();
    expect(audit.ofKind('hook-decision')[0]?.detail).toMatchObject({
      decision: 'allow',
      shadow: true,
      answered: 'none',
    });
  });

  it('the per-minute brake sends the rest to the owner', async () => {
    const { desk } = setup([{ id: 'list', decision: 'allow', commands: ['ls'] }], { max_auto_per_minute: 1 });
    expect(output(await desk.handle('claude', permission('ls')))).not.toBeNull();
    expect(output(await desk.handle('claude', permission('ls')))).toBeNull();
  });
});

describe('HookDesk: PreToolUse only ever denies', () => {
  const pre = (command: string) =>
    envelope({ hook_event_name: 'PreToolUse', tool_name: 'Bash', tool_input: { command } });

  it('an allowed or unmatched tool call gets no decision (Claude Code applies its own rules)', async () => {
    const { desk } = setup([{ id: 'list', decision: 'allow', commands: ['ls'] }], { default: 'deny' });
    expect(output(await desk.handle('claude', pre('ls')))).toBeNull();
    expect(output(await desk.handle('claude', pre('make')))).toBeNull();
  });

  it('an explicit deny rule or the blocklist denies with the reason', async () => {
    const { desk } = setup([{ id: 'no-push', decision: 'deny', commands: ['git push'] }]);
    expect(output(await desk.handle('claude', pre('git push origin main')))).toMatchObject({
      hookSpecificOutput: { permissionDecision: 'deny' },
    });
    expect(output(await desk.handle('claude', pre('rm -rf ~')))).toMatchObject({
      hookSpecificOutput: { permissionDecision: 'deny' },
    });
  });
});

describe('HookDesk: terminal mapping, evidence and the screen gate', () => {
  it('maps by launch tag, then by the provider matcher (tmux pane), then by the agent pid', async () => {
    const { desk, state } = setup();
    desk.bindLaunch('launchtag0001', 'tmux:t2', 'claude');
    await desk.handle(
      'claude',
      envelope({ hook_event_name: 'Stop' }, { launch: 'launchtag0001', pids: [4242] }),
    );
    expect(desk.signal('tmux:t2')?.name).toBe('Stop');
    await desk.handle(
      'claude',
      envelope({ hook_event_name: 'UserPromptSubmit' }, { tmux: '/tmp/tmux-1/x,77,0', pane: '%7' }),
    );
    expect(desk.signal('tmux:t2')?.name).toBe('UserPromptSubmit');
    await desk.handle(
      'claude',
      envelope({ hook_event_name: 'Notification', notification_type: 'idle_prompt' }),
    );
    expect(desk.signal('tmux:t1')).toMatchObject({ name: 'Notification', notification: 'idle_prompt' });
    // Each event counts as progress for its session (stall detection).
    expect(state.activity).toEqual(['tmux:t2', 'tmux:t2', 'tmux:t1']);
  });

  it('an unknown tag re-reads the terminals at most once a second, and then finds a new one', async () => {
    const { desk, sessions, clock } = setup();
    let rescans = 0;
    const rescanning = new HookDesk({
      clock,
      audit: new MemoryAuditSink(),
      sessions: () => sessions,
      policy: null,
      isLockedDown: () => false,
      changed: () => undefined,
      rescan: () => {
        rescans += 1;
        sessions.push(session('t3', [7777]));
        return Promise.resolve();
      },
    });
    const stop = envelope({ hook_event_name: 'Stop' }, { pids: [7777] });
    await rescanning.handle('claude', stop);
    expect(rescanning.signal('tmux:t3')?.name).toBe('Stop');
    for (let i = 0; i < 50; i += 1)
      await rescanning.handle('claude', envelope({ hook_event_name: 'Stop' }, { pids: [31337] }));
    expect(rescans).toBe(1);
    await clock.advance(1_000);
    await rescanning.handle('claude', envelope({ hook_event_name: 'Stop' }, { pids: [31337] }));
    expect(rescans).toBe(2);
    expect(desk.signal('tmux:t3')).toBeNull();
  });

  it('refuses malformed bodies without touching any session', async () => {
    const { desk, state } = setup();
    for (const body of [
      null,
      [],
      { v: 2 },
      { v: 1, event: 'x' },
      envelope({ hook_event_name: 'Bad Name!' }),
    ]) {
      expect((await desk.handle('claude', body)).ok).toBe(false);
    }
    expect(state.changes).toBe(0);
  });

  it('with hooks active, a screen allow with no matching hook request types nothing (a spoof cannot pass)', async () => {
    const { desk, sessions } = setup([{ id: 'list', decision: 'allow', commands: ['ls'] }]);
    const allow = { decision: 'allow' as const, rule: 'list', explanation: '' };
    const screen = { ...session('t1', [4242], bash('ls -la')), id: 'tmux:t1' };
    // Hooks not active for this session: the screen path is unchanged.
    expect(desk.gate(screen, allow)).toBe(allow);
    await desk.handle('claude', envelope({ hook_event_name: 'SessionStart', source: 'startup' }));
    expect(desk.gate(screen, allow)).toMatchObject({ decision: 'ask', rule: 'hook:no-request' });
    // A hook request for a DIFFERENT command does not vouch for this screen.
    await desk.handle('claude', permission('ls -la /etc'));
    expect(desk.gate(screen, allow)).toMatchObject({ decision: 'ask', rule: 'hook:no-request' });
    // The matching request was already answered through the hook: the screen path leaves it alone.
    await desk.handle('claude', permission('ls -la'));
    expect(desk.gate(screen, allow)).toMatchObject({ decision: 'ask', rule: 'hook:answered' });
    expect(sessions).toHaveLength(2);
  });

  it('a launch Tower set up with Claude hooks is gated before any event arrives; a Codex launch is not', () => {
    const { desk } = setup();
    const allow = { decision: 'allow' as const, rule: 'list', explanation: '' };
    desk.bindLaunch('launchtag0002', 'tmux:t1', 'claude');
    desk.bindLaunch('launchtag0003', 'tmux:t2', 'codex');
    expect(desk.gate(session('t1', [], bash('ls')), allow)).toMatchObject({ rule: 'hook:no-request' });
    expect(desk.gate(session('t2', [], bash('ls')), allow)).toBe(allow);
  });

  it('Codex notify marks turn completion for its session', async () => {
    const { desk } = setup();
    const notify = {
      type: 'agent-turn-complete',
      'thread-id': 'th',
      cwd: CWD,
      'last-assistant-message': 'ok',
    };
    expect((await desk.handle('codex', { v: 1, terminal: BY_PID, event: notify })).ok).toBe(true);
    expect(desk.signal('tmux:t1')?.name).toBe('agent-turn-complete');
  });
});
