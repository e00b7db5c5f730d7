/**
 * Fakes for the phone bridge's unit tests: a TOTP whose valid code is a function of the 30 s step,
 * a signature "scheme" that binds the URL and parameters, a backend over a mutable snapshot, and a
 * recording call placer. Real otplib and twilio are exercised by the adapter and e2e tests.
 */
import type { AnswerPromptArgs, SendTextArgs } from '../../../contract/api';
import type { AnswerOutcome, ApprovalView, PromptView, SessionView, Snapshot } from '../../../contract/dto';
import type { CallPlacer, PhoneBackend, PhoneSnapshot, SignatureCheck, TotpVerifier } from '../ports';

/** The code the fake TOTP accepts for the 30 s step containing `atMs`. */
export function fakeCode(atMs: number): string {
  return String((Math.floor(atMs / 30_000) * 7_919) % 1_000_000).padStart(6, '0');
}

/** Valid within ±1 step, refused at or before `afterTimeStep`. */
export const fakeTotp: TotpVerifier = {
  verify(code, atMs, after) {
    const step = Math.floor(atMs / 30_000);
    for (const s of [step - 1, step, step + 1]) {
      if (fakeCode(s * 30_000) === code && (after === null || s > after))
        return Promise.resolve({ valid: true, timeStep: s });
    }
    return Promise.resolve({ valid: false });
  },
};

/** What a "signature" is in unit tests: the URL and sorted params, so any change breaks it. */
export function fakeSign(url: string, params: Readonly<Record<string, string>>): string {
  return `sig:${url}|${Object.keys(params)
    .sort()
    .map((k) => `${k}=${params[k]}`)
    .join('&')}`;
}

export const fakeSignatures: SignatureCheck = {
  valid: (url, params, signature) => signature === fakeSign(url, params as Record<string, string>),
};

/** A Claude-like Bash permission prompt. */
export function bashPrompt(command: string, fingerprint = `fp-${command}`): PromptView {
  return {
    kind: 'permission',
    type: 'bash',
    tool: 'Bash',
    subject: command,
    question: 'Do you want to proceed?',
    options: [
      { label: 'Yes', keys: ['1'], selected: true, remembers: false, role: 'approve' },
      { label: 'No', keys: ['3'], selected: false, remembers: false, role: 'deny' },
    ],
    fingerprint,
    autoAnswerable: true,
  };
}

/** A session view with sensible defaults. */
export function session(number: number, over: Partial<SessionView> = {}): SessionView {
  return {
    id: `tmux:s${number}`,
    number,
    provider: 'tmux',
    terminalId: `s${number}`,
    title: `agent ${number}`,
    agent: { kind: 'claude', version: '2.1.330' },
    state: 'working',
    evidence: [],
    prompt: null,
    pid: 100 + number,
    cwd: '/home/owner/tower',
    stateSince: 0,
    firstSeen: 0,
    lastSeen: 0,
    gone: false,
    tail: ['SECRET SCREEN TEXT that must never be read aloud'],
    ...over,
  };
}

/** An approval raised for a session's prompt. */
export function approval(view: SessionView, over: Partial<ApprovalView> = {}): ApprovalView {
  const prompt = view.prompt ?? bashPrompt('true');
  return {
    id: `ap-${view.number}`,
    session: view.id,
    sessionNumber: view.number,
    agent: 'claude',
    fingerprint: prompt.fingerprint,
    prompt,
    reason: 'policy says ask for npm install',
    status: 'pending',
    createdAt: 0,
    expiresAt: null,
    escalatedTo: ['tray'],
    answer: null,
    endedBecause: null,
    ...over,
  };
}

/** A backend over a snapshot the test edits; records answers and typed text. */
export class FakePhoneBackend implements PhoneBackend {
  snapshot: PhoneSnapshot = { sessions: [], approvals: [], lockdown: false, version: 1 };
  readonly answers: AnswerPromptArgs[] = [];
  readonly texts: SendTextArgs[] = [];
  lockdowns = 0;
  /** The channel each LOCKDOWN call named (a remote bridge must never pass as local). */
  readonly lockdownChannels: (string | undefined)[] = [];
  private listeners: ((s: Snapshot) => void)[] = [];

  set(next: Partial<PhoneSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...next, version: this.snapshot.version + 1 };
    for (const l of this.listeners) l(this.snapshot as Snapshot);
  }

  getSnapshot(): Promise<PhoneSnapshot> {
    return Promise.resolve(this.snapshot);
  }

  on(_event: 'snapshot', listener: (s: Snapshot) => void): () => void {
    this.listeners.push(listener);
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  answerPrompt(args: AnswerPromptArgs): Promise<AnswerOutcome> {
    this.answers.push(args);
    return Promise.resolve({
      kind: 'delivered',
      keys: [args.choice === 'deny' ? '3' : '1'],
      confirmed: true,
    });
  }

  sendText(args: SendTextArgs): Promise<{ readonly delivered: true }> {
    this.texts.push(args);
    return Promise.resolve({ delivered: true });
  }

  lockdown(args: {
    engaged: boolean;
    channel?: string | undefined;
  }): Promise<{ readonly lockdown: boolean }> {
    this.lockdowns += 1;
    this.lockdownChannels.push(args.channel);
    this.set({ lockdown: args.engaged });
    return Promise.resolve({ lockdown: args.engaged });
  }
}

/** Records calls it is asked to place. */
export class RecordingPlacer implements CallPlacer {
  readonly placed: Parameters<CallPlacer['place']>[0][] = [];
  place(args: Parameters<CallPlacer['place']>[0]): Promise<{ readonly sid: string }> {
    this.placed.push(args);
    return Promise.resolve({ sid: `CA${String(this.placed.length).padStart(32, '0')}` });
  }
}
