/**
 * Inline button presses: `a:`/`d:` answer an approval card, `i:` sends its details, `c:`/`x:`
 * confirm or cancel a parked dangerous request. Every press is answered (the phone shows a spinner
 * until then) and each nonce acts at most once.
 */
import { runConfirmed, type CommandContext } from './commands';
import type { Confirmations } from './confirmations';
import { parseButtonData } from './nonce';
import type { ChatInbound } from './ports';

type ButtonEvent = Extract<ChatInbound, { kind: 'button' }>;

/** Acts on one press by an owner. */
export async function pressButton(
  event: ButtonEvent,
  ctx: CommandContext,
  confirmations: Confirmations,
): Promise<void> {
  const parsed = parseButtonData(event.data);
  const answer = (notice: string) => ctx.answerButton(event.callbackId, notice);
  if (!parsed) return answer('Unknown button. Nothing was done.');
  const { action, nonce } = parsed;
  if (action === 'a' || action === 'd') {
    await answer(action === 'a' ? 'Approving…' : 'Denying…');
    const report = await ctx.cards.answer(nonce, ctx.chatId, action === 'a' ? 'approve' : 'deny', ctx.user);
    if (!report) return ctx.reply('That button has expired. Nothing was typed.');
    if (!report.ok) await ctx.reply(report.line);
    return;
  }
  if (action === 'i') {
    await answer('');
    if (!(await ctx.cards.details(nonce, ctx.chatId))) await ctx.reply('That card has expired.');
    return;
  }
  if (action === 'x') {
    const cancelled = confirmations.cancel(nonce, ctx.user.id);
    await answer(cancelled ? 'Cancelled.' : 'Nothing to cancel.');
    if (cancelled) await editPressed(event, ctx, 'Cancelled. Nothing was done.');
    return;
  }
  if (action === 'c') {
    const taken = confirmations.take(nonce, ctx.user.id, ctx.clock.now());
    if (taken.kind !== 'confirmed') {
      return answer(
        taken.kind === 'expired'
          ? 'Expired. Nothing was done.'
          : 'Already used or unknown. Nothing was done.',
      );
    }
    await answer('Working…');
    await editPressed(event, ctx, await runConfirmed(taken.intent, taken.target, ctx));
    return;
  }
  return answer('Unknown button. Nothing was done.');
}

async function editPressed(event: ButtonEvent, ctx: CommandContext, text: string): Promise<void> {
  if (event.chat && event.messageId !== null) await ctx.edit(event.chat.id, event.messageId, text);
}
