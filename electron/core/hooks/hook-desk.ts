/**
 * The hook desk: where authenticated hook posts land. It maps each event to its session by the
 * terminal tag, keeps the latest event per session as evidence, and answers permission requests with
 * the policy engine through the hook's structured decision — it never types.
 *
 * Decision output shapes (Claude Code 2.1.330, zod schemas in the binary and verified live, README.md):
 * PermissionRequest `{hookSpecificOutput:{hookEventName:"PermissionRequest",decision:{behavior:"allow"}}}`
 * or `{…decision:{behavior:"deny",message}}`; PreToolUse `{hookSpecificOutput:{hookEventName:"PreToolUse",
 * permissionDecision:"deny",permissionDecisionReason}}`. No output = no decision: Claude shows its dialog.
 */
import type { AuditSink, Clock, TerminalInfo } from '../ports';
import { evaluatePolicy } from '../policy/evaluate';
import { linkEscape, pathsInsideProject } from '../policy/links';
import type { PolicyDecision, PolicyProvider } from '../policy/types';
import type { Session } from '../sessions/session';
import { gateScreenDecision, type HookRequestRecord, type HookSignal } from './fusion';
import {
  isParseError,
  parseHookEnvelope,
  type HookEvent,
  type HookSource,
  type TerminalTag,
} from './hook-event';
import { promptFromHook } from './hook-prompt';

/** What the endpoint sends back: the JSON the hook command prints (null: print nothing), or a refusal. */
export type HookReply =
  | { readonly ok: true; readonly output: Readonly<Record<string, unknown>> | null }
  | { readonly ok: false; readonly error: string };

/** What the desk needs from the supervisor. */
export interface HookDeskDeps {
  readonly clock: Clock;
  readonly audit: AuditSink;
  readonly sessions: () => readonly Session[];
  readonly policy: PolicyProvider | null;
  readonly isLockedDown: () => boolean;
  /** Whether a tag names this terminal by provider-specific facts (tmux socket + pane …); adapters know. */
  readonly matchTerminal?: (tag: TerminalTag, terminal: TerminalInfo) => boolean;
  /** A session's hook evidence changed (publish a snapshot). */
  readonly changed: () => void;
  /** An event came from this session's agent: progress, for stall detection. */
  readonly activity?: (sessionId: string) => void;
  /** Re-reads the terminals once when an event names none Tower knows yet. */
  readonly rescan?: () => Promise<void>;
}

interface SessionHooks {
  readonly signal: HookSignal | null;
  readonly requests: readonly HookRequestRecord[];
}

const MINUTE = 60_000;
const REQUEST_TTL_MS = 10 * MINUTE;
const MAX_REQUESTS = 16;
const RESCAN_EVERY_MS = 1_000;

