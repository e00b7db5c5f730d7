import { describe, expect, it } from 'vitest';
import type { SessionState } from '../../contract/dto';
import type { Session } from '../sessions/session';
import { planPool } from './plan';
import { addTask, DEFAULT_POOL_SETTINGS, EMPTY_POOL, putLaunch, type PoolState } from './pool-state';

function session(id: string, state: SessionState): Session {
  return {
    id,
    number: 1,
    terminal: {
      provider: 'tmux',
      id,
      title: 'agent',
      pid: 1,
      alive: true,
      exitCode: null,
      cwd: '/p',
      currentCommand: 'claude',
      processes: [],
      cols: 80,
      rows: 24,
    },
    agent: { kind: 'claude', version: null },
    state,
    evidence: [],
    prompt: null,
    trouble: null,
    tail: [],
    firstSeen: 0,
    lastSeen: 0,
    stateSince: 0,
    goneAt: null,
  };
}

function poolWith(states: Record<string, SessionState>, queued: number, maxAgents: number) {
  let state: PoolState = {
    ...EMPTY_POOL,
    settings: { ...DEFAULT_POOL_SETTINGS, command: ['claude'], maxAgents },
  };
  for (let i = 0; i < queued; i++) [state] = addTask(state, `task ${i}`, 0);
  for (const id of Object.keys(states)) {
    state = putLaunch(state, {
      session: id,
      args: { command: ['claude'] },
      pool: true,
      restarts: 0,
      task: null,
      handedAt: null,
      sawBusy: false,
      tailAtHandoff: '',
      freeSince: 0,
    });
  }
  const sessions = new Map(Object.entries(states).map(([id, s]) => [id, session(id, s)]));
  return { state, sessions };
}

describe('planPool', () => {
  it('counts starting agents as future takers, but not one stuck on an error or a limit', () => {
    const starting = poolWith({ a: 'starting' }, 2, 8);
    expect(planPool(starting.state, starting.sessions, 1, false).actions).toEqual([
      { kind: 'open', count: 1 },
    ]);
    const stuck = poolWith({ a: 'error', b: 'limited' }, 2, 8);
    expect(planPool(stuck.state, stuck.sessions, 1, false).actions).toEqual([{ kind: 'open', count: 2 }]);
  });

  it('closes idle agents beyond a lowered max_agents, and opens nothing without a command', () => {
    const over = poolWith({ a: 'idle', b: 'idle', c: 'idle' }, 0, 1);
    const closes = planPool(over.state, over.sessions, 1, false).actions.filter((a) => a.kind === 'close');
    expect(closes).toHaveLength(2);
    const noCommand = poolWith({}, 3, 8);
    const state = { ...noCommand.state, settings: { ...noCommand.state.settings, command: null } };
    expect(planPool(state, noCommand.sessions, 1, false).actions).toEqual([]);
  });
});
