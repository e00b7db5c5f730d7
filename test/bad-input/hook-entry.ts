/**
 * Bad input through the hook endpoint (`POST /hooks/claude`, `/hooks/codex`): each payload in every
 * field of real-shaped hook bodies (the agent's JSON and the terminal tag the hook command adds), as
 * the whole body, as the secret and as the path. Bodies carry a tag naming a canary, so the desk
 * really consults the only-ls policy: an `allow` that comes back for anything but a plain `ls` is
 * recorded, as is every 5xx and every refused secret that got through.
 */
import { connect } from 'node:net';
import { HOOK_SECRET_HEADER } from '../../electron/transport/hook-route';
import { parseTmuxId } from '../../electron/adapters/terminal/tmux/tmux-id';
import { check, serverError, type LocalRig } from './local-rig';

/**
 * The only command shape the only-ls rule may allow: `ls` and words that expand to nothing — plain,
 * single-quoted, or double-quoted without `$`, backquote, backslash or `!` (so `ls '; id'` is one
 * harmless argument, while `ls ; id`, `ls $(id)` or `ls *` are never allowed).
 */
export const PLAIN_LS = /^ls(?: (?:[A-Za-z0-9_./,:=@+%-]+|'[^']*'|"[^"$`\\!]*"))*$/u;

/** What the hook runs found, beyond the rig's tally. */
export interface HookFindings {
  /** Replies that allowed something the policy must not allow. */
  readonly wrongAllows: string[];
  /** PreToolUse replies that were anything but nothing or a deny. */
  readonly wrongPreToolUse: string[];
  /** Requests with a missing or wrong secret that were not refused. */
  readonly secretLeaks: string[];
  /** Allows that came back for a plain `ls` (the control: the desk did consult the policy). */
  allowed: number;
}

type Json = Record<string, unknown>;

// Real-shaped Claude Code 2.1 bodies (electron/core/hooks/README.md); each payload replaces one field.
function claudeBases(cwd: string): Record<string, Json> {
  const common = {
    session_id: 'c0ffee-1',
    transcript_path: `${cwd}/t.jsonl`,
    cwd,
    permission_mode: 'default',
  };
  const bash = { tool_name: 'Bash', tool_input: { command: 'ls -la', description: 'List files' } };
  return {
    PermissionRequest: { ...common, hook_event_name: 'PermissionRequest', ...bash },
    'PermissionRequest:Write': {
      ...common,
      hook_event_name: 'PermissionRequest',
      tool_name: 'Write',
      tool_input: { file_path: `${cwd}/notes.txt`, content: 'x' },
    },
    PreToolUse: { ...common, hook_event_name: 'PreToolUse', tool_use_id: 'toolu_1', ...bash },
    Notification: {
      ...common,
      hook_event_name: 'Notification',
      message: 'Claude needs your permission to use Bash',
      notification_type: 'permission_prompt',
    },
    Stop: { ...common, hook_event_name: 'Stop', stop_hook_active: false, last_assistant_message: 'Done.' },
    SessionStart: { ...common, hook_event_name: 'SessionStart', source: 'startup' },
  };
}

const EVENT_FIELDS: readonly (readonly string[])[] = [
  ['session_id'],
  ['hook_event_name'],
  ['tool_name'],
  ['tool_input', 'command'],
  ['tool_input', 'file_path'],
  ['tool_input'],
  ['cwd'],
  ['transcript_path'],
  ['message'],
  ['notification_type'],
  ['source'],
  ['permission_mode'],
];
const TAG_FIELDS = ['launch', 'tmux', 'pane', 'tty', 'pids'] as const;

function withField(base: Json, path: readonly string[], value: unknown): Json {
  const copy = structuredClone(base);
  let at: Json = copy;
  for (const key of path.slice(0, -1)) {
    if (typeof at[key] !== 'object' || at[key] === null) at[key] = {};
    at = at[key] as Json;
  }
  at[path.at(-1) ?? ''] = value;
  return copy;
}

/** The tags the hook command would send from inside each canary (tmux: `$TMUX`/`$TMUX_PANE`; pty: its pid). */
export function canaryTags(rig: LocalRig): Json[] {
  const ref = parseTmuxId(rig.panes.tmux.session.terminalId);
  return [
    { launch: null, tmux: `${ref.socket},${ref.serverPid},0`, pane: ref.paneId, pids: [], tty: null },
    { launch: null, tmux: null, pane: null, pids: [rig.panes.pty.session.pid], tty: null },
  ];
}

interface Reply {
  readonly status: number;
  readonly body: unknown;
}

async function post(
  rig: LocalRig,
  source: string,
  body: string,
  headers: Record<string, string>,
): Promise<Reply> {
  const res = await fetch(`${rig.tower.server.url}/hooks/${source}`, { method: 'POST', headers, body });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) as unknown };
  } catch {
    return { status: res.status, body: text };
  }
}

