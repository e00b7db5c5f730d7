/**
 * Bad input through the tray's IPC (electron/transport/ipc-main-transport.ts), backed by the rig's
 * real Supervisor so a call that typed, opened or locked anything would really do it. Every payload
 * goes in as the arguments of every contract call from Tower's own window (each call's fields, and
 * the whole argument), and as the sending frame of calls that would act if accepted (type into a
 * canary, engage LOCKDOWN, open a command that touches a canary file): those must all be refused
 * before the Supervisor sees them.
 */
import { TOWER_METHODS, type TowerMethod } from '../../electron/contract/api';
import type { ApiBackend, RpcOutcome } from '../../electron/transport/rpc';
import { check, serverError, type LocalRig } from './local-rig';

/** A registered `ipcMain.handle` listener, as the Electron stand-in keeps it. */
export type IpcHandler = (event: { senderFrame: unknown }, args: unknown) => Promise<unknown>;

/** What the IPC runs found, beyond the rig's tally. */
export interface IpcFindings {
  /** Calls from a frame that is not Tower's own window that were not refused with `not-allowed`. */
  readonly untrustedAccepted: string[];
  /** Supervisor calls made on behalf of an untrusted frame. */
  untrustedReachedBackend: number;
  /** Trusted calls that were dispatched and answered (valid or not): proves the handlers ran. */
  answered: number;
}

export const TRUSTED_ORIGIN = 'app://tower';
const OURS = { senderFrame: { url: `${TRUSTED_ORIGIN}/index.html`, parent: null } };

/** The Supervisor with each contract call counted, for "refused before the backend saw it". */
export function countingBackend(backend: ApiBackend): { backend: ApiBackend; calls: () => number } {
  let calls = 0;
  const methods = new Set<string>(TOWER_METHODS);
  const proxy = new Proxy(backend, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      const fn = value as (...args: unknown[]) => unknown;
      if (typeof prop === 'string' && methods.has(prop))
        return (...args: unknown[]) => {
          calls += 1;
          return fn.apply(target, args);
        };
      return fn.bind(target);
    },
  });
  return { backend: proxy, calls: () => calls };
}

// Each call's arguments with the payload in one field at a time; the other fields valid and aimed at
// a canary. Text aimed at a canary always carries an invalid field, so nothing may be typed.
function argsFor(method: TowerMethod, p: string, canary: string, i: number): unknown[] {
  switch (method) {
    case 'getSnapshot':
    case 'listTasks':
    case 'listSecrets':
      return [{ x: p }];
    case 'answerPrompt':
      return [
        { session: p, choice: 'approve' },
        { session: canary, choice: p },
        // A real answer attempt waits for the screen to settle (~0.4 s): every twentieth payload only.
        ...(i % 20 === 0 ? [{ session: canary, choice: 'deny', fingerprint: p, channel: p }] : []),
      ];
    case 'sendText':
      return [
        { session: p, text: p, submit: false },
        { session: canary, text: 'x', submit: p },
        { session: canary, text: p, submit: p },
      ];
    case 'openAgent':
      // Every payload as the cwd (pty); a real open costs a spawn, a scan and a close, so the payload as
      // command and title only for every twentieth (tmux, where a lone command goes through a shell).
      return [
        { command: ['true'], cwd: p, provider: 'pty' },
        ...(i % 20 === 0 ? [{ command: [p], title: p, provider: 'tmux' }] : []),
      ];
    case 'closeAgent':
    case 'focusAgent':
      return [{ session: p }];
    case 'lockdown':
      return [{ engaged: p }, { engaged: false, channel: p }];
    case 'unlockPhone':
      return [{ channel: p }];
    case 'setSecret':
      return [
        { name: p, value: 'x' },
        { name: 'telegram.token', value: p },
      ];
    case 'deleteSecret':
      return [{ name: p }];
    case 'addTask':
      return [{ text: p }];
    case 'removeTask':
      return [{ id: p }];
    case 'configurePool':
      // maxAgents 0: the pool starts nothing, so a payload command or cwd is stored, never run.
      return [{ cwd: p, maxAgents: 0 }, { command: [p], maxAgents: 0 }, { paused: p }, { maxAgents: p }];
    case 'broadcast':
      // The default scope is the pool, which has no agents: nothing reaches the canaries.
      return [{ text: p }, { text: 'x', scope: p }];
  }
}

