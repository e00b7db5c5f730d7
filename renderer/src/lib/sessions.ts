/**
 * Pure views over a snapshot: sessions grouped by provider, pending prompts, labels.
 */
import type { GroundTruthView, ProviderId, SessionView, Snapshot } from '../../../electron/contract/dto';

/** One provider's section: its availability and the sessions it holds. */
export interface ProviderGroup {
  readonly id: ProviderId;
  readonly available: boolean;
  readonly reason: string | null;
  readonly sessions: readonly SessionView[];
}

const PROVIDER_NAMES: Record<ProviderId, string> = {
  tmux: 'tmux',
  pty: 'Built-in terminal (pty)',
  'terminal-app': 'Terminal.app',
  iterm2: 'iTerm2',
};

/** A provider's human name. */
export function providerName(id: ProviderId): string {
  return PROVIDER_NAMES[id];
}

/** Groups sessions by provider, in the order ground truth lists providers, then any others seen. */
export function groupByProvider(snapshot: Snapshot): ProviderGroup[] {
  const groups: ProviderGroup[] = snapshot.groundTruth.providers.map((p) => ({
    id: p.id,
    available: p.available,
    reason: p.reason,
    sessions: snapshot.sessions.filter((s) => s.provider === p.id),
  }));
  for (const session of snapshot.sessions) {
    if (!groups.some((g) => g.id === session.provider)) {
      groups.push({
        id: session.provider,
        available: true,
        reason: null,
        sessions: snapshot.sessions.filter((s) => s.provider === session.provider),
      });
    }
  }
  return groups;
}

/** Sessions waiting on the owner, oldest prompt first. */
export function pendingSessions(snapshot: Snapshot): SessionView[] {
  return snapshot.sessions
    .filter((s) => s.prompt !== null && !s.gone)
    .sort((a, b) => a.stateSince - b.stateSince || a.number - b.number);
}

/** `claude 2.1.0`, `codex`, or `no agent`. */
export function agentLabel(session: SessionView): string {
  if (session.agent === null) return 'no agent';
  return session.agent.version ? `${session.agent.kind} ${session.agent.version}` : session.agent.kind;
}

/** The sentence shown when the registry and the real terminals disagree, or null when they agree. */
export function disagreement(truth: GroundTruthView): string | null {
  if (truth.agreed) return null;
  return `Tower's registry lists ${truth.registryCount} session(s) but the terminals show ${truth.terminalCount}. What you see here may be out of date.`;
}
