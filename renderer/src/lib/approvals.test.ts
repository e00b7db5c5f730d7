import { describe, expect, it } from 'vitest';
import type { ApprovalView } from '../../../electron/contract/dto';
import { approval, prompt, session, snapshot } from '../testing/fixtures';
import { describeEnded, endedApprovals, escalationPath, pendingItems } from './approvals';

const time = (ms: number) => `t${ms}`;

describe('pendingItems', () => {
  it('puts queue items first (oldest first), then prompts on screen the queue does not hold', () => {
    const a = session({ id: 'a', number: 1, prompt: prompt('make a') });
    const b = session({ id: 'b', number: 2, prompt: prompt('make b') });
    const c = session({ id: 'c', number: 3, prompt: prompt('make c') });
    const snap = {
      ...snapshot([a, b, c]),
      approvals: [
        approval({ id: 'q2', session: 'b', prompt: prompt('make b'), createdAt: 20 }),
        approval({ id: 'q1', session: 'a', prompt: prompt('make a'), createdAt: 10 }),
      ],
    };
    expect(pendingItems(snap).map((i) => [i.key, i.approval?.id ?? null])).toEqual([
      ['q1', 'q1'],
      ['q2', 'q2'],
      ['c:fp:make c', null],
    ]);
  });

  it('never lists a prompt twice, nor one whose approval ended, nor a gone session', () => {
    const a = session({ id: 'a', prompt: prompt('make a') });
    const gone = session({ id: 'g', number: 2, gone: true, prompt: prompt('x') });
    const answered: ApprovalView = {
      ...approval({ session: 'a', prompt: prompt('make a') }),
      status: 'answered',
      answer: { choice: 'approve', channel: 'telegram:42', at: 5, delivered: true },
    };
    expect(pendingItems({ ...snapshot([a, gone]), approvals: [answered] })).toEqual([]);
  });
});

describe('ended approvals', () => {
  it('says who answered where and whether it was typed, newest first', () => {
    const first: ApprovalView = {
      ...approval({ id: 'x' }),
      status: 'answered',
      answer: { choice: 'deny', channel: 'telegram:42', at: 100, delivered: true },
    };
    const second: ApprovalView = {
      ...approval({ id: 'y', createdAt: 200 }),
      status: 'expired',
      endedBecause: 'the prompt left the screen',
    };
    const ended = endedApprovals({ ...snapshot([]), approvals: [first, second] });
    expect(ended.map((a) => describeEnded(a, time))).toEqual([
      'Expired: the prompt left the screen',
      'Denied via telegram:42 at t100 — typed',
    ]);
  });

  it('shows the escalation path', () => {
    expect(escalationPath({ ...approval(), escalatedTo: ['tray', 'dialog'] })).toBe('tray → dialog');
    expect(escalationPath(approval({ escalatedTo: [] }))).toBeNull();
  });
});
