/**
 * Wires the Telegram bridge into the headless root, only when a bot token is configured.
 *
 * For now the token comes from TOWER_TELEGRAM_TOKEN (TOWER_TELEGRAM_API_ROOT points at a local Bot
 * API emulator); the secrets store (Keychain / safeStorage, R-SEC-1) replaces the variable later.
 * The token is never printed or audited. With no owner paired yet, a one-time pairing code is
 * printed on this console only.
 */
import { nodeRandom } from '../adapters/chat/node-random';
import { redactText } from '../adapters/storage/redact';
import { TelegramChatChannel, type TelegramStatus } from '../adapters/chat/telegram/telegram-chat-channel';
import { ChatBridge } from '../core/chat/bridge';
import type { ChatBackend } from '../core/chat/ports';
import type { AuditSink, Clock, Store } from '../core/ports';

/** A running bridge. */
export interface RunningTelegram {
  /** Connected, bot username, last update, why it is down: for the tray. */
  status(): TelegramStatus;
  stop(): Promise<void>;
}

/** What the bridge is wired to. */
export interface TelegramWiring {
  readonly env: NodeJS.ProcessEnv;
  readonly backend: ChatBackend;
  readonly audit: AuditSink;
  readonly store: Store;
  readonly clock: Clock;
  readonly print: (line: string) => void;
}

/** Starts the bridge if TOWER_TELEGRAM_TOKEN is set; null otherwise. */
export async function startTelegramFromEnv(wiring: TelegramWiring): Promise<RunningTelegram | null> {
  const token = wiring.env.TOWER_TELEGRAM_TOKEN?.trim();
  if (!token) return null;
  const apiRoot = wiring.env.TOWER_TELEGRAM_API_ROOT?.trim().replace(/\/+$/, '') || undefined;
  const channel = new TelegramChatChannel({ token, apiRoot });
  const bridge = new ChatBridge({
    channel,
    backend: wiring.backend,
    clock: wiring.clock,
    audit: wiring.audit,
    store: wiring.store,
    random: nodeRandom,
    redact: redactText,
  });
  await bridge.start();
  await channel.start();
  const owners = bridge.owners().length;
  if (owners === 0) {
    const code = await bridge.issuePairingCode();
    wiring.print(
      `Telegram bridge: no owner yet. Within 10 minutes, send ${code} to your bot in a private chat.\n`,
    );
  } else {
    wiring.print(`Telegram bridge: serving ${owners} paired owner${owners === 1 ? '' : 's'}.\n`);
  }
  return {
    status: () => channel.status(),
    stop: async () => {
      bridge.stop();
      await channel.stop();
    },
  };
}
