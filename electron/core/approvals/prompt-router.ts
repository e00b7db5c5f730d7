/**
 * Where a new prompt goes: policy decides first (allow types through the auto-approver); every prompt
 * policy does not answer itself (ask, shadow mode, no policy at all) becomes an approval for the owner.
 * In a hooks session the screen usually shows Claude's dialog before its PermissionRequest hook lands,
 * so such a prompt waits a short grace for the hook before it is raised (else every hook-approved
 * command would flash a badge and a notification).
 */
import type { Clock } from '../ports';
import type { AutoApprover } from '../policy/auto-approver';
import type { Session } from '../sessions/session';
import type { ApprovalQueue } from './approval-queue';

/** What the router needs. */
export interface PromptRouterDeps {
  readonly approvals: ApprovalQueue;
  readonly auto: AutoApprover | null;
  readonly clock: Clock;
  readonly hookGraceMs: number;
  /** The session as the latest scan left it (sessions are replaced on every scan). */
  readonly current: (sessionId: string) => Session | undefined;
  readonly live: () => readonly Session[];
  /** False once the Supervisor stopped: a grace timer firing then raises nothing. */
  readonly running: () => boolean;
  readonly toast: (message: string) => void;
}

const why = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Routes prompts to policy or to the owner. */
export class PromptRouter {
  constructor(private readonly deps: PromptRouterDeps) {}

  /** Called inside a scan: the decision is made now (the snapshot shows it), the answer runs after. */
  onNewPrompt(session: Session, lines: readonly string[]): void {
    const { approvals, auto } = this.deps;
    const prompt = session.prompt;
    // A prompt restored with an approval or an answer on record is the queue's, not policy's.
    if (!prompt || approvals.knows(session.id, prompt.fingerprint)) return;
    if (!auto) {
      this.raise(session, 'no policy: every prompt goes to the owner');
      return;
    }
    const work = auto.decide(session, lines);
    const view = auto.viewFor(session);
    if (view && (view.decision === 'ask' || view.shadow)) {
      const what = `${view.rule}: ${view.explanation}`;
      const reason = view.shadow ? `shadow mode (policy types nothing); ${what}` : what;
      if (view.rule === 'hook:no-request' || view.rule === 'hook:answered')
        this.raiseAfterHookGrace(session, prompt.fingerprint, reason);
      else this.raise(session, reason);
    }
    work.catch((error: unknown) => {
      this.deps.toast(`policy could not record its decision for session ${session.number}: ${why(error)}`);
    });
  }

  /** Policy revised a decision to ask (a link escape found on disk): that prompt needs the owner now. */
  raiseRevisedAsks(): void {
    for (const session of this.deps.live()) {
      const view = this.deps.auto?.viewFor(session);
      if (view?.decision === 'ask' && !this.deps.approvals.knows(session.id, view.fingerprint))
        this.raise(session, `${view.rule}: ${view.explanation}`);
    }
  }

  // Raised only if the same prompt still shows once the hook had its chance to answer it.
  private raiseAfterHookGrace(session: Session, fingerprint: string, reason: string): void {
    this.deps.clock.after(this.deps.hookGraceMs, () => {
      const now = this.deps.current(session.id);
      if (!this.deps.running() || !now || now.goneAt !== null || now.prompt?.fingerprint !== fingerprint)
        return;
      this.raise(now, reason);
    });
  }

  private raise(session: Session, reason: string): void {
    this.deps.approvals.raise(session, reason).catch((error: unknown) => {
      this.deps.toast(`could not record the approval for session ${session.number}: ${why(error)}`);
    });
  }
}
