/**
 * The Telegram and phone bridges of either composition root (headless and the Electron app), each
 * restarted when the owner changes one of its settings. Both fail closed: a bridge that cannot start
 * stays down with the reason on every UI, and Tower runs on without it.
 */
import type { BridgeView } from '../../contract/dto';
import { TowerError } from '../../contract/api';
import type { BridgeBoard } from '../../core/bridge-board';
import type { ChatBackend } from '../../core/chat/ports';
import type { AuditSink, Clock, Store } from '../../core/ports';
import {
  TELEGRAM_TOKEN_SECRET,
  startTelegramBridge,
  type RunningTelegram,
} from '../chat/telegram/start-telegram-bridge';
import {
  PHONE_SETTING_NAMES,
  phoneBackendOf,
  startPhoneBridge,
  type RunningPhone,
  type ServePhoneWebhooks,
} from '../phone/start-phone-bridge';
import type { WatchedSecretStore } from '../secrets/watched-secret-store';
import type { BridgeEnv } from './bridge-env';
import { LiveBridge } from './live-bridge';

/** What the bridges are wired to. */
export interface RemoteBridgesWiring {
  /**
   * The bridges' copy of the environment, made before anything opens a terminal (the secrets leave the
   * process environment then; agents inherit it).
   */
  readonly env: BridgeEnv;
  /** The Supervisor: Telegram's backend, the phone's (through phoneBackendOf), and the bridge views. */
  readonly backend: ChatBackend &
    Parameters<typeof phoneBackendOf>[0] & {
      reportBridge(view: BridgeView): void;
      /** Where `unlockPhone` finds the running line. */
      readonly bridges: Pick<BridgeBoard, 'attachPhoneLine'>;
    };
  /** The store Settings writes to; its changes restart the bridge they concern. */
  readonly secrets: WatchedSecretStore;
  readonly home: string;
  readonly audit: AuditSink;
  readonly store: Store;
  readonly clock: Clock;
  readonly print: (line: string) => void;
  /** The phone's webhook listener (transport/phone-webhooks.ts). */
  readonly serve: ServePhoneWebhooks;
}

/** The running bridges. */
export interface RemoteBridges {
  readonly telegram: LiveBridge<RunningTelegram>;
  readonly phone: LiveBridge<RunningPhone>;
  stop(): Promise<void>;
}

/** Starts both bridges (each only when configured) and follows their settings. */
export async function startRemoteBridges(wiring: RemoteBridgesWiring): Promise<RemoteBridges> {
  const { backend, secrets, clock, print } = wiring;
  const report = (view: BridgeView) => backend.reportBridge(view);
  const { env } = wiring;
  const common = {
    audit: wiring.audit,
    store: wiring.store,
    clock,
    secrets,
    home: wiring.home,
    report,
    print,
  };
  const telegram = new LiveBridge<RunningTelegram>({
    id: 'telegram',
    label: 'Telegram bridge',
    settings: [TELEGRAM_TOKEN_SECRET],
    start: () => startTelegramBridge({ ...common, env: env.forStart(), backend }),
    report,
    print,
    clock,
  });
  const phone = new LiveBridge<RunningPhone>({
    id: 'phone',
    label: 'Phone bridge',
    settings: PHONE_SETTING_NAMES,
    start: () =>
      startPhoneBridge({
        ...common,
        env: env.forStart(),
        backend: phoneBackendOf(backend),
        serve: wiring.serve,
      }),
    report,
    print,
    clock,
  });
  const unwatch = secrets.onChange((name, change) => {
    if (change === 'deleted') env.deletedInSettings(name);
    telegram.settingChanged(name);
    phone.settingChanged(name);
  });
  // Whichever phone bridge runs at the time (restarts replace it); none running is a clear refusal.
  backend.bridges.attachPhoneLine({
    unlock: (by) => {
      const line = phone.current();
      if (!line)
        throw new TowerError('not-allowed', 'the phone line is not running, so there is no lockout to lift');
      return line.bridge.unlock(by);
    },
  });
  await telegram.start();
  await phone.start();
  return {
    telegram,
    phone,
    stop: async () => {
      unwatch();
      backend.bridges.attachPhoneLine(null);
      await phone.stop();
      await telegram.stop();
    },
  };
}
