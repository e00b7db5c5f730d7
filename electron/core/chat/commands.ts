/**
 * Carrying out an owner's intent. Every reply is plain text; every refusal says that nothing was
 * done. Dangerous requests (close or kill a session, pause all, engage LOCKDOWN) are parked for a
 * confirmation button;
 * lifting LOCKDOWN is refused outright: only the owner at the Mac can do that.
 */
import { typedTextProblem } from '../../contract/typed-text';
import type { SessionView } from '../../contract/dto';
import type { Intent } from '../intents/intent';
import { helpText, screenText, sessionLabel, statusText } from '../intents/messages';
import type { AuditSink, Clock } from '../ports';
import type { ApprovalCards } from './approvals';
import type { Confirmations } from './confirmations';
import {
  addTask,
  confirmButtons,
  openTemplate,
  pauseOrResume,
  runPoolChange,
  showQueue,
  type OpenTemplate,
} from './pool-commands';
import type { ChatBackend, ChatButton, ChatUser } from './ports';

/** The longest text `/send` types; longer instructions belong in a file the agent reads. */
export const MAX_SEND_LENGTH = 2_000;

/** Everything a command needs, for one owner in one chat. */
export interface CommandContext {
  readonly chatId: number;
  readonly user: ChatUser;
  readonly channel: string;
  readonly backend: ChatBackend;
  readonly cards: ApprovalCards;
  readonly confirmations: Confirmations;
  readonly clock: Clock;
  readonly audit: AuditSink;
  /** Agents `/open <name>` may start: configured by the owner at the Mac, never from chat. */
  readonly templates: readonly OpenTemplate[];
  reply(text: string, buttons?: readonly (readonly ChatButton[])[]): Promise<void>;
  /** Replaces a message's text and removes its buttons; failures are swallowed. */
  edit(chatId: number, messageId: number, text: string): Promise<void>;
  /** Ends a button's spinner with a short notice; failures are swallowed. */
  answerButton(callbackId: string, notice: string): Promise<void>;
  /** Re-runs card announcement now (a prompt the owner asked about was not shown yet). */
  refreshCards(): Promise<void>;
}

/** Runs one intent for the owner. */
export async function runIntent(intent: Intent, ctx: CommandContext): Promise<void> {
  switch (intent.kind) {
    case 'start':
      return ctx.reply(helpText('asked'));
    case 'help':
      return ctx.reply(helpText(intent.reason));
    case 'status':
      return ctx.reply(statusText(await ctx.backend.getSnapshot()));
    case 'session': {
      const view = await findSession(ctx, intent.session);
      return view ? ctx.reply(screenText(view)) : undefined;
    }
    case 'approve':
    case 'deny':
      return answerByNumber(ctx, intent.session, intent.kind);
    case 'send':
      return sendText(ctx, intent.session, intent.text);
    case 'close': {
      const view = await findSession(ctx, intent.session);
      if (!view) return;
      const id = ctx.confirmations.park(intent, view.id, ctx.user.id, ctx.clock.now());
      return ctx.reply(
        `Close ${sessionLabel(view)}? The agent and its terminal end.`,
        confirmButtons(id, `Yes, close session ${view.number}`),
      );
    }
    case 'queue':
      return showQueue(ctx);
    case 'task':
      return addTask(ctx, intent.text);
    case 'pause':
    case 'resume':
      return pauseOrResume(ctx, intent);
    case 'open':
      return openTemplate(ctx, intent.template);
    case 'lockdown': {
      if (!intent.engage) {
        await audit(ctx, 'chat-lockdown-lift-refused', {});
        return ctx.reply('LOCKDOWN can only be lifted at the Mac. Nothing was done.');
      }
      if ((await ctx.backend.getSnapshot()).lockdown) return ctx.reply('LOCKDOWN is already engaged.');
      const id = ctx.confirmations.park(intent, null, ctx.user.id, ctx.clock.now());
      return ctx.reply(
        'Engage LOCKDOWN? Tower will type nothing until it is lifted at the Mac.',
        confirmButtons(id, '⛔ Yes, engage LOCKDOWN'),
      );
    }
  }
}

