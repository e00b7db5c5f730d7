/**
 * Tower in its own process for the kill -9 chaos test: `tsx tower-process.ts <tmux socket> <home>`.
 * The real Supervisor, detector, tmux driver, JSON state file and hash-chained audit log over `home`,
 * and the local API; prints one JSON line `{url, token, pid}` once the API is up, then runs until killed.
 */
import { join } from 'node:path';
import { JsonFileStore } from '../../electron/adapters/storage/json-file-store';
import { JsonlAuditSink } from '../../electron/adapters/storage/jsonl-audit-sink';
import { SystemClock } from '../../electron/adapters/system/system-clock';
import { TmuxTerminalDriver } from '../../electron/adapters/terminal/tmux/tmux-terminal-driver';
import { screenDetector } from '../../electron/core/screen-detector';
import { Supervisor } from '../../electron/core/supervisor';
import { startApiServer } from '../../electron/transport/ws-server-transport';

const [socket, home] = process.argv.slice(2);
if (!socket || !home) throw new Error('usage: tower-process.ts <tmux socket> <home>');
const audit = new JsonlAuditSink(join(home, 'audit.jsonl'));
await audit.open();
const tmux = new TmuxTerminalDriver({ sockets: [socket], defaultSocket: socket });
const supervisor = new Supervisor({
  drivers: [tmux],
  detector: screenDetector,
  clock: new SystemClock(),
  audit,
  store: new JsonFileStore(join(home, 'state.json')),
});
await supervisor.start();
const server = await startApiServer({ backend: supervisor, port: 0 });
process.stdout.write(`${JSON.stringify({ url: server.url, token: server.token, pid: process.pid })}\n`);
