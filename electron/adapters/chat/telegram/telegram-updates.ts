/**
 * Telegram updates → the bridge's `ChatInbound`, and the bridge's messages → Bot API payloads.
 * Only what the bridge decides on crosses; everything unknown is dropped here.
 */
import type { InlineKeyboardMarkup, Update } from 'grammy/types';
import type { ChatInbound, ChatMessage, ChatUser } from '../../../core/chat/ports';

/** Maps one update; null for kinds the bridge never acts on (inline queries, polls, …). */
export function toInbound(update: Update): ChatInbound | null {
  const message = update.message ?? update.edited_message;
  if (message) {
    const raw = message as unknown as Record<string, unknown>;
    return {
      kind: 'text',
      updateId: update.update_id,
      chat: { id: message.chat.id, type: message.chat.type },
      from: message.from ? userOf(message.from) : null,
      text: message.text ?? message.caption ?? '',
      forwarded:
        raw.forward_origin !== undefined || raw.forward_from !== undefined || raw.forward_date !== undefined,
      edited: update.edited_message !== undefined,
      viaBot: message.via_bot !== undefined || message.from?.is_bot === true,
    };
  }
  const query = update.callback_query;
  if (query) {
    const carrier = query.message;
    return {
      kind: 'button',
      updateId: update.update_id,
      callbackId: String(query.id),
      chat: carrier ? { id: carrier.chat.id, type: carrier.chat.type } : null,
      messageId: carrier?.message_id ?? null,
      from: userOf(query.from),
      data: query.data ?? '',
    };
  }
  return null;
}

function userOf(user: { id: number; username?: string; first_name: string }): ChatUser {
  return { id: user.id, name: user.username ? `@${user.username}` : user.first_name };
}

/** The inline keyboard for a message (an empty one removes the buttons on edit). */
export function keyboardOf(message: ChatMessage): InlineKeyboardMarkup | undefined {
  if (message.buttons === undefined) return undefined;
  return {
    inline_keyboard: message.buttons.map((row) => row.map((b) => ({ text: b.label, callback_data: b.data }))),
  };
}
