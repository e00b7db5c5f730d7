import { describe, expect, it } from 'vitest';
import { formatDuration } from './duration';
import { agentLabel, disagreement, groupByProvider, pendingSessions } from './sessions';
import { stateMeta } from './state-meta';
import { prompt, session, snapshot } from '../testing/fixtures';

describe('snapshot views', () => {
  it('groups by provider in ground-truth order and keeps providers with no terminals', () => {
    const snap = snapshot([session({ id: 'a', provider: 'pty' }), session({ id: 'b', provider: 'tmux' })], {
      providers: [
        { id: 'tmux', available: true, reason: null },
        { id: 'iterm2', available: false, reason: 'not running' },
        { id: 'pty', available: true, reason: null },
      ],
    });
    expect(groupByProvider(snap).map((g) => [g.id, g.sessions.map((s) => s.id)])).toEqual([
      ['tmux', ['b']],
      ['iterm2', []],
      ['pty', ['a']],
    ]);
  });

  it('lists pending prompts oldest first and skips gone terminals', () => {
    const snap = snapshot([
      session({ id: 'new', stateSince: 20, prompt: prompt('b') }),
      session({ id: 'old', stateSince: 10, prompt: prompt('a') }),
      session({ id: 'gone', stateSince: 5, prompt: prompt('c'), gone: true }),
      session({ id: 'idle' }),
    ]);
    expect(pendingSessions(snap).map((s) => s.id)).toEqual(['old', 'new']);
  });

  it('labels agents and explains a registry/terminal disagreement', () => {
    expect(agentLabel(session({ agent: { kind: 'claude', version: '2.1.0' } }))).toBe('claude 2.1.0');
    expect(agentLabel(session({ agent: null }))).toBe('no agent');
    expect(disagreement(snapshot([]).groundTruth)).toBeNull();
    expect(
      disagreement({ ...snapshot([]).groundTruth, agreed: false, registryCount: 3, terminalCount: 2 }),
    ).toMatch(/registry lists 3 .* terminals show 2/);
  });

  it('formats durations and never shows state by colour alone', () => {
    expect([formatDuration(-5), formatDuration(42_000), formatDuration(3_723_000)]).toEqual([
      '0s',
      '42s',
      '1h 2m',
    ]);
    expect(stateMeta('permission')).toMatchObject({ word: 'Needs permission', tone: 'attention' });
  });
});
