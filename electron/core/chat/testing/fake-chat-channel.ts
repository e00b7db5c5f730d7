/**
 * FakeChatChannel and FakeChatBackend: hand-written fakes for the chat bridge's tests.
 */
import type {
  AddTaskArgs,
  AnswerPromptArgs,
  ConfigurePoolArgs,
  OpenAgentArgs,
  TowerEvents,
} from '../../../contract/api';
import { TowerError } from '../../../contract/api';
import type {
  AnswerOutcome,
  ApprovalView,
  PoolView,
  PromptView,
  SessionView,
  Snapshot,
  TaskView,
} from '../../../contract/dto';
import { EMPTY_POOL_VIEW } from '../../../contract/dto';
import type { ChatBackend, ChatChannel, ChatInbound, ChatMessage, RandomSource } from '../ports';

/** One call the bridge made on the channel. */
export type ChannelCall =
  | {
      readonly kind: 'send';
      readonly chatId: number;
      readonly messageId: number;
      readonly message: ChatMessage;
    }
  | {
      readonly kind: 'edit';
      readonly chatId: number;
      readonly messageId: number;
      readonly message: ChatMessage;
    }
  | { readonly kind: 'answer'; readonly callbackId: string; readonly notice: string };

/** Records every outgoing call; `deliver` plays an update in. */
export class FakeChatChannel implements ChatChannel {
  readonly name = 'telegram';
  readonly calls: ChannelCall[] = [];
  private handler: ((event: ChatInbound) => Promise<void>) | null = null;
  private nextId = 100;

  send(chatId: number, message: ChatMessage): Promise<{ readonly messageId: number }> {
    const messageId = (this.nextId += 1);
    this.calls.push({ kind: 'send', chatId, messageId, message });
    return Promise.resolve({ messageId });
  }

  edit(chatId: number, messageId: number, message: ChatMessage): Promise<void> {
    this.calls.push({ kind: 'edit', chatId, messageId, message });
    return Promise.resolve();
  }

  answerButton(callbackId: string, notice: string): Promise<void> {
    this.calls.push({ kind: 'answer', callbackId, notice });
    return Promise.resolve();
  }

  onInbound(handler: (event: ChatInbound) => Promise<void>): () => void {
    this.handler = handler;
    return () => (this.handler = null);
  }

  /** Plays one update through the registered handler. */
  async deliver(event: ChatInbound): Promise<void> {
    await this.handler?.(event);
  }

  /** Messages sent to `chatId`, texts only. */
  sentTo(chatId: number): string[] {
    return this.calls.flatMap((c) => (c.kind === 'send' && c.chatId === chatId ? [c.message.text] : []));
  }
}

/** Deterministic "randomness": a counter, so nonces and codes differ but tests are repeatable. */
export class CountingRandom implements RandomSource {
  private n = 0;
  bytes(count: number): Uint8Array {
    const out = new Uint8Array(count);
    for (let i = 0; i < count; i += 1) out[i] = (this.n * 31 + i * 7 + 3) & 0xff;
    this.n += 1;
    return out;
  }
}

/** A Tower that answers each prompt instance once and types into an array. */
export class FakeChatBackend implements ChatBackend {
  snapshot: Snapshot = {
    sessions: [],
    approvals: [],
    bridges: [],
    pool: EMPTY_POOL_VIEW,
    groundTruth: GROUND,
    lockdown: false,
    version: 0,
  };
  readonly answers: AnswerPromptArgs[] = [];
  readonly opened: OpenAgentArgs[] = [];
  readonly poolChanges: ConfigurePoolArgs[] = [];
  readonly typed: { session: string; text: string }[] = [];
  readonly closed: string[] = [];
  private readonly answered = new Set<string>();
  private listeners = new Set<(s: Snapshot) => void>();

  getSnapshot(): Promise<Snapshot> {
    return Promise.resolve(this.snapshot);
  }

  on(_event: 'snapshot', listener: (payload: TowerEvents['snapshot']) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Replaces the sessions and publishes. */
  publish(sessions: readonly SessionView[], lockdown = this.snapshot.lockdown): void {
    this.patch({ sessions, lockdown });
  }

  /** Replaces any part of the snapshot and publishes. */
  patch(patch: Partial<Snapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch, version: this.snapshot.version + 1 };
    for (const l of this.listeners) l(this.snapshot);
  }

  /** Replaces the pool's fields and publishes. */
  patchPool(patch: Partial<PoolView>): void {
    this.patch({ pool: { ...this.snapshot.pool, ...patch } });
  }

