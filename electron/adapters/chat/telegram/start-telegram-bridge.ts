/**
 * Starts the Telegram bridge for either composition root (headless and the Electron app), only
 * when a bot token is configured.
 *
 * The token comes from the secrets store (`telegram.token`, set in Settings; headless keeps it in
 * the 0600 `$TOWER_HOME/secrets.json`), with TOWER_TELEGRAM_TOKEN as a fallback for scripted setups;
 * TOWER_TELEGRAM_API_ROOT points at a local Bot API emulator. The token is never printed or
 * audited. With no owner paired yet, a one-time pairing code is printed on this console and shown on
 * the Telegram bridge in the tray (the Mac app has no console) until it is used or expires.
 * The poller's status (connected, bot name, last update, why down) is reported to the tray.
 *
 * TOWER_TELEGRAM_MORNING: the daily report's local time (HH:MM, default 08:00; `off` for none).
 * `$TOWER_HOME/open-templates.json`: what `/open <name>` may start. Approval cards go out when the
 * approvals queue's ladder reaches Telegram (`escalation.telegram_after` in policy.yaml).
 */
import { join } from 'node:path';
import type { BridgeView } from '../../../contract/dto';
import { loadOpenTemplates } from '../open-templates';
import { nodeRandom } from '../node-random';
import { throttledBridgeReport } from './bridge-status';
import { TelegramChatChannel, type TelegramStatus } from './telegram-chat-channel';
import { FileSecretStore } from '../../secrets/file-secret-store';
import { redactText } from '../../storage/redact';
import { ChatBridge } from '../../../core/chat/bridge';
import { DEFAULT_PAIRING_OPTIONS } from '../../../core/chat/pairing';
import { parseClockTime } from '../../../core/chat/local-time';
import type { OpenTemplate } from '../../../core/chat/pool-commands';
import type { ChatBackend } from '../../../core/chat/ports';
import type { AuditSink, Clock, SecretStore, Store } from '../../../core/ports';

/** The secret's name in the store (see contract/settings.ts). */
export const TELEGRAM_TOKEN_SECRET = 'telegram.token';

/** A running bridge. */
export interface RunningTelegram {
  /** Connected, bot username, last update, why it is down: for the tray. */
  status(): TelegramStatus;
  /** A fresh one-time code to pair another phone (shown at the Mac only). */
  issuePairingCode(): Promise<string>;
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
  /** Tower's state directory (secrets.json, open-templates.json). */
  readonly home?: string | undefined;
  /** Where the token is kept; default the headless file store in `home`. */
  readonly secrets?: SecretStore | undefined;
  /** Tells the tray how the bridge is doing (Supervisor.reportBridge). */
  readonly report?: ((view: BridgeView) => void) | undefined;
}

/** Starts the bridge if a token is configured; null otherwise. */
export async function startTelegramBridge(wiring: TelegramWiring): Promise<RunningTelegram | null> {
  const secrets =
    wiring.secrets ?? (wiring.home ? new FileSecretStore(join(wiring.home, 'secrets.json')) : null);
  const stored = (await secrets?.get(TELEGRAM_TOKEN_SECRET))?.trim();
  const token = stored || wiring.env.TOWER_TELEGRAM_TOKEN?.trim();
  if (!token) {
    wiring.report?.({
      id: 'telegram',
      state: 'off',
      detail: null,
      reason: 'no bot token set',
      lastActivityAt: null,
    });
    return null;
  }
  const apiRoot = wiring.env.TOWER_TELEGRAM_API_ROOT?.trim().replace(/\/+$/, '') || undefined;
  // Per bot (the id before the colon): another bot's updates have their own numbering.
  const offsetKey = `telegram.offset.${token.split(':')[0] ?? ''}`;
  const offsets = {
    load: () => wiring.store.get<number>(offsetKey),
    save: (offset: number) => wiring.store.set(offsetKey, offset),
  };
  const channel = new TelegramChatChannel({ token, apiRoot, offsets });
  const hint = pairingHint(wiring);
  const offStatus = wiring.report ? channel.onStatus(throttledBridgeReport(hint.report)) : () => undefined;
  const bridge = new ChatBridge({
    onPaired: () => hint.set(null),
    channel,
    backend: wiring.backend,
    clock: wiring.clock,
    audit: wiring.audit,
    store: wiring.store,
    random: nodeRandom,
    redact: redactText,
    options: {
      morningReport: morningTime(wiring.env.TOWER_TELEGRAM_MORNING),
      templates: await templates(wiring),
    },
  });
  const issue = async () => {
    const code = await bridge.issuePairingCode();
    hint.set(code);
    return code;
  };
  const stop = async () => {
    hint.set(null);
    bridge.stop();
    await channel.stop();
    offStatus();
  };
  try {
    await bridge.start();
    await channel.start();
    const owners = bridge.owners().length;
    if (owners === 0) {
      const code = await issue();
      wiring.print(
        `Telegram bridge: no owner yet. Within 10 minutes, send ${code} to your bot in a private chat.\n`,
      );
    } else {
      wiring.print(`Telegram bridge: serving ${owners} paired owner${owners === 1 ? '' : 's'}.\n`);
    }
  } catch (error) {
    // Half started is not started: a poller nobody holds could not be stopped, and would answer chats.
    await stop();
    throw error;
  }
  return { status: () => channel.status(), issuePairingCode: issue, stop };
}

/**
 * The open pairing code on the bridge's tray view: the Mac app has no console to print it on. The local
 * UI is the owner's own (token-gated, loopback); the code still expires, and closes on first use.
 */
function pairingHint(wiring: TelegramWiring): {
  report: (view: BridgeView) => void;
  set: (code: string | null) => void;
} {
  let code: string | null = null;
  let cancel: (() => void) | null = null;
  let last: BridgeView | null = null;
  const report = (view: BridgeView) => {
    last = view;
    if (code === null) return wiring.report?.(view);
    const ask = `to pair your phone, send ${code} to ${view.detail ?? 'the bot'} in a private chat (valid 10 min)`;
    wiring.report?.({ ...view, detail: view.detail ? `${view.detail} · ${ask}` : ask });
  };
  return {
    report,
    set: (next) => {
      cancel?.();
      cancel = null;
      code = next;
      if (next !== null) cancel = wiring.clock.after(DEFAULT_PAIRING_OPTIONS.ttlMs, () => hintExpired());
      if (last) report(last);
    },
  };
  function hintExpired(): void {
    code = null;
    if (last) report(last);
  }
}

function morningTime(value: string | undefined): { hour: number; minute: number } | null {
  if (value === 'off') return null;
  const time = parseClockTime(value ?? '08:00');
  if (!time) throw new Error(`TOWER_TELEGRAM_MORNING "${value}" is not HH:MM or off`);
  return time;
}

async function templates(wiring: TelegramWiring): Promise<readonly OpenTemplate[]> {
  if (!wiring.home) return [];
  return loadOpenTemplates(join(wiring.home, 'open-templates.json')).catch((error: unknown) => {
    // Fail closed: a bad file opens nothing, and says why.
    wiring.print(
      `Telegram /open templates not loaded: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    return [];
  });
}
