/**
 * Native approvals, driven by the approvals queue's escalation ladder: a notification (Approve / Deny
 * actions) once an approval reaches 'tray', a message box attached to the popover once it reaches
 * 'dialog' (or when the owner clicks the notification). A parented box is a sheet, so the main
 * process never blocks; one box at a time. Every answer carries the approval's fingerprint, so a
 * changed prompt is never answered, and a notification is withdrawn when its approval ends.
 */
import type { AnswerChoice, AnswerPromptArgs } from '../contract/api';
import type { AnswerOutcome, Snapshot } from '../contract/dto';
import { shortened, visibleText } from './display-text';
import { pendingApprovals } from './pending-approvals';
import type { PendingApproval } from './pending-approvals';

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
// Answers from the tray, its notifications and its dialogs are all the owner at the Mac.
const CHANNEL = 'tray';
// Dialog buttons, in order. Dismissing (Esc, "Not now") answers nothing: only a click on a choice types.
const DIALOG_CHOICES: readonly (AnswerChoice | null)[] = [null, 'deny', 'approve'];
const NOTIFICATION_CHOICES: readonly AnswerChoice[] = ['approve', 'deny'];

function what({ approval, session }: PendingApproval): string {
  const p = approval.prompt;
  return `#${session.number} ${visibleText(session.title)} — ${visibleText(p.tool ?? p.type)}`;
}

/** The message box: the exact subject in full, why it needs the owner, "Not now" as default and cancel. */
export function approvalDialog(item: PendingApproval): DialogSpec {
  const p = item.approval.prompt;
  const subject = p.subject === null ? '' : `\n\n${visibleText(p.subject)}`;
  const where = visibleText(item.session.cwd ?? 'an unknown directory');
  return {
    type: 'question',
    title: 'Tower — approval',
    message: `${what(item)}: ${visibleText(p.question)}`,
    detail: `${item.session.agent?.kind ?? 'agent'} in ${where}${subject}\n\nWhy you: ${visibleText(item.approval.reason)}`,
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

/** The notification; a long subject is shortened, saying so. */
export function approvalNotification(item: PendingApproval): NotificationSpec {
  const p = item.approval.prompt;
  return {
    title: p.kind === 'permission' ? 'Permission needed' : 'Agent asks a question',
    subtitle: what(item),
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

/** The ports the flow drives. `notify` returns a function that withdraws the notification. */
export interface ApprovalPorts {
  notify(spec: NotificationSpec, handlers: { onAction(index: number): void; onClick(): void }): () => void;
  showDialog(spec: DialogSpec): Promise<number>;
  answer(args: AnswerPromptArgs): Promise<AnswerOutcome>;
  showPopover(): void;
  report(message: string): void;
}

/** Turns escalation steps into one notification and at most one dialog per approval. */
export class ApprovalFlow {
  private readonly notified = new Map<string, () => void>();
  private readonly dialogued = new Set<string>();
  private pending = new Map<string, PendingApproval>();
  private dialogs: Promise<void> = Promise.resolve();

  constructor(private readonly ports: ApprovalPorts) {}

  /** Call with every snapshot. */
  update(snapshot: Snapshot): void {
    const items = pendingApprovals(snapshot);
    this.pending = new Map(items.map((item) => [item.approval.id, item]));
    for (const [id, withdraw] of this.notified) {
      if (this.pending.has(id)) continue;
      withdraw();
      this.notified.delete(id);
    }
    for (const id of this.dialogued) if (!this.pending.has(id)) this.dialogued.delete(id);
    for (const item of items) {
      const { approval } = item;
      if (approval.status !== 'pending') continue;
      if (approval.escalatedTo.includes('tray') && !this.notified.has(approval.id)) {
        this.notified.set(
          approval.id,
          this.ports.notify(approvalNotification(item), {
            onAction: (index) => void this.answer(approval.id, notificationChoice(index)),
            onClick: () => void this.ask(approval.id),
          }),
        );
      }
      if (approval.escalatedTo.includes('dialog') && !this.dialogued.has(approval.id))
        void this.ask(approval.id);
    }
  }

  /** Shows the popover and the native dialog for one approval (queued behind any open one). */
  ask(id: string): Promise<void> {
    if (this.dialogued.has(id)) return this.dialogs;
    this.dialogued.add(id);
    this.dialogs = this.dialogs.then(async () => {
      const item = this.pending.get(id);
      if (!item) return; // ended while another box was open
      this.ports.showPopover();
      const response = await this.ports.showDialog(approvalDialog(item));
      await this.answer(id, dialogChoice(response), item);
    });
    return this.dialogs;
  }

  private async answer(id: string, choice: AnswerChoice | null, asked?: PendingApproval): Promise<void> {
    // The approval as it was shown: an answer for the prompt the owner saw, never a newer one.
    const item = asked ?? this.pending.get(id);
    if (choice === null || !item) return;
    const { approval, session } = item;
    try {
      const outcome = await this.ports.answer({
        session: approval.session,
        choice,
        fingerprint: approval.fingerprint,
        channel: CHANNEL,
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
