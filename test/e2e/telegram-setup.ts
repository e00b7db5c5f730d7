/**
 * One Tower with its Telegram bridge for an end-to-end file: the real Supervisor (fast escalation
 * ladder), the Bot API emulator, and the headless wiring itself (token from the env fallback,
 * status to the tray, `/open` templates in its home), plus reads of what the bot sent.
 *
 * `startEmulatedTelegram` is the one place the emulator and the bridge are started, the owner is
 * paired and everything is taken down: the e2e files, the remote bad-input rig and the Telegram
 * bench all go through it, so a change to how the bridge is started is made once.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SystemClock } from '../../electron/adapters/system/system-clock';
import { resolveSocket } from '../../electron/adapters/terminal/tmux/tmux-sockets';
import type { Snapshot } from '../../electron/contract/dto';
import type { Clock } from '../../electron/core/ports';
import { MemoryAuditSink, MemoryStore } from '../../electron/core/testing/memory-audit';
import { startTelegramFromEnv, type RunningTelegram } from '../../electron/headless/telegram-bridge';
import { startEmulator, type BotMessage, type Emulator, type FakeUser } from './telegram-emulator';
import { eventually, FAST_LADDER, typedVia } from './telegram-rig';
import { startTower, type TowerUnderTest } from './tower-harness';

/** The bot token the emulator serves. */
export const TOKEN = '7000000001:AAE-tower-e2e-token-for-the-emulator-0';

/** The emulator and the bridge the headless wiring started against it, for one Tower. */
export interface EmulatedTelegram {
  readonly emulator: Emulator;
  readonly telegram: RunningTelegram;
  readonly audit: MemoryAuditSink;
  readonly store: MemoryStore;
  /** Tower's state directory the bridge reads (`open-templates.json`). */
  readonly home: string;
  /** The pairing code the bridge printed at start. */
  readonly pairingCode: string;
  /** Sends the pairing code as Telegram user `id` and waits for the bot's "Paired". */
  pair(id: number): Promise<FakeUser>;
  /** Stops the bridge, the emulator, Tower and its tmux server, and removes a home it made. */
  stop(): Promise<void>;
}

/** What differs between the callers; everything else is the headless wiring as it ships. */
export interface EmulatedTelegramOptions {
  /** Tower's private tmux socket, killed on stop. */
  readonly socket: string;
  /** Default: a fresh temp directory, removed on stop; a given one is the caller's to remove. */
  readonly home?: string;
  /** The bridge's clock (the bad-input rig moves it past the rate limit). Default: wall time. */
  readonly clock?: Clock;
}

/**
 * Starts the emulator and the bridge for `tower`. The home gets one `/open` template, `sleeper`,
 * so `/open <other name>` is answered with a refusal naming the name. The morning report is off:
 * it would land in the owner's chat mid-test.
 */
export async function startEmulatedTelegram(
  tower: TowerUnderTest,
  options: EmulatedTelegramOptions,
): Promise<EmulatedTelegram> {
  const home = options.home ?? mkdtempSync(join(tmpdir(), 'tower-tg-home-'));
  writeFileSync(
    join(home, 'open-templates.json'),
    JSON.stringify({
      templates: [{ name: 'sleeper', command: ['sleep', '600'], cwd: home, provider: 'tmux' }],
    }),
  );
  const emulator = await startEmulator(TOKEN);
  const audit = new MemoryAuditSink();
  const store = new MemoryStore();
  let pairingCode = '';
  const telegram = await startTelegramFromEnv({
    env: {
      TOWER_TELEGRAM_TOKEN: TOKEN,
      TOWER_TELEGRAM_API_ROOT: emulator.apiRoot,
      TOWER_TELEGRAM_MORNING: 'off',
    },
    backend: tower.supervisor,
    audit,
    store,
    clock: options.clock ?? new SystemClock(),
    home,
    report: (view) => tower.supervisor.reportBridge(view),
    print: (line) => {
      pairingCode = /send ([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(line)?.[1] ?? pairingCode;
    },
  });
  if (!telegram) throw new Error('the Telegram bridge did not start');
  return {
    emulator,
    telegram,
    audit,
    store,
    home,
    pairingCode,
    pair: async (id) => {
      const user = emulator.user(id);
      await user.say(pairingCode);
      await eventually(
        () => emulator.botMessages(id).some((m) => m.text.startsWith('Paired')),
        `the pairing of ${id}`,
      );
      return user;
    },
    // The bridge goes before the emulator it polls, Tower after the bridge that asks it things.
    stop: async () => {
      await telegram.stop();
      await emulator.stop();
      await tower.stop();
      const path = resolveSocket(options.socket);
      await new Promise<void>((resolve) => execFile('tmux', ['-S', path, 'kill-server'], () => resolve()));
      rmSync(path, { force: true });
      if (options.home === undefined) rmSync(home, { recursive: true, force: true });
    },
  };
}

/** A running Tower + bridge + emulator. */
export interface TelegramTower {
  readonly tower: TowerUnderTest;
  readonly emulator: Emulator;
  readonly telegram: RunningTelegram | null;
  readonly audit: MemoryAuditSink;
  readonly home: string;
  /** The pairing code the bridge printed at start. */
  readonly pairingCode: string;
  /** The latest snapshot the Supervisor pushed. */
  snapshot(): Snapshot | null;
  /** The paired owners as stored. */
  owners(): unknown;
  /** Refusal audit records for `user`. */
  ignored(user: number): number;
  /** The first bot message to `chat` after message `after` whose text matches. */
  latest(chat: number, pattern: RegExp, after?: number): BotMessage | undefined;
  /** The id of the last bot message to `chat` (0 if none). */
  lastId(chat: number): number;
  /** Keys Tower typed on behalf of Telegram user `user`. */
  typedVia(user: number): { at: number }[];
  stop(): Promise<void>;
}

/** Starts Tower on a private tmux socket, the emulator, and the bridge. */
export async function startTelegramTower(socket: string): Promise<TelegramTower> {
  let latestSnapshot: Snapshot | null = null;
  // The ladder reaches Telegram 400 ms after a prompt is raised (tray at once, no dialog, no phone).
  const tower = await startTower(socket, { escalation: FAST_LADDER });
  tower.supervisor.on('snapshot', (snapshot) => (latestSnapshot = snapshot));
  const bridge = await startEmulatedTelegram(tower, { socket });
  const { emulator, audit } = bridge;
  return {
    tower,
    emulator,
    telegram: bridge.telegram,
    audit,
    home: bridge.home,
    pairingCode: bridge.pairingCode,
    snapshot: () => latestSnapshot,
    owners: () => bridge.store.data.get('chat.telegram.allowlist'),
    ignored: (user) => audit.ofKind('chat-ignored').filter((r) => r.detail.user === user).length,
    latest: (chat, pattern, after = 0) =>
      emulator.botMessages(chat).find((m) => m.messageId > after && pattern.test(m.text)),
    lastId: (chat) => emulator.botMessages(chat).at(-1)?.messageId ?? 0,
    typedVia: (user) => typedVia(tower.auditPath, user),
    stop: () => bridge.stop(),
  };
}
