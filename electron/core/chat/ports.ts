/**
 * Ports of the chat bridge: what it needs from a chat service (Telegram today) and from Tower.
 *
 * The bridge's decisions (who is served, pairing, limits, approvals, dedup) are pure and written
 * against these; the grammY adapter implements `ChatChannel`, the Supervisor satisfies `ChatBackend`.
 */
import type { TowerApi, TowerEvents } from '../../contract/api';

/** The sender of an update, by the service's numeric id (never by username: usernames change hands). */
export interface ChatUser {
  readonly id: number;
  /** Username or first name, for display and audit only. */
  readonly name: string | null;
}

/** The chat an update came from. Only `private` chats are ever served. */
export interface ChatPlace {
  readonly id: number;
  readonly type: string;
}

/** An update from the chat service, reduced to what the bridge decides on. */
export type ChatInbound =
  | {
      readonly kind: 'text';
      readonly updateId: number;
      readonly chat: ChatPlace;
      readonly from: ChatUser | null;
      readonly text: string;
      /** Forwarded from someone (or from an earlier message): never a command. */
      readonly forwarded: boolean;
      /** An edit of an earlier message: never a command. */
      readonly edited: boolean;
      /** The message was sent by another bot or through one (via_bot). */
      readonly viaBot: boolean;
    }
  | {
      readonly kind: 'button';
      readonly updateId: number;
      /** The service's id of this press, answered with `answerButton`. */
      readonly callbackId: string;
      /** The chat of the message carrying the button (null for inline-mode messages). */
      readonly chat: ChatPlace | null;
      readonly messageId: number | null;
      readonly from: ChatUser;
      readonly data: string;
    };

/** An inline button: a label and the opaque data it returns (at most 64 bytes on Telegram). */
export interface ChatButton {
  readonly label: string;
  readonly data: string;
}

/** A message to send or to replace an earlier one with. Always plain text (no parse mode). */
export interface ChatMessage {
  readonly text: string;
  /** Rows of buttons; an empty list removes a message's buttons on edit. */
  readonly buttons?: readonly (readonly ChatButton[])[];
}

/** A chat service the bridge talks through. */
export interface ChatChannel {
  /** Short name for the audit log and answers' channel ("telegram"). */
  readonly name: string;
  send(chatId: number, message: ChatMessage): Promise<{ readonly messageId: number }>;
  edit(chatId: number, messageId: number, message: ChatMessage): Promise<void>;
  /** Ends the button's spinner; `notice` (≤200 chars) is shown briefly to the presser. */
  answerButton(callbackId: string, notice: string): Promise<void>;
  /** Registers the one handler of incoming updates; returns the unsubscribe function. */
  onInbound(handler: (event: ChatInbound) => Promise<void>): () => void;
}

/** Cryptographic randomness (pairing codes, button nonces); the core cannot reach node:crypto. */
export interface RandomSource {
  bytes(count: number): Uint8Array;
}

/**
 * What the bridge may ask of Tower: the contract calls it needs plus the snapshot event. The pool
 * and open calls are optional: a Tower without them answers those commands "not available".
 */
export type ChatBackend = Pick<
  TowerApi,
  'getSnapshot' | 'answerPrompt' | 'sendText' | 'closeAgent' | 'lockdown'
> &
  Partial<Pick<TowerApi, 'openAgent' | 'addTask' | 'listTasks' | 'configurePool'>> & {
    on(event: 'snapshot', listener: (payload: TowerEvents['snapshot']) => void): () => void;
  };