  addTask(args: AddTaskArgs): Promise<TaskView> {
    const task: TaskView = {
      id: `t${this.snapshot.pool.tasks.length + 1}`,
      text: args.text,
      status: 'queued',
      createdAt: 0,
      session: null,
      startedAt: null,
      doneAt: null,
    };
    this.patchPool({ tasks: [...this.snapshot.pool.tasks, task] });
    return Promise.resolve(task);
  }

  listTasks(): Promise<readonly TaskView[]> {
    return Promise.resolve(this.snapshot.pool.tasks);
  }

  configurePool(args: ConfigurePoolArgs): Promise<PoolView> {
    this.poolChanges.push(args);
    this.patchPool(args.paused === undefined ? {} : { paused: args.paused });
    return Promise.resolve(this.snapshot.pool);
  }

  openAgent(args: OpenAgentArgs): Promise<SessionView> {
    this.opened.push(args);
    const view = sessionView(this.snapshot.sessions.length + 20, { title: args.title ?? '' });
    this.publish([...this.snapshot.sessions, view]);
    return Promise.resolve(view);
  }

  answerPrompt(args: AnswerPromptArgs): Promise<AnswerOutcome> {
    const view = this.snapshot.sessions.find((s) => s.id === args.session);
    if (this.snapshot.lockdown) return Promise.reject(new TowerError('lockdown', 'LOCKDOWN is engaged'));
    if (!view?.prompt || view.prompt.fingerprint !== args.fingerprint)
      return Promise.reject(new TowerError('prompt-changed', 'the prompt changed'));
    const key = `${args.session}/${args.fingerprint}`;
    if (this.answered.has(key)) return Promise.reject(new TowerError('not-allowed', 'already answered'));
    this.answered.add(key);
    this.answers.push(args);
    return Promise.resolve({ kind: 'delivered', keys: ['1'], confirmed: true });
  }

  sendText(args: { session: string; text: string }): Promise<{ readonly delivered: true }> {
    if (this.snapshot.lockdown) return Promise.reject(new TowerError('lockdown', 'LOCKDOWN is engaged'));
    this.typed.push({ session: args.session, text: args.text });
    return Promise.resolve({ delivered: true });
  }

  closeAgent(args: { session: string }): Promise<{ readonly closed: true }> {
    this.closed.push(args.session);
    return Promise.resolve({ closed: true });
  }

  lockdown(args: { engaged: boolean }): Promise<{ readonly lockdown: boolean }> {
    this.publish(this.snapshot.sessions, args.engaged);
    return Promise.resolve({ lockdown: args.engaged });
  }
}

const GROUND = { registryCount: 0, terminalCount: 0, agreed: true, providers: [], scannedAt: 0 };

/** A pending approval for `view`'s prompt, escalated as far as `escalatedTo`. */
export function approvalOf(view: SessionView, patch: Partial<ApprovalView> = {}): ApprovalView {
  const prompt = view.prompt;
  if (!prompt) throw new Error('approvalOf needs a view with a prompt');
  return {
    id: `ap-${view.id}-${prompt.fingerprint}`,
    session: view.id,
    sessionNumber: view.number,
    agent: view.agent?.kind ?? null,
    fingerprint: prompt.fingerprint,
    prompt,
    reason: 'no rule allows Bash here',
    status: 'pending',
    createdAt: 0,
    expiresAt: null,
    escalatedTo: ['tray'],
    answer: null,
    endedBecause: null,
    ...patch,
  };
}

/** A session view with sensible defaults. */
export function sessionView(number: number, patch: Partial<SessionView> = {}): SessionView {
  return {
    id: `tmux:s${number}`,
    number,
    provider: 'tmux',
    terminalId: `s${number}`,
    title: `project ${number}`,
    agent: { kind: 'claude', version: '2.1.330' },
    state: 'working',
    evidence: [],
    prompt: null,
    pid: 100 + number,
    cwd: '/home/owner/project',
    stateSince: 0,
    firstSeen: 0,
    lastSeen: 0,
    gone: false,
    tail: ['$ claude', 'Working…'],
    ...patch,
  };
}

/** A Bash permission prompt for `command`. */
export function bashPrompt(command: string, fingerprint = `fp-${command}`): PromptView {
  return {
    kind: 'permission',
    type: 'bash',
    tool: 'Bash',
    subject: command,
    question: 'Do you want to proceed?',
    options: [
      { label: 'Yes', keys: ['1'], selected: true, remembers: false, role: 'approve' },
      {
        label: "Yes, and don't ask again",
        keys: ['2'],
        selected: false,
        remembers: true,
        role: 'approve-remember',
      },
      { label: 'No', keys: ['3'], selected: false, remembers: false, role: 'deny' },
    ],
    fingerprint,
    autoAnswerable: true,
  };
}
