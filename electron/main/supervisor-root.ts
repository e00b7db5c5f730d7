/**
 * The core and its Node adapters for the Electron app: the same Supervisor the headless root builds,
 * with the whole provider chain (iTerm2 helper → iTerm2 AppleScript → Terminal.app → node-pty, plus
 * tmux wherever a server runs), the hash-chained audit log opened (and repaired) before anything acts,
 * policy.yaml, secrets in the Keychain (safeStorage), Claude Code hooks (per launch, run by a real Node
 * found on the machine since the app's own binary cannot run scripts), and the local API published in
 * the runtime file so the `tower` CLI works against the running app.
 *
 * State lives in `$TOWER_HOME` (default `~/.tower`), the same place headless Tower uses: one LOCKDOWN,
 * one audit chain, and a second Tower (app or headless) refuses to start while one runs.
 */
import { join } from 'node:path';
import { BridgeEnv } from '../adapters/bridges/bridge-env';
import { startRemoteBridges } from '../adapters/bridges/remote-bridges';
import { findHookNode } from '../adapters/hooks/hook-node';
import { announceHooks, hookEndpoint, planHooks } from '../adapters/hooks/hooks-wiring';
import { openPolicy } from '../adapters/policy/open-policy';
import type { EncryptionPort } from '../adapters/secrets/safe-storage-secret-store';
import { SafeStorageSecretStore } from '../adapters/secrets/safe-storage-secret-store';
import { WatchedSecretStore } from '../adapters/secrets/watched-secret-store';
import { JsonFileStore } from '../adapters/storage/json-file-store';
import { JsonlAuditSink } from '../adapters/storage/jsonl-audit-sink';
import { SystemClock } from '../adapters/system/system-clock';
import { createMacTerminalDrivers } from '../adapters/terminal/provider-chain/mac-providers';
import { PtyTerminalDriver } from '../adapters/terminal/pty/pty-terminal-driver';
import { TmuxTerminalDriver } from '../adapters/terminal/tmux/tmux-terminal-driver';
import type { TerminalDriver } from '../core/ports';
import { screenDetector } from '../core/screen-detector';
import { Supervisor } from '../core/supervisor';
import { startPhoneWebhooks } from '../transport/phone-webhooks';
import { readRuntimeFile, towerHome } from '../transport/runtime-file';
import { serveApi } from '../transport/serve-api';

/** What the Electron root passes in (Electron objects arrive as small ports). */
export interface SupervisorRootOptions {
  readonly env: NodeJS.ProcessEnv;
  /** `native-scripts`: the repo's in development, `process.resourcesPath`'s when packaged. */
  readonly nativeScriptsDir: string;
  /** Electron's `safeStorage`. */
  readonly encryption: EncryptionPort;
  /** The built renderer, served to browsers on 127.0.0.1 as well. */
  readonly staticDir?: string;
  readonly warn: (line: string) => void;
  /** Test seam: the Node that runs the hook command (null: none); searched for when absent. */
  readonly hookNode?: string | null;
  /** Test seam: the drivers to use instead of the real chain. */
  readonly drivers?: (tmux: TmuxTerminalDriver) => TerminalDriver[];
}

/** A started Supervisor, where the CLI finds it, and its shutdown. */
export interface SupervisorRoot {
  readonly supervisor: Supervisor;
  readonly url: string;
  readonly runtimeFile: string;
  stop(): Promise<void>;
}

/** The drivers in chain order: iTerm2, Terminal.app (each hiding tabs that only show tmux), pty, tmux. */
export function providerChain(
  tmux: TmuxTerminalDriver,
  nativeScriptsDir: string,
  platform: NodeJS.Platform = process.platform,
): TerminalDriver[] {
  const mac = createMacTerminalDrivers({
    nativeScriptsDir,
    platform,
    tmuxAvailable: async () => (await tmux.availability()).available,
  });
  return [...mac.drivers, new PtyTerminalDriver(), tmux];
}

/** Builds and starts everything; throws (before acting) when another Tower runs or the log is broken. */
export async function startSupervisor(options: SupervisorRootOptions): Promise<SupervisorRoot> {
  const { env } = options;
  const running = await readRuntimeFile(env);
  if (running.kind === 'running')
    throw new Error(`Tower is already running (pid ${running.info.pid}) at ${running.info.url}`);
  const home = towerHome(env);
  // The bridges' secrets leave the environment before anything can open a terminal that inherits it.
  const bridgeEnv = new BridgeEnv(env);
  const audit = new JsonlAuditSink(join(home, 'audit.jsonl'));
  // Continue (and repair) the hash chain now: a log that cannot be continued stops Tower before it acts.
  await audit.open();
  const policy = await openPolicy({ env, towerHome: home, audit, warn: options.warn });
  const tmux = new TmuxTerminalDriver(env.TOWER_TMUX_SOCKET ? { defaultSocket: env.TOWER_TMUX_SOCKET } : {});
  const drivers = options.drivers?.(tmux) ?? providerChain(tmux, options.nativeScriptsDir);
  const clock = new SystemClock();
  const store = new JsonFileStore(join(home, 'state.json'));
  // Watched: saving a bridge's setting in Settings restarts that bridge.
  const secrets = new WatchedSecretStore(
    new SafeStorageSecretStore(join(home, 'secrets.enc.json'), options.encryption),
  );
  const hooks = planHooks(home, env, {
    node: options.hookNode !== undefined ? options.hookNode : findHookNode({ env }),
    script: join(options.nativeScriptsDir, 'hooks', 'tower-hook.mjs'),
  });
  const supervisor = new Supervisor({
    drivers,
    detector: screenDetector,
    clock,
    audit,
    store,
    policy,
    secrets,
    hooks: hooks.wiring,
  });
  const release = async () => {
    supervisor.stop();
    policy.stop();
    await Promise.all(drivers.map((d) => d.dispose()));
    await audit.close();
  };
  let served;
  try {
    await supervisor.start();
    // A free port by default: the CLI and browsers find it in the runtime file.
    const port = env.TOWER_PORT === undefined ? 0 : Number(env.TOWER_PORT);
    served = await serveApi({
      backend: supervisor,
      port,
      env,
      hooks: hookEndpoint(hooks, supervisor, audit),
      ...(options.staticDir ? { staticDir: options.staticDir } : {}),
    });
  } catch (error) {
    await release();
    throw error;
  }
  announceHooks(hooks, supervisor, served.server.url, env);
  // Telegram and phone, each only when configured and restarted when Settings change it. The app has no
  // console the owner reads: the tray's bridge views say why a bridge is off or down.
  const bridges = await startRemoteBridges({
    env: bridgeEnv,
    backend: supervisor,
    secrets,
    home,
    audit,
    store,
    clock,
    print: options.warn,
    serve: startPhoneWebhooks,
  });
  let stopping: Promise<void> | null = null;
  return {
    supervisor,
    url: served.server.dashboardUrl,
    runtimeFile: served.runtimeFile,
    stop: () => {
      stopping ??= bridges
        .stop()
        .then(() => served.stop())
        .then(release);
      return stopping;
    },
  };
}
