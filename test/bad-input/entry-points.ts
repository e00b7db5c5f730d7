/**
 * The non-typing entry points: every HTTP API method with the payload in each string field, raw
 * bodies, WebSocket frames, and CLI argv. Each try is one check; any reply with a 5xx is counted as
 * a server error, and the canary panes' records must not grow (nothing typed by accident).
 */
import { TOWER_METHODS } from '../../electron/contract/api';
import { main as cli } from '../../electron/headless/cli';
import { recordSize } from './canary-pane';
import type { BadInputRig } from './harness';

/** Payloads tmux gives meaning to: `#` formats and a trailing `;` (a command separator). */
export const TMUXISH = /#|;$/u;

/** The JSON bodies that put `p` into every field of `method` (other fields valid, aimed at the canary). */
function bodiesFor(method: string, p: string, canary: string, i: number): unknown[] {
  switch (method) {
    case 'getSnapshot':
      return [{ x: p }, p];
    case 'answerPrompt':
      return [
        { session: p, choice: 'approve' },
        { session: canary, choice: p },
        // A real answer attempt waits for the screen to settle (~0.4 s): every tenth payload only.
        ...(i % 10 === 0 ? [{ session: canary, choice: 'deny', fingerprint: p, channel: p }] : []),
      ];
    case 'sendText':
      return [
        { session: p, text: 'x', submit: false },
        { session: canary, text: 'x', submit: p },
      ];
    case 'openAgent':
      // Opening a terminal costs a full scan, so only payloads tmux gives meaning to (`#` formats,
      // `;` command separators) open real panes, as the command and the title at once; every
      // payload still goes through validation as the cwd.
      return [
        { command: ['true'], cwd: p, provider: 'tmux' },
        ...(TMUXISH.test(p) ? [{ command: [p], title: p, provider: 'tmux' }] : []),
      ];
    case 'closeAgent':
      return [{ session: p }];
    case 'lockdown':
      return [{ engaged: p }];
    case 'unlockPhone':
      return [{ channel: p }];
    // The pool: a queued task types nothing while no agent command is set (max 0 agents below).
    case 'addTask':
      return [{ text: p }];
    case 'listTasks':
      return [{ x: p }, p];
    case 'removeTask':
      return [{ id: p }];
    case 'configurePool':
      return [{ cwd: p, maxAgents: 0 }, { command: [p], maxAgents: 0 }, { paused: p }, { maxAgents: p }];
    case 'broadcast':
      return [{ text: p }, { text: 'x', scope: p }];
    default:
      return [];
  }
}

function recordsSize(rig: BadInputRig): number {
  return recordSize(rig.panes.tmux.record) + recordSize(rig.panes.pty.record);
}

/** Tries `fn`; counts one check and whether the canary panes received anything meanwhile. */
async function check(rig: BadInputRig, entry: string, fn: () => Promise<void>): Promise<void> {
  const before = recordsSize(rig);
  rig.tally.entryPoints.add(entry);
  rig.tally.checks += 1;
  await fn();
  if (recordsSize(rig) !== before) rig.tally.unintendedKeystrokes += 1;
}

/** Every API method over HTTP, with payloads in every field. */
export async function runHttpMethods(rig: BadInputRig, payloads: (entry: string) => string[]): Promise<void> {
  const canary = rig.panes.tmux.session.id;
  for (const method of TOWER_METHODS) {
    for (const [i, p] of payloads(`http-${method}`).entries()) {
      await check(rig, `http:${method}`, async () => {
        for (const body of bodiesFor(method, p, canary, i)) {
          const res = await rig.post(method, JSON.stringify(body));
          // 502 is terminal-failed: a driver's clear refusal (a missing directory, `=` in a lone
          // command). Any other 5xx is a server error, openAgent included.
          if (res.status >= 500 && res.status !== 502) {
            rig.tally.serverErrors += 1;
            rig.tally.serverErrorDetails.push(
              `${method} ${JSON.stringify(body).slice(0, 80)} → ${res.status}`,
            );
          }
          const opened = (res.body as { value?: { terminalId?: string } }).value?.terminalId;
          // Closed through the driver: the API's close would cost another full scan.
          if (method === 'openAgent' && res.status === 200 && opened) {
            await rig.tower.drivers.tmux.close(opened).catch(() => undefined);
          }
        }
      });
    }
  }
}

