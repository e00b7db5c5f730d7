/**
 * FakeBackend: a hand-written ApiBackend for transport and CLI tests.
 *
 * Records every call with its arguments, answers from a settable snapshot, throws a queued error when
 * told to, and lets a test emit events as the Supervisor would.
 */
import type {
  AddTaskArgs,
  AnswerPromptArgs,
  BroadcastArgs,
  ConfigurePoolArgs,
  LockdownArgs,
  UnlockPhoneArgs,
  OpenAgentArgs,
  SendTextArgs,
  SessionArgs,
  TaskArgs,
  TowerEventName,
  TowerEvents,
  TowerMethod,
} from '../contract/api';
import type { AnswerOutcome, PoolView, SessionView, Snapshot, TaskView } from '../contract/dto';
import { EMPTY_POOL_VIEW } from '../contract/dto';
import type { SecretInfo, SecretNameArgs, SetSecretArgs } from '../contract/settings';
import type { ApiBackend } from './rpc';

/** One recorded call. */
export interface RecordedCall {
  readonly method: TowerMethod;
  readonly args: unknown;
}

/** A session view with sensible defaults, overridable per field. */
export function fakeSession(
  overrides: Partial<SessionView> & Pick<SessionView, 'id' | 'number'>,
): SessionView {
  return {
    provider: 'tmux',
    terminalId: `tmux:${overrides.id}`,
    title: `session ${overrides.number}`,
    agent: { kind: 'claude', version: '2.1.0' },
    state: 'working',
    evidence: [],
    prompt: null,
    pid: 1000 + overrides.number,
    cwd: '/tmp',
    stateSince: 0,
    firstSeen: 0,
    lastSeen: 0,
    gone: false,
    tail: [],
    ...overrides,
  };
}

/** A snapshot holding the given sessions, with registry and terminals agreeing. */
export function fakeSnapshot(sessions: readonly SessionView[], version = 1): Snapshot {
  return {
    sessions,
    approvals: [],
    bridges: [],
    pool: EMPTY_POOL_VIEW,
    groundTruth: {
      registryCount: sessions.length,
      terminalCount: sessions.length,
      agreed: true,
      providers: [{ id: 'tmux', available: true, reason: null }],
      scannedAt: 0,
    },
    lockdown: false,
    version,
  };
}

/** The fake itself. */
export class FakeBackend implements ApiBackend {
  readonly calls: RecordedCall[] = [];
  snapshot: Snapshot = fakeSnapshot([]);
  /** Thrown by the next call (then cleared). */
  nextError: unknown = undefined;
  answer: AnswerOutcome = { kind: 'delivered', keys: ['1'], confirmed: true };
  private readonly listeners = new Map<TowerEventName, Set<(payload: never) => void>>();

  getSnapshot(): Promise<Snapshot> {
    return this.record('getSnapshot', undefined, () => this.snapshot);
  }
  answerPrompt(args: AnswerPromptArgs): Promise<AnswerOutcome> {
    return this.record('answerPrompt', args, () => this.answer);
  }
  sendText(args: SendTextArgs): Promise<{ readonly delivered: true }> {
    return this.record('sendText', args, () => ({ delivered: true }) as const);
  }
  openAgent(args: OpenAgentArgs): Promise<SessionView> {
    return this.record('openAgent', args, () =>
      fakeSession({ id: 'new-session', number: 99, title: args.title ?? 'new', cwd: args.cwd ?? null }),
    );
  }
  closeAgent(args: SessionArgs): Promise<{ readonly closed: true }> {
    return this.record('closeAgent', args, () => ({ closed: true }) as const);
  }
  lockdown(args: LockdownArgs): Promise<{ readonly lockdown: boolean }> {
    return this.record('lockdown', args, () => ({ lockdown: args.engaged }));
  }
  /** What unlockPhone answers (the lockout it lifted, or null). */
  phoneLockedUntil: number | null = null;
  unlockPhone(
    args: UnlockPhoneArgs,
  ): Promise<{ readonly lifted: boolean; readonly lockedUntil: number | null }> {
    return this.record('unlockPhone', args, () => {
      const lockedUntil = this.phoneLockedUntil;
      this.phoneLockedUntil = null;
      return { lifted: lockedUntil !== null, lockedUntil };
    });
  }
  addTask(args: AddTaskArgs): Promise<TaskView> {
    return this.record('addTask', args, () => ({
      id: 't1',
      text: args.text,
      status: 'queued' as const,
      createdAt: 0,
      session: null,
      startedAt: null,
      doneAt: null,
    }));
  }
  listTasks(): Promise<readonly TaskView[]> {
    return this.record('listTasks', undefined, () => this.snapshot.pool.tasks);
  }
  removeTask(args: TaskArgs): Promise<{ readonly removed: true }> {
    return this.record('removeTask', args, () => ({ removed: true }) as const);
  }
  configurePool(args: ConfigurePoolArgs): Promise<PoolView> {
    return this.record('configurePool', args, () => this.snapshot.pool);
  }
  broadcast(
    args: BroadcastArgs,
  ): Promise<{ readonly delivered: readonly string[]; readonly skipped: readonly string[] }> {
    return this.record('broadcast', args, () => ({ delivered: [], skipped: [] }));
  }
  focusAgent(args: SessionArgs): Promise<{ readonly focused: true }> {
    return this.record('focusAgent', args, () => ({ focused: true }) as const);
  }
  /** What listSecrets answers. */
  secrets: readonly SecretInfo[] = [];
  listSecrets(): Promise<readonly SecretInfo[]> {
    return this.record('listSecrets', undefined, () => this.secrets);
  }
  setSecret(args: SetSecretArgs): Promise<{ readonly set: true }> {
    return this.record('setSecret', args, () => ({ set: true }) as const);
  }
  deleteSecret(args: SecretNameArgs): Promise<{ readonly deleted: true }> {
    return this.record('deleteSecret', args, () => ({ deleted: true }) as const);
  }

  on<E extends TowerEventName>(event: E, listener: (payload: TowerEvents[E]) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener);
    this.listeners.set(event, set);
    return () => set.delete(listener);
  }

  /** Pushes an event to every subscriber, as the Supervisor does. */
  emit<E extends TowerEventName>(event: E, payload: TowerEvents[E]): void {
    for (const listener of this.listeners.get(event) ?? [])
      (listener as (p: TowerEvents[E]) => void)(payload);
  }

  /** How many listeners are subscribed to an event (to check servers unsubscribe on close). */
  listenerCount(event: TowerEventName): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  private record<T>(method: TowerMethod, args: unknown, result: () => T): Promise<T> {
    this.calls.push({ method, args });
    const error = this.nextError;
    if (error !== undefined) {
      this.nextError = undefined;
      return Promise.reject(error instanceof Error ? error : new Error('fake failure'));
    }
    return Promise.resolve(result());
  }
}
