/**
 * The auto-approval path: each NEW prompt instance is decided once by policy, the decision is kept for
 * the session view and written to the audit log, and an `allow` or `deny` (outside shadow mode) is
 * answered through the one answering path (re-read, settle, fingerprint check, typed once, confirmed)
 * with the channel `policy:<rule id>`.
 *
 * It never types under LOCKDOWN (it does not even try), never beyond the per-session rate limit, and
 * never chooses anything but the plain approve or deny option.
 */
import type { AnswerPromptArgs } from '../../contract/api';
import type { AnswerOutcome, PolicyDecisionView, PromptView } from '../../contract/dto';
import type { AuditSink, Clock } from '../ports';
import type { Session } from '../sessions/session';
import { evaluatePolicy } from './evaluate';
import { linkEscape, pathsInsideProject } from './links';
import { subjectRowProblem } from './screen-check';
import type { PolicyDecision, PolicyProvider } from './types';

/** What the auto-approver needs from the supervisor. */
export interface AutoApproverDeps {
  readonly provider: PolicyProvider;
  readonly audit: AuditSink;
  readonly clock: Clock;
  readonly isLockedDown: () => boolean;
  /** The supervisor's own answerPrompt: the only way an answer reaches a terminal. */
  readonly answer: (args: AnswerPromptArgs) => Promise<AnswerOutcome>;
  /** A decision was revised after it was first shown (a link escape found on disk): publish again. */
  readonly changed?: () => void;
  /** Last word on a screen decision (hooks: with Claude Code hooks active, allow goes through the hook only). */
  readonly gate?: (session: Session, decision: PolicyDecision) => PolicyDecision;
}

const MINUTE = 60_000;

/** An allow stands only if the screen shows the subject whole on one row of the dialog. */
export function onScreen(
  decision: PolicyDecision,
  prompt: PromptView,
  lines: readonly string[],
): PolicyDecision {
  if (decision.decision !== 'allow') return decision;
  const problem = subjectRowProblem(prompt, lines);
  if (problem === null) return decision;
  return {
    decision: 'ask',
    rule: 'builtin:unverifiable',
    explanation: `Sent to the owner: ${problem} (rule "${decision.rule}" would have allowed it).`,
  };
}

/** Decides new prompts by policy and answers the ones policy settles. */
export class AutoApprover {
  private readonly decisions = new Map<string, PolicyDecisionView>();
  private readonly answeredAt = new Map<string, number[]>();

  constructor(private readonly deps: AutoApproverDeps) {}

  /** The decision on the prompt `session` shows now, if policy saw that exact prompt. */
  viewFor(session: Session): PolicyDecisionView | null {
    const view = this.decisions.get(session.id);
    return view && session.prompt?.fingerprint === view.fingerprint ? view : null;
  }

  /**
   * Decides `session`'s new prompt now (so the next snapshot shows it) and returns the audit-and-answer
   * work, which the caller must not await inside a scan (answering re-reads the screen).
   */
  decide(session: Session, lines: readonly string[]): Promise<void> {
    const prompt = session.prompt;
    if (!prompt) return Promise.resolve();
    const policy = this.deps.provider.current();
    const ctx = {
      agent: session.agent?.kind ?? null,
      cwd: session.terminal.cwd,
      home: this.deps.provider.home,
      protectedPaths: this.deps.provider.protectedPaths,
    };
    const onScreenDecision = onScreen(evaluatePolicy(policy, prompt, ctx), prompt, lines);
    const evaluated = this.deps.gate ? this.deps.gate(session, onScreenDecision) : onScreenDecision;
    const acts = evaluated.decision !== 'ask' && !policy.shadow;
    const decision = acts ? this.gate(session.id, evaluated, policy.maxAutoPerMinute) : evaluated;
    const view: PolicyDecisionView = { ...decision, shadow: policy.shadow, fingerprint: prompt.fingerprint };
    this.decisions.set(session.id, view);
    const choice = !policy.shadow && decision.decision !== 'ask' ? decision.decision : null;
    return this.record(session, view, policy.source, choice).then(async () => {
      if (choice === null) return;
      if (choice === 'allow' && !(await this.linksStayInside(session, view, policy.source))) return;
      await this.act(session, view, choice);
    });
  }

