/**
 * One Tower with its Telegram bridge for an end-to-end file: the real Supervisor (fast escalation
 * ladder), the Bot API emulator, and the headless wiring itself (token from the env fallback,
 * status to the tray, `/open` templates in its home), plus reads of what the bot sent.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SystemClock } from '../../electron/adapters/system/system-clock';
import type { Snapshot } from '../../electron/contract/dto';
import { MemoryAuditSink, MemoryStore } from '../../electron/core/testing/memory-audit';
import { startTelegramFromEnv, type RunningTelegram } from '../../electron/headless/telegram-bridge';
import { startEmulator, type BotMessage, type Emulator } from './telegram-emulator';
import { FAST_LADDER, typedVia } from './telegram-rig';
import { startTower, type TowerUnderTest } from './tower-harness';

/** The bot token the emulator serves. */
export const TOKEN = '7000000001:AAE-tower-e2e-token-for-the-emulator-0';

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
  let pairingCode = '';
  const audit = new MemoryAuditSink();
  const store = new MemoryStore();
  const home = mkdtempSync(join(tmpdir(), 'tower-e2e-tg-home-'));
  // The ladder reaches Telegram 400 ms after a prompt is raised (tray at once, no dialog, no phone).
  const tower = await startTower(socket, { escalation: FAST_LADDER });
  tower.supervisor.on('snapshot', (snapshot) => (latestSnapshot = snapshot));
  const emulator = await startEmulator(TOKEN);
  writeFileSync(
    join(home, 'open-templates.json'),
    JSON.stringify({
      templates: [{ name: 'sleeper', command: ['sleep', '600'], cwd: home, provider: 'tmux' }],
    }),
  );
  const telegram = await startTelegramFromEnv({
    env: {
      TOWER_TELEGRAM_TOKEN: TOKEN,
      TOWER_TELEGRAM_API_ROOT: emulator.apiRoot,
      TOWER_TELEGRAM_MORNING: 'off',
    },
    backend: tower.supervisor,
    audit,
    store,
    clock: new SystemClock(),
    home,
    report: (view) => tower.supervisor.reportBridge(view),
    print: (line) => {
      pairingCode = /send ([A-Z0-9]{4}-[A-Z0-9]{4})/.exec(line)?.[1] ?? pairingCode;
    },
  });
  return {
    tower,
    emulator,
    telegram,
    audit,
    home,
    pairingCode,
    snapshot: () => latestSnapshot,
    owners: () => store.data.get('chat.telegram.allowlist'),
    ignored: (user) => audit.ofKind('chat-ignored').filter((r) => r.detail.user === user).length,
    latest: (chat, pattern, after = 0) =>
      emulator.botMessages(chat).find((m) => m.messageId > after && pattern.test(m.text)),
    lastId: (chat) => emulator.botMessages(chat).at(-1)?.messageId ?? 0,
    typedVia: (user) => typedVia(tower.auditPath, user),
    stop: async () => {
      await telegram?.stop();
      await emulator.stop();
      await tower.stop();
      rmSync(home, { recursive: true, force: true });
      try {
        execFileSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' });
      } catch {
        // already gone
      }
    },
  };
}