/** Receives hook events; answers permission requests by policy; keeps hook evidence per session. */
export class HookDesk {
  private readonly bySession = new Map<string, SessionHooks>();
  private readonly launches = new Map<string, string>();
  /** Sessions running Claude Code with Tower's hooks (launched with them, or a Claude event came from them). */
  private readonly active = new Set<string>();
  private readonly allowedAt = new Map<string, number[]>();
  private lastEventAt: number | null = null;
  private lastRescanAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly deps: HookDeskDeps) {}

  /**
   * Tower launched `sessionId` with hooks tagged `launch`. Claude Code's hooks count as active at once
   * (before any event), so a prompt on screen ahead of its hook request is never auto-approved.
   */
  bindLaunch(launch: string, sessionId: string, agent: 'claude' | 'codex'): void {
    this.launches.set(launch, sessionId);
    if (agent === 'claude') this.active.add(sessionId);
  }

  /** Whether `sessionId` runs with Tower's hooks. */
  isActive(sessionId: string): boolean {
    return this.active.has(sessionId);
  }

  /** The latest hook event for a session, if any. */
  signal(sessionId: string): HookSignal | null {
    return this.bySession.get(sessionId)?.signal ?? null;
  }

  /** When the last authenticated event arrived. */
  lastActivityAt(): number | null {
    return this.lastEventAt;
  }

  /** Gate for the screen auto-approver (see fusion.ts): pass-through where hooks are not active. */
  gate(session: Session, decision: PolicyDecision): PolicyDecision {
    if (!this.active.has(session.id) || session.prompt === null) return decision;
    return gateScreenDecision(decision, session.prompt, this.bySession.get(session.id)?.requests ?? []);
  }

  /** Handles one authenticated post. Never throws for bad content: it answers `ok: false`. */
  async handle(source: HookSource, body: unknown): Promise<HookReply> {
    const event = parseHookEnvelope(source, body);
    if (isParseError(event)) return { ok: false, error: event.error };
    const now = this.deps.clock.now();
    this.lastEventAt = now;
    const session = await this.sessionFor(event.terminal);
    if (session) {
      if (event.source === 'claude') this.active.add(session.id);
      this.deps.activity?.(session.id);
      this.note(session.id, { name: event.name, notification: event.notification, at: now });
    } else {
      this.deps.changed(); // still news: the hooks bridge shows its last activity
    }
    if (event.source === 'claude' && event.tool !== null) {
      if (event.name === 'PermissionRequest')
        return { ok: true, output: await this.permission(event, session) };
      if (event.name === 'PreToolUse') return { ok: true, output: await this.preToolUse(event, session) };
    }
    return { ok: true, output: null };
  }

  private async permission(
    event: HookEvent,
    session: Session | null,
  ): Promise<Record<string, unknown> | null> {
    const prompt = promptFromHook(event.tool ?? { name: '', input: {} });
    const decision = await this.decide(prompt, session);
    const policy = this.deps.policy?.current();
    const shadow = policy?.shadow === true && decision.rule !== 'builtin:lockdown';
    const answered = shadow || decision.decision === 'ask' ? 'none' : decision.decision;
    if (session)
      this.remember(session.id, { prompt, answered, rule: decision.rule, at: this.deps.clock.now() });
    await this.audit(event, session, prompt.subject, decision, answered, shadow);
    if (answered === 'allow') return permissionOutput({ behavior: 'allow' });
    if (answered === 'deny') return permissionOutput({ behavior: 'deny', message: decision.explanation });
    return null;
  }

  // PreToolUse only ever denies (LOCKDOWN, the blocklist, an explicit deny rule): allowing there would
  // skip Claude Code's own permission rules, and Tower is never more permissive than the agent.
  private async preToolUse(
    event: HookEvent,
    session: Session | null,
  ): Promise<Record<string, unknown> | null> {
    const prompt = promptFromHook(event.tool ?? { name: '', input: {} });
    const decision = await this.decide(prompt, session);
    const explicit = decision.rule === 'builtin:lockdown' || !decision.rule.startsWith('builtin:');
    if (decision.decision !== 'deny' || !explicit || this.deps.policy?.current().shadow === true) return null;
    await this.audit(event, session, prompt.subject, decision, 'deny', false);
    return {
      hookSpecificOutput: {
        hookEventName: 'PreToolUse',
        permissionDecision: 'deny',
        permissionDecisionReason: decision.explanation,
      },
    };
  }

  private async decide(
    prompt: ReturnType<typeof promptFromHook>,
    session: Session | null,
  ): Promise<PolicyDecision> {
    if (this.deps.isLockedDown())
      return {
        decision: 'deny',
        rule: 'builtin:lockdown',
        explanation: 'Tower LOCKDOWN is engaged: every tool call is refused.',
      };
    const provider = this.deps.policy;
    if (provider === null) return ask('hook:no-policy', 'Tower has no policy; the owner decides.');
    if (session === null)
      return ask(
        'hook:unmapped',
        'The hook names no terminal Tower watches; the owner decides on the screen.',
      );
    const ctx = {
      agent: session.agent?.kind ?? 'claude',
      cwd: session.terminal.cwd,
      home: provider.home,
      protectedPaths: provider.protectedPaths,
    };
    const policy = provider.current();
    const decision = evaluatePolicy(policy, prompt, ctx);
    if (decision.decision !== 'allow') return decision;
    const escape = await this.linkEscape(prompt, ctx.cwd);
    if (escape !== null)
      return ask(
        'builtin:link-escape',
        `Sent to the owner: ${escape} (rule "${decision.rule}" would have allowed it).`,
      );
    return this.brake(session.id, decision, policy.maxAutoPerMinute);
  }

  // The same runaway brake as the screen auto-approver: past the per-minute limit the owner decides.
  private brake(sessionId: string, decision: PolicyDecision, perMinute: number): PolicyDecision {
    const now = this.deps.clock.now();
    const recent = (this.allowedAt.get(sessionId) ?? []).filter((at) => now - at < MINUTE);
    if (recent.length >= perMinute)
      return ask(
        'builtin:rate-limit',
        `${recent.length} requests were auto-approved in this session in the last minute (limit ${perMinute}).`,
      );
    this.allowedAt.set(sessionId, [...recent, now]);
    return decision;
  }

  private async linkEscape(
    prompt: ReturnType<typeof promptFromHook>,
    cwd: string | null,
  ): Promise<string | null> {
    const realPath = this.deps.policy?.realPath;
    if (!realPath) return null;
    const paths = pathsInsideProject(prompt, { cwd, home: this.deps.policy?.home ?? null });
    if (paths.length === 0) return null;
    const safely = (p: string) => realPath(p).catch(() => null);
    const realCwd = cwd === null ? null : await safely(cwd);
    const real = new Map(await Promise.all(paths.map(async (p) => [p, await safely(p)] as const)));
    return linkEscape(paths, real, realCwd);
  }

  // An unknown tag may be a terminal opened a moment ago: re-read once, but at most once a second, so a
  // flood of posts with made-up tags cannot keep Tower scanning.
  private async sessionFor(tag: TerminalTag): Promise<Session | null> {
    const found = this.find(tag);
    const now = this.deps.clock.now();
    if (found || !this.deps.rescan || now - this.lastRescanAt < RESCAN_EVERY_MS) return found;
    this.lastRescanAt = now;
    await this.deps.rescan();
    return this.find(tag);
  }

  private find(tag: TerminalTag): Session | null {
    const live = this.deps.sessions().filter((s) => s.goneAt === null);
    const launched = tag.launch === null ? undefined : this.launches.get(tag.launch);
    if (launched !== undefined) return live.find((s) => s.id === launched) ?? null;
    const match = this.deps.matchTerminal;
    const byTerminal = match ? live.find((s) => match(tag, s.terminal)) : undefined;
    if (byTerminal) return byTerminal;
    // The agent is the hook's parent (or grandparent via sh): the terminal running it is the one.
    const pid = tag.pids[0];
    return pid === undefined
      ? null
      : (live.find((s) => s.terminal.processes.some((p) => p.pid === pid)) ?? null);
  }

  private note(sessionId: string, signal: HookSignal): void {
    const before = this.bySession.get(sessionId);
    this.bySession.set(sessionId, { signal, requests: before?.requests ?? [] });
    this.deps.changed();
  }

  private remember(sessionId: string, record: HookRequestRecord): void {
    const before = this.bySession.get(sessionId);
    const fresh = (before?.requests ?? []).filter((r) => record.at - r.at < REQUEST_TTL_MS);
    this.bySession.set(sessionId, {
      signal: before?.signal ?? null,
      requests: [...fresh, record].slice(-MAX_REQUESTS),
    });
  }

  private async audit(
    event: HookEvent,
    session: Session | null,
    subject: string | null,
    decision: PolicyDecision,
    answered: HookRequestRecord['answered'],
    shadow: boolean,
  ): Promise<void> {
    await this.deps.audit.append({
      at: this.deps.clock.now(),
      kind: 'hook-decision',
      session: session?.id,
      channel: `hook:policy:${decision.rule}`,
      detail: {
        event: event.name,
        source: event.source,
        tool: event.tool?.name ?? null,
        subject,
        decision: decision.decision,
        rule: decision.rule,
        explanation: decision.explanation,
        answered,
        shadow,
        typed: false,
        agentSession: event.agentSession,
        cwd: session?.terminal.cwd ?? null,
      },
    });
  }
}

function ask(rule: string, explanation: string): PolicyDecision {
  return { decision: 'ask', rule, explanation };
}

function permissionOutput(decision: Record<string, unknown>): Record<string, unknown> {
  return { hookSpecificOutput: { hookEventName: 'PermissionRequest', decision } };
}
