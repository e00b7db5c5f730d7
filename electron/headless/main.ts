/**
 * The headless composition root: the supervisor in plain Node, tmux and node-pty terminals, the
 * local API and dashboard on 127.0.0.1. `npm start` runs this where Electron cannot.
 *
 * Environment: TOWER_HOME (state, audit log, runtime file; default ~/.tower), TOWER_PORT (default
 * 7733; 0 picks a free port), TOWER_TMUX_SOCKET (the tmux server `tower open` uses), TOWER_POLICY
 * (policy.yaml; default $TOWER_HOME/policy.yaml, written on first start in shadow mode; SIGHUP reloads),
 * TOWER_TELEGRAM_TOKEN (+ TOWER_TELEGRAM_API_ROOT for an emulator): the Telegram bridge, only when set
 * (a token saved in Settings wins, and restarts the bridge at once; so do the phone's settings).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openPolicy } from '../adapters/policy/open-policy';
import { FileSecretStore } from '../adapters/secrets/file-secret-store';
import { JsonFileStore } from '../adapters/storage/json-file-store';
import { JsonlAuditSink } from '../adapters/storage/jsonl-audit-sink';
import { SystemClock } from '../adapters/system/system-clock';
import { PtyTerminalDriver } from '../adapters/terminal/pty/pty-terminal-driver';
import { TmuxTerminalDriver } from '../adapters/terminal/tmux/tmux-terminal-driver';
import { screenDetector } from '../core/screen-detector';
import { Supervisor } from '../core/supervisor';
import { announceHooks, hookEndpoint, planHooks } from '../adapters/hooks/hooks-wiring';
import { readRuntimeFile, towerHome } from './runtime-file';
import { BridgeEnv } from '../adapters/bridges/bridge-env';
import { startRemoteBridges } from '../adapters/bridges/remote-bridges';
import { WatchedSecretStore } from '../adapters/secrets/watched-secret-store';
import { startPhoneWebhooks } from '../transport/phone-webhooks';
import { serveApi } from './serve-api';
import { supervisorOptions } from './supervisor-options';

const DEFAULT_PORT = 7733;

/**
 * The built React UI (`npm run build:renderer` or `npm run build`), when there is one; otherwise the
 * server falls back to its small built-in dashboard. TOWER_UI_DIR points elsewhere (tests, packaging).
 */
export function builtUiDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const dir = env.TOWER_UI_DIR ?? join(import.meta.dirname, '..', '..', 'out', 'renderer');
  return existsSync(join(dir, 'index.html')) ? dir : undefined;
}

/** Starts Tower headless; resolves with a stop function once the API is up. */
export async function startHeadless(
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ url: string; stop: () => Promise<void>; ui: 'react' | 'built-in' }> {
  const running = await readRuntimeFile(env);
  if (running.kind === 'running') {
    throw new Error(`Tower is already running (pid ${running.info.pid}) at ${running.info.url}`);
  }
  const home = towerHome(env);
  // The bridges' secrets leave the environment before anything can open a terminal that inherits it.
  const bridgeEnv = new BridgeEnv(env);
  const audit = new JsonlAuditSink(join(home, 'audit.jsonl'));
  // Continue (and repair) the hash chain now: a log that cannot be continued stops Tower before it acts.
  await audit.open();
  // A bad policy.yaml never stops Tower: it runs with every prompt going to the owner.
  const policy = await openPolicy({
    env,
    towerHome: home,
    audit,
    warn: (line) => process.stderr.write(line),
  });
  const reloadPolicy = () => void policy.reload();
  process.on('SIGHUP', reloadPolicy);
  const drivers = [
    new TmuxTerminalDriver(env.TOWER_TMUX_SOCKET ? { defaultSocket: env.TOWER_TMUX_SOCKET } : {}),
    new PtyTerminalDriver(),
  ];
  const clock = new SystemClock();
  const store = new JsonFileStore(join(home, 'state.json'));
  const hooks = planHooks(home, env);
  // Secrets entered in Settings: a 0600 file here (the app keeps them in the Keychain); watched, so saving
  // a bridge's setting restarts that bridge.
  const secrets = new WatchedSecretStore(new FileSecretStore(join(home, 'secrets.json')));
  const supervisor = new Supervisor({
    drivers,
    detector: screenDetector,
    clock,
    audit,
    store,
    policy,
    hooks: hooks.wiring,
    secrets,
    options: supervisorOptions(env),
  });
  await supervisor.start();
  const port = env.TOWER_PORT === undefined ? DEFAULT_PORT : Number(env.TOWER_PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new Error(`TOWER_PORT "${env.TOWER_PORT}" is not a port`);
  const staticDir = builtUiDir(env);
  const hooksRoute = hookEndpoint(hooks, supervisor, audit);
  const served = await serveApi({ backend: supervisor, port, env, staticDir, hooks: hooksRoute }).catch(
    async (error: unknown) => {
      supervisor.stop();
      policy.stop();
      process.off('SIGHUP', reloadPolicy);
      await Promise.all(drivers.map((d) => d.dispose()));
      const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
      throw inUse
        ? new Error(`port ${port} is in use; set TOWER_PORT to another port (0 picks a free one)`)
        : error;
    },
  );
  announceHooks(hooks, supervisor, served.server.url, env);
  const print = (line: string) => void process.stdout.write(line);
  // Telegram and phone, each only when configured, restarted when Settings change it; a bridge that
  // cannot start says why here and on every UI (never the token), and Tower runs on without it.
  const bridges = await startRemoteBridges({
    env: bridgeEnv,
    backend: supervisor,
    secrets,
    home,
    audit,
    store,
    clock,
    print,
    serve: startPhoneWebhooks,
  });
  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      await bridges.stop();
      supervisor.stop();
      policy.stop();
      process.off('SIGHUP', reloadPolicy);
      await served.stop();
      await Promise.all(drivers.map((d) => d.dispose()));
      await audit.close();
    })();
    return stopping;
  };
  return { url: served.server.dashboardUrl, stop, ui: staticDir === undefined ? 'built-in' : 'react' };
}

async function run(): Promise<void> {
  try {
    const { url, stop, ui } = await startHeadless();
    process.stdout.write(
      `Tower is running headless.\n  Dashboard: ${url}${ui === 'built-in' ? '  (built-in page; `npm run build:renderer` for the full UI)' : ''}\n  CLI:       npm run tower -- status\n  Stop:      Ctrl-C\n`,
    );
    const shutdown = () => {
      void stop().then(() => process.exit(0));
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);
  } catch (error) {
    process.stderr.write(
      `Tower could not start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) void run();
