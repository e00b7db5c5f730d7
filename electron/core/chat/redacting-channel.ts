/**
 * Outbound redaction at the sink (R-SEC-4): every text the bridge sends or edits passes through the
 * composition root's secret redactor (tokens, private keys, credentials in URLs …) before it leaves
 * for a chat service, then is clipped again to Telegram's limit. Button notices are Tower's own text.
 */
import { clip, TELEGRAM_TEXT_LIMIT } from '../intents/display-text';
import type { ChatChannel, ChatMessage } from './ports';

/** A secret redactor: text in, the same text with secrets replaced. Pure. */
export type Redactor = (text: string) => string;

/** Wraps `channel` so no outgoing message carries a secret the redactor recognises. */
export function redactingChannel(channel: ChatChannel, redact: Redactor): ChatChannel {
  const scrub = (message: ChatMessage): ChatMessage => ({
    ...message,
    text: clip(redact(message.text), TELEGRAM_TEXT_LIMIT),
  });
  return {
    name: channel.name,
    send: (chatId, message) => channel.send(chatId, scrub(message)),
    edit: (chatId, messageId, message) => channel.edit(chatId, messageId, scrub(message)),
    answerButton: (callbackId, notice) => channel.answerButton(callbackId, notice),
    onInbound: (handler) => channel.onInbound(handler),
  };
}
