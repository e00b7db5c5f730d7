/**
 * Which prompts the chat should show as approval cards, and what to write on a card once its
 * prompt no longer waits.
 *
 * The approvals queue decides: a card goes out when an approval's escalation ladder reaches this
 * channel (`escalatedTo` includes it), not at once for every prompt (prompts policy answers never
 * become approvals); the card is edited when the approval ends, saying who answered where, that it
 * expired, or why it was withdrawn.
 */
import type {
  ApprovalView,
  EscalationChannel,
  PolicyDecisionView,
  PromptView,
  Snapshot,
} from '../../contract/dto';
import type { CardHead } from '../intents/messages';

/** One prompt waiting for the owner, as this channel shows it. */
export interface Escalation {
  /** The approval's id. */
  readonly key: string;
  readonly session: string;
  readonly head: CardHead;
  readonly prompt: PromptView;
  /** Why it needs the owner (the rule that said ask), when the queue says. */
  readonly reason: string | null;
  readonly policy: PolicyDecisionView | null;
  /** After this the card answers nothing (null: the channel's own card lifetime applies). */
  readonly expiresAt: number | null;
}

/** What a snapshot says about cards. */
export interface EscalationState {
  /** Still waiting: cards for these stay open. */
  readonly live: ReadonlyMap<string, Escalation>;
  /** Ready to be shown on this channel now (a subset of `live`). */
  readonly announce: readonly Escalation[];
  /** The line for a card whose key is no longer live. */
  footerFor(key: string, session: string): string;
}

/** Cards driven by the approvals queue: announced when the ladder reaches `channel`. */
export function queueEscalations(snapshot: Snapshot, channel: EscalationChannel): EscalationState {
  const live = new Map<string, Escalation>();
  const announce: Escalation[] = [];
  const byId = new Map(snapshot.approvals.map((a) => [a.id, a]));
  for (const approval of snapshot.approvals) {
    if (approval.status !== 'pending' && approval.status !== 'answering') continue;
    const view = snapshot.sessions.find((s) => s.id === approval.session);
    const escalation: Escalation = {
      key: approval.id,
      session: approval.session,
      head: view ?? headOf(approval),
      prompt: approval.prompt,
      reason: approval.reason,
      policy: view?.policy ?? null,
      expiresAt: approval.expiresAt,
    };
    live.set(approval.id, escalation);
    if (approval.status === 'pending' && approval.escalatedTo.includes(channel)) announce.push(escalation);
  }
  return {
    live,
    announce,
    footerFor: (key, session) => {
      const ended = byId.get(key);
      return ended ? endedLine(ended) : noLongerWaiting(snapshot, session);
    },
  };
}

/** How an ended approval reads on its card: who answered where, expired, or withdrawn and why. */
export function endedLine(approval: ApprovalView): string {
  if (approval.status === 'answered' && approval.answer) {
    const { choice, channel, delivered } = approval.answer;
    const verb =
      choice === 'deny' ? '❌ Denied' : choice === 'approve' ? '✅ Approved' : '✅ Approved (and remembered)';
    return `${verb} via ${channelName(channel)}${delivered ? '' : ' (not delivered: check the Mac)'}`;
  }
  if (approval.status === 'expired')
    return `⌛ Expired${approval.endedBecause ? ` (${approval.endedBecause})` : ''}. Answer at the Mac if it still waits.`;
  return `✔ No longer waiting: ${approval.endedBecause ?? 'the prompt left the screen'}.`;
}

/** "telegram:123" → "Telegram (id 123)", "cli" → "the CLI", "tray" → "the tray". */
export function channelName(channel: string): string {
  const [where = '', who] = channel.split(':', 2);
  const named: Record<string, string> = {
    cli: 'the CLI',
    tray: 'the tray',
    dialog: 'the Mac dialog',
    ui: 'the Tower window',
    policy: 'policy',
    telegram: 'Telegram',
    phone: 'phone',
    hook: 'an agent hook',
  };
  const name = named[where] ?? where;
  return who ? `${name} (id ${who})` : name;
}

function noLongerWaiting(snapshot: Snapshot, session: string): string {
  const now = snapshot.sessions.find((s) => s.id === session);
  const where = now && !now.gone ? `session now ${now.state}` : 'session gone';
  return `✔ No longer waiting: answered elsewhere or withdrawn (${where}).`;
}

function headOf(approval: ApprovalView): CardHead {
  return {
    number: approval.sessionNumber,
    agent: approval.agent ? { kind: approval.agent } : null,
    title: '',
    cwd: null,
  };
}
