/**
 * Native approvals: a notification for each new prompt (Approve / Deny actions) and, when the owner
 * clicks it, a message box attached to the popover (a parented box is a sheet, so the main process is
 * never blocked). Every answer carries the prompt's fingerprint, so a changed prompt is never answered.
 */
import type { AnswerChoice, AnswerPromptArgs } from '../contract/api';
import type { AnswerOutcome, PromptView, SessionView, Snapshot } from '../contract/dto';
import { shortened, visibleText } from './display-text';

/** A session that has a prompt. */
export type PendingSession = SessionView & { readonly prompt: PromptView };

/** Message-box options (the subset of Electron's MessageBoxOptions used). */
export interface DialogSpec {
  readonly type: 'question';
  readonly title: string;
  readonly message: string;
  readonly detail: string;
  readonly buttons: readonly string[];
  readonly defaultId: number;
  readonly cancelId: number;
  readonly noLink: true;
}

/** Notification options (the subset of Electron's NotificationConstructorOptions used). */
export interface NotificationSpec {
  readonly title: string;
  readonly subtitle: string;
  readonly body: string;
  readonly actions: readonly { readonly type: 'button'; readonly text: string }[];
}

const NOTIFICATION_BODY_MAX = 180;
// Dialog buttons, in order. Dismissing (Esc, "Not now") answers nothing: only a click on a choice types.
const DIALOG_CHOICES: readonly (AnswerChoice | null)[] = [null, 'deny', 'approve'];
const NOTIFICATION_CHOICES: readonly AnswerChoice[] = ['approve', 'deny'];

function what(session: PendingSession): string {
  const p = session.prompt;
  const tool = p.tool ?? p.type;
  return `#${session.number} ${visibleText(session.title)} — ${visibleText(tool)}`;
}

/** The message box for a prompt: the exact subject in full, "Not now" as the default and cancel. */
export function approvalDialog(session: PendingSession): DialogSpec {
  const p = session.prompt;
  const subject = p.subject === null ? '' : `\n\n${visibleText(p.subject)}`;
  return {
    type: 'question',
    title: 'Tower — approval',
    message: `${what(session)}: ${visibleText(p.question)}`,
    detail: `${session.agent?.kind ?? 'agent'} in ${visibleText(session.cwd ?? 'an unknown directory')}${subject}`,
    buttons: ['Not now', 'Deny', 'Approve'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  };
}

/** The answer for a dialog response index; null means "answer nothing". */
export function dialogChoice(response: number): AnswerChoice | null {
  return DIALOG_CHOICES[response] ?? null;
}

/** The notification for a prompt; a long subject is shortened, saying so. */
export function approvalNotification(session: PendingSession): NotificationSpec {
  const p = session.prompt;
  return {
    title: p.kind === 'permission' ? 'Permission needed' : 'Agent asks a question',
    subtitle: what(session),
    body: shortened(visibleText(p.subject ?? p.question), NOTIFICATION_BODY_MAX),
    actions: NOTIFICATION_CHOICES.map((c) => ({
      type: 'button',
      text: c === 'approve' ? 'Approve' : 'Deny',
    })),
  };
}

/** The answer for a notification action index. */
export function notificationChoice(actionIndex: number): AnswerChoice | null {
  return NOTIFICATION_CHOICES[actionIndex] ?? null;
}

/** Sessions with prompts, live ones only. */
export function pendingOf(snapshot: Snapshot): PendingSession[] {
  return snapshot.sessions.filter((s): s is PendingSession => s.prompt !== null && !s.gone);
}

/** The ports the flow drives. */
export interface ApprovalPorts {
  notify(spec: NotificationSpec, handlers: { onAction(index: number): void; onClick(): void }): void;
  showDialog(spec: DialogSpec): Promise<number>;
  answer(args: AnswerPromptArgs): Promise<AnswerOutcome>;
  showPopover(): void;
  report(message: string): void;
}

/** Announces each new prompt once and turns notification/dialog responses into fingerprinted answers. */
export class ApprovalFlow {
  private announced = new Set<string>();

  constructor(private readonly ports: ApprovalPorts) {}

  /** Call with every snapshot. */
  update(snapshot: Snapshot): void {
    const pending = pendingOf(snapshot);
    const current = new Set(pending.map((s) => s.prompt.fingerprint));
    for (const session of pending) {
      if (this.announced.has(session.prompt.fingerprint)) continue;
      this.ports.notify(approvalNotification(session), {
        onAction: (index) => void this.answer(session, notificationChoice(index), 'notification'),
        onClick: () => void this.ask(session),
      });
    }
    this.announced = current;
  }

  /** Shows the popover and the native dialog for one prompt, then answers what the owner chose. */
  async ask(session: PendingSession): Promise<void> {
    this.ports.showPopover();
    const response = await this.ports.showDialog(approvalDialog(session));
    await this.answer(session, dialogChoice(response), 'tray-dialog');
  }

  private async answer(session: PendingSession, choice: AnswerChoice | null, channel: string): Promise<void> {
    if (choice === null) return;
    try {
      const outcome = await this.ports.answer({
        session: session.id,
        choice,
        fingerprint: session.prompt.fingerprint,
        channel,
      });
      this.ports.report(
        outcome.kind === 'delivered'
          ? `#${session.number}: ${choice === 'deny' ? 'denied' : 'approved'}`
          : `#${session.number}: not answered — ${outcome.reason}`,
      );
    } catch (error) {
      this.ports.report(
        `#${session.number}: not answered — ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
}
