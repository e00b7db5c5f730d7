/**
 * Who is served: only allowlisted user ids, only in their private chat with the bot, only messages
 * they typed themselves. Fail closed: an empty allowlist serves no one.
 */
import type { ChatInbound, ChatUser } from './ports';

/** Why an update is not served. */
export type DenyReason =
  'no-sender' | 'not-private' | 'chat-not-sender' | 'not-allowlisted' | 'edited' | 'forwarded' | 'via-bot';

/** The verdict on one update. */
export type Access =
  | { readonly kind: 'owner'; readonly user: ChatUser; readonly chatId: number }
  | {
      readonly kind: 'refused';
      readonly reason: DenyReason;
      readonly user: ChatUser | null;
      /** A stranger's own text in a private chat: the only thing that may carry a pairing code. */
      readonly mayPair: boolean;
    };

/** Classifies an update against the allowlist. */
export function classify(event: ChatInbound, allowlist: ReadonlySet<number>): Access {
  const user = event.from;
  const refuse = (reason: DenyReason, mayPair = false): Access => ({
    kind: 'refused',
    reason,
    user,
    mayPair,
  });
  if (!user) return refuse('no-sender');
  if (!event.chat || event.chat.type !== 'private') return refuse('not-private');
  // In a private chat the chat id is the other party's user id; anything else is not a private chat.
  if (event.chat.id !== user.id) return refuse('chat-not-sender');
  const ownText = event.kind === 'text' && !event.edited && !event.forwarded && !event.viaBot;
  if (!Number.isSafeInteger(user.id) || !allowlist.has(user.id)) return refuse('not-allowlisted', ownText);
  if (event.kind === 'text') {
    if (event.edited) return refuse('edited');
    if (event.forwarded) return refuse('forwarded');
    if (event.viaBot) return refuse('via-bot');
  }
  return { kind: 'owner', user, chatId: event.chat.id };
}