  /** Forgets a session that is gone. */
  forget(sessionId: string): void {
    this.decisions.delete(sessionId);
    this.answeredAt.delete(sessionId);
  }

  // LOCKDOWN and the runaway brake turn a decision that would type into one for the owner.
  private gate(sessionId: string, decision: PolicyDecision, perMinute: number): PolicyDecision {
    const now = this.deps.clock.now();
    if (this.deps.isLockedDown()) {
      return {
        decision: 'ask',
        rule: 'builtin:lockdown',
        explanation: `LOCKDOWN is engaged, so Tower types nothing; policy would ${decision.decision} (${decision.explanation})`,
      };
    }
    if (decision.decision !== 'allow') return decision;
    const recent = (this.answeredAt.get(sessionId) ?? []).filter((at) => now - at < MINUTE);
    if (recent.length >= perMinute) {
      return {
        decision: 'ask',
        rule: 'builtin:rate-limit',
        explanation: `${recent.length} prompts were auto-approved in this session in the last minute (limit ${perMinute}); the owner decides the rest`,
      };
    }
    this.answeredAt.set(sessionId, [...recent, now]);
    return decision;
  }

  // Paths inside the project as written must stay inside it on disk; otherwise the owner decides.
  private async linksStayInside(
    session: Session,
    view: PolicyDecisionView,
    source: string,
  ): Promise<boolean> {
    const realPath = this.deps.provider.realPath;
    const prompt = session.prompt;
    if (!realPath || !prompt) return true;
    const base = { cwd: session.terminal.cwd, home: this.deps.provider.home };
    const paths = pathsInsideProject(prompt, base);
    if (paths.length === 0) return true;
    const safely = (p: string) => realPath(p).catch(() => null);
    const realCwd = base.cwd === null ? null : await safely(base.cwd);
    const real = new Map(await Promise.all(paths.map(async (p) => [p, await safely(p)] as const)));
    const escape = linkEscape(paths, real, realCwd);
    if (escape === null) return true;
    const revised: PolicyDecisionView = {
      ...view,
      decision: 'ask',
      rule: 'builtin:link-escape',
      explanation: `Sent to the owner: ${escape} (rule "${view.rule}" would have allowed it).`,
    };
    this.decisions.set(session.id, revised);
    await this.record(session, revised, source, null);
    this.deps.changed?.();
    return false;
  }

  private async record(
    session: Session,
    view: PolicyDecisionView,
    source: string,
    choice: 'allow' | 'deny' | null,
  ): Promise<void> {
    const prompt = session.prompt;
    await this.deps.audit.append({
      at: this.deps.clock.now(),
      kind: 'policy-decision',
      session: session.id,
      channel: `policy:${view.rule}`,
      detail: {
        ...view,
        action: choice === null ? 'none' : choice === 'allow' ? 'approve' : 'deny',
        policy: source,
        agent: session.agent?.kind ?? null,
        cwd: session.terminal.cwd,
        type: prompt?.type ?? null,
        tool: prompt?.tool ?? null,
        subject: prompt?.subject ?? null,
      },
    });
  }

  private async act(session: Session, view: PolicyDecisionView, choice: 'allow' | 'deny'): Promise<void> {
    // Checked again at the last moment: LOCKDOWN may have been engaged while the decision was audited.
    if (this.deps.isLockedDown()) return;
    try {
      await this.deps.answer({
        session: session.id,
        choice: choice === 'allow' ? 'approve' : 'deny',
        fingerprint: view.fingerprint,
        channel: `policy:${view.rule}`,
      });
    } catch (error) {
      await this.deps.audit.append({
        at: this.deps.clock.now(),
        kind: 'policy-answer-failed',
        session: session.id,
        channel: `policy:${view.rule}`,
        detail: {
          fingerprint: view.fingerprint,
          reason: error instanceof Error ? error.message : String(error),
        },
      });
    }
  }
}