/** One request written byte for byte (fetch refuses control characters in headers and paths). */
function rawRequest(
  rig: LocalRig,
  path: string,
  secret: string | null,
  body: string,
): Promise<number | null> {
  const { port } = rig.tower.server;
  const head = [
    `POST ${path} HTTP/1.1`,
    `Host: 127.0.0.1:${port}`,
    'Content-Type: application/json',
    ...(secret === null ? [] : [`${HOOK_SECRET_HEADER}: ${secret}`]),
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
  ].join('\r\n');
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let data = '';
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (data += chunk));
    socket.on('error', () => resolve(null));
    socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/u.exec(data)?.[1] ?? Number.NaN) || null));
    socket.end(Buffer.concat([Buffer.from(`${head}\r\n\r\n`, 'latin1'), Buffer.from(body, 'utf8')]));
  });
}

// What a server reads from a header line: up to the first line break, spaces and tabs trimmed (RFC 9110).
function headerValue(raw: string | null): string | null {
  return raw === null ? null : (raw.split(/[\r\n]/u)[0] ?? '').replace(/^[ \t]+|[ \t]+$/gu, '');
}

function judge(rig: LocalRig, found: HookFindings, what: string, envelope: Json, reply: Reply): void {
  if (reply.status >= 500) serverError(rig, `hook ${what} → ${reply.status}`);
  const output = (reply.body as { output?: { hookSpecificOutput?: Json } } | null)?.output
    ?.hookSpecificOutput;
  if (output === undefined) return;
  const event = envelope['event'] as Json;
  const input = event['tool_input'] as Json | undefined;
  const command = input?.['command'];
  if (output['hookEventName'] === 'PermissionRequest') {
    const behavior = (output['decision'] as Json | undefined)?.['behavior'];
    if (behavior !== 'allow') return;
    const legit = event['tool_name'] === 'Bash' && typeof command === 'string' && PLAIN_LS.test(command);
    if (legit) found.allowed += 1;
    else found.wrongAllows.push(`${what}: ${JSON.stringify(envelope).slice(0, 200)}`);
  } else if (output['hookEventName'] === 'PreToolUse' && output['permissionDecision'] !== 'deny') {
    found.wrongPreToolUse.push(`${what}: ${JSON.stringify(output).slice(0, 200)}`);
  }
}

