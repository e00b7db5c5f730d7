/**
 * The core and its Node adapters for the Electron app: the same Supervisor the headless root builds,
 * with state under the app's userData directory.
 */
import { join } from 'node:path';
import { JsonFileStore } from '../adapters/storage/json-file-store';
import { JsonlAuditSink } from '../adapters/storage/jsonl-audit-sink';
import { SystemClock } from '../adapters/system/system-clock';
import { PtyTerminalDriver } from '../adapters/terminal/pty/pty-terminal-driver';
import { TmuxTerminalDriver } from '../adapters/terminal/tmux/tmux-terminal-driver';
import { screenDetector } from '../core/screen-detector';
import { Supervisor } from '../core/supervisor';

/** A started Supervisor and its shutdown. */
export interface SupervisorRoot {
  readonly supervisor: Supervisor;
  stop(): Promise<void>;
}

/** Builds and starts the Supervisor with tmux and node-pty terminals. */
export async function startSupervisor(dataDir: string): Promise<SupervisorRoot> {
  const audit = new JsonlAuditSink(join(dataDir, 'audit.jsonl'));
  const drivers = [new TmuxTerminalDriver(), new PtyTerminalDriver()];
  const supervisor = new Supervisor({
    drivers,
    detector: screenDetector,
    clock: new SystemClock(),
    audit,
    store: new JsonFileStore(join(dataDir, 'state.json')),
  });
  await supervisor.start();
  return {
    supervisor,
    stop: async () => {
      supervisor.stop();
      await Promise.all(drivers.map((d) => d.dispose()));
      await audit.close();
    },
  };
}
