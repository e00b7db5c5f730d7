/**
 * Hook events as Tower reads them: the envelope the hook command posts (its terminal tag plus the
 * agent's own JSON) parsed strictly, with every field capped, into one small typed record.
 *
 * Everything here comes from the agent's process: the hook secret proves the request came through a
 * hook command Tower installed (or a process that read the secret file), never that the content is
 * true. Fields verified against Claude Code 2.1.330 (payloads logged from the real binary in tmux, see
 * README.md) and Codex 0.169.0's `notify` (one JSON argument, `type: "agent-turn-complete"`).
 */

/** Which agent's hook posted. */
export type HookSource = 'claude' | 'codex';

/** Where the hook command ran, as its environment tells (all optional: any may be missing). */
export interface TerminalTag {
  /** Tower's per-launch tag (from the `--settings` file Tower wrote), when Tower launched the agent. */
  readonly launch: string | null;
  /** `$TMUX` split: the server socket path and pid; `$TMUX_PANE` (`%N`). */
  readonly tmux: { readonly socket: string; readonly serverPid: number; readonly pane: string } | null;
  /** The hook's parent processes (the agent first), for matching a terminal's process list. */
  readonly pids: readonly number[];
  /** The controlling terminal (`/dev/pts/3`, `/dev/ttys004`), when the command could tell. */
  readonly tty: string | null;
}

/** A tool call named in an event: the structured input the agent will really run. */
export interface HookTool {
  readonly name: string;
  readonly input: Readonly<Record<string, unknown>>;
}

/** One parsed hook event. */
export interface HookEvent {
  readonly source: HookSource;
  /** `PermissionRequest`, `PreToolUse`, `Stop` … (Codex notify: `agent-turn-complete`). */
  readonly name: string;
  readonly agentSession: string | null;
  readonly cwd: string | null;
  readonly tool: HookTool | null;
  /** Notification's `notification_type` (`permission_prompt`, `idle_prompt` …). */
  readonly notification: string | null;
  /** SessionStart `source`, SessionEnd `reason`, StopFailure `error`. */
  readonly reason: string | null;
  readonly permissionMode: string | null;
  readonly terminal: TerminalTag;
}

/** A body Tower refuses, with the reason the endpoint answers. */
export interface HookParseError {
  readonly error: string;
}

const MAX_STRING = 4_096;
const MAX_INPUT_KEYS = 64;
const EVENT_NAME = /^[A-Za-z][A-Za-z-]{0,39}$/u;
const PANE = /^%(0|[1-9][0-9]{0,9})$/u;
const LAUNCH = /^[A-Za-z0-9_-]{8,64}$/u;

/** Parses a posted envelope `{ v: 1, terminal, event }`; never throws. */
export function parseHookEnvelope(source: HookSource, body: unknown): HookEvent | HookParseError {
  if (!isRecord(body) || body['v'] !== 1) return { error: 'expected { v: 1, terminal, event }' };
  const event = body['event'];
  if (!isRecord(event)) return { error: 'event must be an object' };
  const terminal = parseTag(body['terminal']);
  if (typeof terminal === 'string') return { error: terminal };
  return source === 'claude' ? parseClaude(event, terminal) : parseCodexNotify(event, terminal);
}

/** Whether a parse result is an error. */
export function isParseError(value: HookEvent | HookParseError): value is HookParseError {
  return 'error' in value;
}

function parseClaude(event: Record<string, unknown>, terminal: TerminalTag): HookEvent | HookParseError {
  const name = event['hook_event_name'];
  if (typeof name !== 'string' || !EVENT_NAME.test(name))
    return { error: 'hook_event_name is missing or odd' };
  let tool: HookTool | null = null;
  if (event['tool_name'] !== undefined) {
    const toolName = short(event['tool_name']);
    const input = event['tool_input'];
    if (toolName === null || toolName === '') return { error: 'tool_name must be a short string' };
    if (!isRecord(input) || Object.keys(input).length > MAX_INPUT_KEYS)
      return { error: 'tool_input must be an object' };
    tool = { name: toolName, input };
  }
  return {
    source: 'claude',
    name,
    agentSession: short(event['session_id']),
    cwd: short(event['cwd']),
    tool,
    notification: short(event['notification_type']),
    reason: short(event['source']) ?? short(event['reason']) ?? short(event['error']),
    permissionMode: short(event['permission_mode']),
    terminal,
  };
}

function parseCodexNotify(event: Record<string, unknown>, terminal: TerminalTag): HookEvent | HookParseError {
  const type = event['type'];
  if (typeof type !== 'string' || !EVENT_NAME.test(type)) return { error: 'type is missing or odd' };
  return {
    source: 'codex',
    name: type,
    agentSession: short(event['thread-id']),
    cwd: short(event['cwd']),
    tool: null,
    notification: null,
    reason: null,
    permissionMode: null,
    terminal,
  };
}

function parseTag(value: unknown): TerminalTag | string {
  if (value === undefined) return { launch: null, tmux: null, pids: [], tty: null };
  if (!isRecord(value)) return 'terminal must be an object';
  const launch = short(value['launch']);
  if (launch !== null && !LAUNCH.test(launch)) return 'terminal.launch is malformed';
  const pids = Array.isArray(value['pids'])
    ? value['pids'].filter((p): p is number => Number.isSafeInteger(p) && (p as number) > 1).slice(0, 4)
    : [];
  const tty = short(value['tty']);
  return {
    launch,
    tmux: parseTmux(short(value['tmux']), short(value['pane'])),
    pids,
    tty: tty !== null && /^\/dev\/[\w/.-]{1,40}$/u.test(tty) ? tty : null,
  };
}

// `$TMUX` is `<socket path>,<server pid>,<session index>`; a path may itself contain commas.
function parseTmux(tmux: string | null, pane: string | null): TerminalTag['tmux'] {
  if (tmux === null || pane === null || !PANE.test(pane)) return null;
  const parts = tmux.split(',');
  if (parts.length < 3) return null;
  const serverPid = Number(parts[parts.length - 2]);
  const socket = parts.slice(0, -2).join(',');
  if (!socket.startsWith('/') || !Number.isSafeInteger(serverPid) || serverPid <= 0) return null;
  return { socket, serverPid, pane };
}

function short(value: unknown): string | null {
  return typeof value === 'string' && value.length <= MAX_STRING ? value : null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