/** Payloads as raw request bodies (not JSON, or JSON of the wrong shape) and as a method name. */
export async function runRawBodies(rig: BadInputRig, payloads: string[]): Promise<void> {
  for (const p of payloads) {
    await check(rig, 'http:raw', async () => {
      for (const res of [
        await rig.post('sendText', p),
        await rig.post('answerPrompt', p, 'text/plain'),
        await rig.post(p.toWellFormed(), '{}'),
      ]) {
        if (res.status >= 500) rig.tally.serverErrors += 1;
      }
    });
  }
}

/** Payloads as WebSocket frames: raw, as the method, as the id and as arguments. Every frame gets a reply. */
export async function runWebSocket(rig: BadInputRig, payloads: string[]): Promise<void> {
  const replies: unknown[] = [];
  let closes = 0;
  let ws = await rig.openWs();
  const listen = (socket: typeof ws) => {
    socket.on('message', (data) => {
      const msg = JSON.parse((data as Buffer).toString('utf8')) as { event?: string };
      if (msg.event === undefined) replies.push(msg);
    });
    socket.on('close', () => (closes += 1));
  };
  listen(ws);
  let sent = 0;
  const canary = rig.panes.tmux.session.id;
  for (const p of payloads) {
    await check(rig, 'websocket', async () => {
      // The server may drop a socket that sent an oversized frame; that is an answer too.
      if (ws.readyState !== ws.OPEN) {
        ws = await rig.openWs();
        listen(ws);
        sent = replies.length;
      }
      const closedBefore = closes;
      const frames = [
        p,
        JSON.stringify({ id: 1, method: p, args: {} }),
        JSON.stringify({ id: p, method: 'getSnapshot' }),
        JSON.stringify({ id: 2, method: 'sendText', args: { session: p, text: p } }),
        JSON.stringify({ id: 3, method: 'answerPrompt', args: { session: canary, choice: p } }),
      ];
      for (const frame of frames) ws.send(frame);
      sent += frames.length;
      const deadline = Date.now() + 5_000;
      while (replies.length < sent && closes === closedBefore && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 2));
      }
      if (closes !== closedBefore) sent = replies.length;
    });
  }
  ws.close();
  for (const reply of replies) {
    const code = (reply as { error?: { code?: string } }).error?.code;
    if (code === 'internal') rig.tally.serverErrors += 1;
  }
  if (replies.length !== sent) throw new Error(`websocket: ${sent} frames, ${replies.length} replies`);
}

/** Payloads in the CLI's argv, for every command. */
export async function runCli(rig: BadInputRig, payloads: string[], home: string): Promise<void> {
  const io = { stdout: () => undefined, stderr: () => undefined, env: { TOWER_HOME: home }, cwd: rig.dir };
  for (const p of payloads) {
    await check(rig, 'cli', async () => {
      for (const argv of [
        [p],
        ['approve', p],
        ['deny', p],
        ['close', p],
        ['lockdown', p],
        ['status', p],
        ['send', p, 'x'],
        ['open', '--cwd', p, '--', 'true'],
        ['open', '--provider', p, '--', 'true'],
      ]) {
        const before = new Set((await rig.tower.api.getSnapshot()).sessions.map((s) => s.id));
        await cli(argv, io);
        for (const s of (await rig.tower.api.getSnapshot()).sessions) {
          if (!before.has(s.id) && !s.gone) await rig.tower.api.closeAgent({ session: s.id });
        }
      }
    });
  }
}