/** Every payload through every field of every Claude event, the Codex notify, the raw body, the secret and the path. */
export async function runHooks(rig: LocalRig, payloads: string[]): Promise<HookFindings> {
  const found: HookFindings = { wrongAllows: [], wrongPreToolUse: [], secretLeaks: [], allowed: 0 };
  const headers = { 'Content-Type': 'application/json', [HOOK_SECRET_HEADER]: rig.hooks.secret };
  const tags = canaryTags(rig);
  const bases = claudeBases(rig.dir);
  const send = async (what: string, source: string, envelope: Json) =>
    judge(rig, found, what, envelope, await post(rig, source, JSON.stringify(envelope), headers));
  for (const [i, p] of payloads.entries()) {
    const tag = tags[i % tags.length] ?? {};
    // The control and the oracle's edge: a plain `ls` is allowed; `ls <payload>` only when plain.
    await check(rig, 'hooks:claude:PermissionRequest', async () => {
      for (const command of ['ls', `ls ${p}`, `${p} ls`]) {
        const event = withField(bases['PermissionRequest'] ?? {}, ['tool_input', 'command'], command);
        await send(`command ${JSON.stringify(command)}`, 'claude', { v: 1, terminal: tag, event });
      }
    });
    for (const [name, base] of Object.entries(bases)) {
      // Permission requests take every payload; the other events every fourth (same parser, no decision).
      if (!name.startsWith('PermissionRequest') && i % 4 !== 0) continue;
      await check(rig, `hooks:claude:${name.split(':')[0] ?? name}`, async () => {
        const envelopes: [string, Json][] = [
          ...EVENT_FIELDS.map((path): [string, Json] => [
            `${name}.${path.join('.')}`,
            { v: 1, terminal: tag, event: withField(base, path, p) },
          ]),
          ...TAG_FIELDS.map((field): [string, Json] => [
            `${name} terminal.${field}`,
            { v: 1, terminal: { ...tag, [field]: field === 'pids' ? [p] : p }, event: base },
          ]),
          [`${name} v`, { v: p, terminal: tag, event: base }],
          [`${name} terminal`, { v: 1, terminal: p, event: base }],
          [`${name} event`, { v: 1, terminal: tag, event: p }],
        ];
        // All at once, as concurrent agents' hooks would post: the desk and the audit log take them together.
        await Promise.all(envelopes.map(([what, envelope]) => send(what, 'claude', envelope)));
      });
    }
    await check(rig, 'hooks:codex', async () => {
      const base = {
        type: 'agent-turn-complete',
        'thread-id': 't-1',
        cwd: rig.dir,
        'last-assistant-message': 'ok',
      };
      for (const field of Object.keys(base))
        await send(`codex.${field}`, 'codex', { v: 1, terminal: tag, event: { ...base, [field]: p } });
    });
    await check(rig, 'hooks:raw-body', async () => {
      for (const [source, type] of [
        ['claude', 'application/json'],
        ['codex', 'application/json'],
        ['claude', 'text/plain'],
      ]) {
        const reply = await post(rig, source ?? '', p, { ...headers, 'Content-Type': type ?? '' });
        if (reply.status >= 500)
          serverError(rig, `hook raw ${JSON.stringify(p).slice(0, 60)} → ${reply.status}`);
        if (reply.status === 200)
          found.secretLeaks.push(`raw body answered 200: ${JSON.stringify(p).slice(0, 80)}`);
      }
    });
    await check(rig, 'hooks:secret-and-path', async () => {
      const body = JSON.stringify({ v: 1, terminal: tag, event: bases['PermissionRequest'] });
      // Only the real secret may be answered: a payload as the secret (or appended to it), or none at all.
      for (const secret of [p, `${rig.hooks.secret}${p}`, `${p}${rig.hooks.secret}`, null]) {
        const status = await rawRequest(rig, '/hooks/claude', secret, body);
        if (status !== null && status >= 500)
          serverError(rig, `hook secret ${JSON.stringify(secret)} → ${status}`);
        if (status === 200 && headerValue(secret) !== rig.hooks.secret)
          found.secretLeaks.push(`secret ${JSON.stringify(secret).slice(0, 80)} answered 200`);
      }
      const status = await rawRequest(rig, `/hooks/${p}`, rig.hooks.secret, body);
      if (status !== null && status >= 500)
        serverError(rig, `hook path ${JSON.stringify(p).slice(0, 60)} → ${status}`);
    });
  }
  return found;
}