/** Runs a request the owner confirmed; returns the line that replaces the confirmation message. */
export async function runConfirmed(
  intent: Intent,
  target: string | null,
  ctx: CommandContext,
): Promise<string> {
  try {
    if (intent.kind === 'lockdown' && intent.engage) {
      await ctx.backend.lockdown({ engaged: true, channel: `${ctx.channel}:${ctx.user.id}` });
      await audit(ctx, 'chat-lockdown-engaged', {});
      return `⛔ LOCKDOWN engaged by ${who(ctx)}. Tower types nothing; lift it at the Mac.`;
    }
    if (intent.kind === 'pause' && intent.scope.kind === 'all') return await runPoolChange(ctx, true);
    if (intent.kind === 'close' && target !== null) {
      await ctx.backend.closeAgent({ session: target });
      await audit(ctx, 'chat-close', { session: target });
      return `Closed session ${intent.session} (by ${who(ctx)}).`;
    }
  } catch (error) {
    return `⚠ Not done: ${error instanceof Error ? error.message : String(error)}`;
  }
  return 'Nothing to confirm. Nothing was done.';
}

async function answerByNumber(ctx: CommandContext, n: number, choice: 'approve' | 'deny'): Promise<void> {
  const view = await findSession(ctx, n);
  if (!view) return;
  if (!view.prompt) return ctx.reply(`Session ${n} is not waiting for an answer. Nothing was done.`);
  // Text answers bind to the card this chat was shown: the owner answers what they saw, not
  // whatever the session happens to show when the message arrives.
  const found = ctx.cards.cardFor(ctx.chatId, n);
  if (found.card === 'none') {
    // Not escalated here yet (or not sent): the owner asked, so the card comes now, ahead of the ladder.
    await ctx.refreshCards();
    const shown = await ctx.cards.showNow(ctx.chatId, view.id);
    return ctx.reply(
      shown
        ? `Session ${n}'s prompt had not been shown here yet; it is above now. Read it, then use its buttons. Nothing was typed.`
        : `Session ${n}'s prompt is not waiting for an approval (policy or the terminal has it). Nothing was typed.`,
    );
  }
  if (found.card === 'taken' || found.nonce === null)
    return ctx.reply(`Session ${n}'s prompt was already answered. Nothing was typed.`);
  const report = await ctx.cards.answer(found.nonce, ctx.chatId, choice, ctx.user);
  return ctx.reply(report?.line ?? 'That prompt is gone. Nothing was typed.');
}

async function sendText(ctx: CommandContext, n: number, text: string): Promise<void> {
  const problem = typedTextProblem(text);
  if (problem) return ctx.reply(`Not sent: ${problem}. Send one line of plain text.`);
  if (text.length > MAX_SEND_LENGTH)
    return ctx.reply(`Not sent: ${text.length} characters is over the ${MAX_SEND_LENGTH} limit.`);
  const view = await findSession(ctx, n);
  if (!view) return;
  await audit(ctx, 'chat-send', { session: view.id, length: text.length });
  try {
    await ctx.backend.sendText({ session: view.id, text, submit: true });
    return ctx.reply(`⌨ Sent to session ${n} and submitted (${text.length} characters).`);
  } catch (error) {
    return ctx.reply(`Not sent: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function findSession(ctx: CommandContext, n: number): Promise<SessionView | null> {
  const view = (await ctx.backend.getSnapshot()).sessions.find((s) => s.number === n && !s.gone);
  if (!view) await ctx.reply(`There is no session ${n}. /status lists them. Nothing was done.`);
  return view ?? null;
}

function who(ctx: CommandContext): string {
  return `${ctx.user.name ?? 'owner'} (${ctx.channel} id ${ctx.user.id})`;
}

async function audit(ctx: CommandContext, kind: string, detail: Record<string, unknown>): Promise<void> {
  await ctx.audit.append({ at: ctx.clock.now(), kind, channel: `${ctx.channel}:${ctx.user.id}`, detail });
}
