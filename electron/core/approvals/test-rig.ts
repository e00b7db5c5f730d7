/**
 * A Supervisor over fakes for the approvals tests: a fake tmux driver whose agent shows `ASK …`
 * prompts, a fake clock, an in-memory store shared across "restarts", and an optional policy.
 */
import type { TowerError } from '../../contract/api';
import type { Snapshot } from '../../contract/dto';
import { compilePolicy } from '../policy/compile';
import { SAMPLE_DOCUMENT } from '../policy/test-support';
import type { Policy, PolicyProvider } from '../policy/types';
import type { Store } from '../ports';
import { Supervisor } from '../supervisor';
import { FakeClock } from '../testing/fake-clock';
import { FakeTerminalDriver } from '../testing/fake-terminal-driver';
import { MemoryAuditSink, MemoryStore } from '../testing/memory-audit';
import { scriptedDetector } from '../testing/scripted-detector';
import type { EscalationConfig } from './escalation';

/** Ladder used by the tests: dialog 30 s, Telegram 120 s, phone 600 s after Telegram, expiry 1 h. */
export const TEST_LADDER: EscalationConfig = {
  dialogAfterMs: 30_000,
  telegramAfterMs: 120_000,
  phoneAfterMs: 600_000,
  quietHours: null,
  quietChannels: ['phone'],
  expireAfterMs: 3_600_000,
};

/** The sample policy, enforcing (asks for `git push`, allows `git status`). */
export const ENFORCING: Policy = compilePolicy({ ...SAMPLE_DOCUMENT, shadow: false }, 'test policy');

/** What a test starts with; `restart` builds a new Supervisor over the same driver, store and clock. */
export interface Rig {
  readonly clock: FakeClock;
  readonly driver: FakeTerminalDriver;
  readonly audit: MemoryAuditSink;
  readonly store: Store;
  supervisor: Supervisor;
  approvals(): Promise<Snapshot['approvals']>;
  restart(store?: Store): Promise<Supervisor>;
}

/** Builds the rig (not started). */
export function rig(
  options: {
    policy?: Policy;
    /** A provider of its own (e.g. one whose policy changes); its `escalation:` applies unless one is given. */
    provider?: PolicyProvider;
    escalation?: EscalationConfig;
    store?: Store;
    settleMs?: number;
  } = {},
): Rig {
  const clock = new FakeClock(Date.UTC(2026, 10, 22, 12, 0, 0));
  const driver = new FakeTerminalDriver('tmux');
  const audit = new MemoryAuditSink();
  const policy = options.policy;
  const provider: PolicyProvider | undefined =
    options.provider ??
    (policy ? { current: () => policy, home: '/home/dev', protectedPaths: [] } : undefined);
  const escalation = options.escalation ?? (options.provider ? undefined : TEST_LADDER);
  const make = (store: Store) =>
    new Supervisor({
      drivers: [driver],
      detector: scriptedDetector,
      clock,
      audit,
      store,
      ...(provider ? { policy: provider } : {}),
      ...(escalation ? { escalation } : {}),
      options: { settleMs: options.settleMs ?? 0, confirmTimeoutMs: 1_000, confirmPollMs: 100 },
    });
  const store = options.store ?? new MemoryStore();
  const r: Rig = {
    clock,
    driver,
    audit,
    store,
    supervisor: make(store),
    approvals: async () => (await r.supervisor.getSnapshot()).approvals,
    restart: async (next = store) => {
      r.supervisor.stop();
      r.supervisor = make(next);
      await r.supervisor.start();
      return r.supervisor;
    },
  };
  return r;
}

/** The TowerError a call failed with. */
export async function refusal(promise: Promise<unknown>): Promise<TowerError> {
  try {
    await promise;
  } catch (error) {
    return error as TowerError;
  }
  throw new Error('expected the call to be refused');
}

/** A copy of a memory store as it is now: what a `kill -9` at this instant leaves on disk. */
export function frozenCopy(store: Store): MemoryStore {
  const data = (store as MemoryStore).data;
  return new MemoryStore(new Map(JSON.parse(JSON.stringify([...data])) as [string, unknown][]));
}