// Calls that would act on the canaries or on Tower itself if an untrusted frame got through.
function harmfulArgs(method: TowerMethod, canary: string, touch: string): unknown {
  switch (method) {
    case 'answerPrompt':
      return { session: canary, choice: 'approve' };
    case 'sendText':
      return { session: canary, text: 'untrusted', submit: true };
    case 'openAgent':
      return { command: ['sh', '-c', `touch '${touch}'`], provider: 'pty' };
    case 'closeAgent':
    case 'focusAgent':
      return { session: canary };
    case 'lockdown':
      return { engaged: true };
    case 'unlockPhone':
      return { channel: 'tray' };
    case 'setSecret':
      return { name: 'telegram.token', value: 'x' };
    case 'deleteSecret':
      return { name: 'telegram.token' };
    case 'addTask':
      return { text: 'untrusted' };
    case 'removeTask':
      return { id: 'x' };
    case 'configurePool':
      return { maxAgents: 1, command: ['sh', '-c', `touch '${touch}'`] };
    case 'broadcast':
      return { text: 'untrusted', scope: 'all' };
    default:
      return undefined;
  }
}

/** Sending frames that are not Tower's own top-level window, each carrying the payload. */
function forgedFrames(p: string): unknown[] {
  return [
    { url: p, parent: null },
    { url: `https://evil.example/${p}`, parent: null },
    { url: `app://tower.evil/${p}`, parent: null },
    { url: `${TRUSTED_ORIGIN}/${p}`, parent: {} },
    { url: p, parent: p },
    p,
  ];
}

/** Runs every payload through every IPC handler, trusted and forged. */
export async function runIpc(
  rig: LocalRig,
  payloads: string[],
  handlers: ReadonlyMap<string, IpcHandler>,
  backendCalls: () => number,
): Promise<IpcFindings> {
  const found: IpcFindings = { untrustedAccepted: [], untrustedReachedBackend: 0, answered: 0 };
  const handler = (method: string) => {
    const fn = handlers.get(`tower:call:${method}`);
    if (!fn) throw new Error(`no IPC handler for ${method}`);
    return fn;
  };
  for (const [i, p] of payloads.entries()) {
    const canary = (i % 2 === 0 ? rig.panes.tmux : rig.panes.pty).session.id;
    for (const method of TOWER_METHODS) {
      await check(rig, 'ipc:trusted', async () => {
        for (const args of [p, ...argsFor(method, p, canary, i)]) {
          const outcome = (await handler(method)(OURS, args)) as RpcOutcome;
          found.answered += 1;
          if (!outcome.ok && outcome.error.code === 'internal')
            serverError(rig, `ipc ${method} ${JSON.stringify(args).slice(0, 80)} → internal`);
          const opened = outcome.ok ? (outcome.result as { id?: string; gone?: boolean }) : null;
          if (method === 'openAgent' && opened?.id) await rig.tower.api.closeAgent({ session: opened.id });
        }
      });
    }
    await check(rig, 'ipc:sender-frame', async () => {
      const touch = `${rig.canaryDir}/ipc-frame-${i}`;
      for (const senderFrame of forgedFrames(p)) {
        for (const method of TOWER_METHODS) {
          const before = backendCalls();
          const outcome = (await handler(method)(
            { senderFrame },
            harmfulArgs(method, canary, touch),
          )) as RpcOutcome;
          found.untrustedReachedBackend += backendCalls() - before;
          if (outcome.ok || outcome.error.code !== 'not-allowed')
            found.untrustedAccepted.push(`${method} from ${JSON.stringify(senderFrame).slice(0, 80)}`);
        }
      }
    });
  }
  return found;
}
