/**
 * The `tower` command line, parsed into a tagged command. No I/O here.
 */
import { AGENT_KINDS, type AgentKind } from '../contract/dto';
import { APPROVALS_USAGE } from './cli-approvals';
import { parsePool, POOL_OPTIONS, POOL_USAGE, type PoolCommand } from './cli-pool';

/** One parsed invocation. */
export type CliCommand =
  | { readonly kind: 'help' }
  | { readonly kind: 'status' }
  | { readonly kind: 'approve' | 'deny' | 'close' | 'focus'; readonly session: string }
  | { readonly kind: 'send'; readonly session: string; readonly text: string; readonly submit: boolean }
  | {
      readonly kind: 'open';
      readonly command: readonly string[];
      readonly title: string | undefined;
      readonly cwd: string | undefined;
      readonly provider: 'tmux' | 'pty' | undefined;
    }
  | { readonly kind: 'lockdown'; readonly engaged: boolean }
  | { readonly kind: 'phone-unlock' }
  | { readonly kind: 'approvals'; readonly all: boolean }
  | {
      readonly kind: 'policy-check';
      readonly target: string;
      readonly agent: AgentKind | undefined;
      readonly cwd: string | undefined;
    }
  | { readonly kind: 'policy-replay'; readonly all: boolean }
  | { readonly kind: 'audit-verify'; readonly file: string | undefined }
  | { readonly kind: 'audit-tail'; readonly file: string | undefined; readonly lines: number }
  | PoolCommand;

/** A parsed invocation plus the global `--json` flag. */
export interface CliInvocation {
  readonly command: CliCommand;
  readonly json: boolean;
}

/** A command line that makes no sense; the CLI prints the message and the usage (exit 2). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The help text. */
export const USAGE = `Usage: tower <command> [options]

Commands:
  status                          list sessions (#, provider, agent, state, for, title, prompt)
  approve <session>               answer the prompt showing in <session> with "yes, once"
  deny <session>                  answer the prompt showing in <session> with "no"
  send <session> <text…>          type text into <session> and press Enter (--no-enter: just type)
  open [--title T] [--cwd D] [--provider tmux|pty] -- <command…>
                                  start a command in a new terminal (cwd defaults to here)
  close <session>                 close a session's terminal
  focus <session>                 bring a session's tab or pane to the front (tmux, Terminal.app, iTerm2)
  lockdown on|off                 stop (or resume) all typing by Tower (only here or in the tray
                                  can it be lifted; Telegram and phone can only engage it)
  phone unlock                    lift the phone line's lockout after wrong PIN codes (only here or in
                                  the tray); phone provision: see tower phone provision --help
${APPROVALS_USAGE}
  policy check [--agent K] [--cwd D] <screen-file | command>
                                  which policy rule decides a saved screen or a Bash command (offline)
  policy replay [--all]           re-run the audit log's prompts through the current policy (offline)
  audit verify [--file F]         check the audit log's hash chain (offline); exit 1 at the first break
  audit tail [-n N] [--file F]    print the last N audit records, default 20 (offline)
  hooks install|uninstall|status  Tower's hooks in your own Claude Code settings (offline; backup kept)
  secret list|set|delete [name]   the Settings secrets; set reads the value from stdin, never argv
${POOL_USAGE}

<session> is the session number (2), its id, or a unique prefix of its id or title.
Options: --json (machine output), -h/--help.
Exit codes: 0 ok, 1 error, 2 usage, 3 Tower not running, 4 unknown session, 5 no prompt,
            6 prompt changed, 7 lockdown, 8 refused/not allowed.`;

const OPTIONS_WITH_VALUE = new Set<string>([
  '--title',
  '--cwd',
  '--provider',
  '--agent',
  '--file',
  ...POOL_OPTIONS,
]);

/** Parses argv (without node and script). */
export function parseArgs(argv: readonly string[]): CliInvocation {
  const positionals: string[] = [];
  const values = new Map<string, string>();
  let json = false;
  let help = false;
  let noEnter = false;
  let all = false;
  let rest: string[] | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--') {
      rest = argv.slice(i + 1);
      break;
    }
    if (arg === '--json') json = true;
    else if (arg === '--help' || arg === '-h') help = true;
    else if (arg === '--no-enter') noEnter = true;
    else if (arg === '--all') all = true;
    else if (arg.startsWith('--') && OPTIONS_WITH_VALUE.has(arg.split('=')[0] ?? '')) {
      const [name = '', inline] = splitOnce(arg);
      const value = inline ?? argv[++i];
      if (value === undefined) throw new UsageError(`${name} needs a value`);
      values.set(name, value);
    } else if (arg === '-n') {
      const value = argv[++i];
      if (value === undefined) throw new UsageError('-n needs a value');
      values.set('-n', value);
    } else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
    else positionals.push(arg);
  }
  if (help || positionals.length === 0) return { command: { kind: 'help' }, json };
  const [name, ...args] = positionals;
  const only = (allowed: readonly string[]): void => {
    const flags = [...(noEnter ? ['--no-enter'] : []), ...(all ? ['--all'] : [])];
    const extra = [...values.keys(), ...flags].filter((o) => !allowed.includes(o));
    if (extra.length > 0) throw new UsageError(`${name} does not take ${extra.join(', ')}`);
  };
  const session = (): string => {
    if (args[0] === undefined || args[0] === '') throw new UsageError(`${name} needs a <session>`);
    return args[0];
  };
  const noMore = (count: number): void => {
    if (args.length > count || (rest !== null && name !== 'send'))
      throw new UsageError(`too many arguments for ${name}`);
  };
  switch (name) {
    case 'status':
      only([]);
      noMore(0);
      return { command: { kind: 'status' }, json };
    case 'approve':
    case 'deny':
    case 'close':
    case 'focus':
      only([]);
      noMore(1);
      return { command: { kind: name, session: session() }, json };
    case 'send': {
      only(['--no-enter']);
      const words = [...args.slice(1), ...(rest ?? [])];
      if (words.length === 0) throw new UsageError('send needs <text…>');
      return { command: { kind: 'send', session: session(), text: words.join(' '), submit: !noEnter }, json };
    }
    case 'open': {
      only(['--title', '--cwd', '--provider']);
      if (args.length > 0) throw new UsageError('put the command after --, e.g. tower open -- claude');
      if (rest === null || rest.length === 0) throw new UsageError('open needs -- <command…>');
      const provider = values.get('--provider');
      if (provider !== undefined && provider !== 'tmux' && provider !== 'pty') {
        throw new UsageError('--provider must be tmux or pty');
      }
      const title = values.get('--title');
      const cwd = values.get('--cwd');
      return { command: { kind: 'open', command: rest, title, cwd, provider }, json };
    }
    case 'lockdown':
      only([]);
      noMore(1);
      if (args[0] !== 'on' && args[0] !== 'off') throw new UsageError('lockdown takes on or off');
      return { command: { kind: 'lockdown', engaged: args[0] === 'on' }, json };
    case 'phone':
      // `phone provision` runs offline (cli-phone.ts); `phone unlock` needs the running Tower.
      only([]);
      noMore(1);
      if (args[0] !== 'unlock') throw new UsageError('phone takes unlock (or provision)');
      return { command: { kind: 'phone-unlock' }, json };
    case 'approvals':
      only(['--all']);
      noMore(0);
      return { command: { kind: 'approvals', all }, json };
    case 'policy':
      return { command: parsePolicy(args, rest, values, all, only), json };
    case 'audit':
      return { command: parseAudit(args, rest, values, only), json };
    case 'task':
    case 'pool': {
      const fail = (message: string): never => {
        throw new UsageError(message);
      };
      return { command: parsePool(name, args, rest, values, all, only, fail), json };
    }
    default:
      throw new UsageError(`unknown command ${name}`);
  }
}

function splitOnce(arg: string): [string, string | undefined] {
  const at = arg.indexOf('=');
  return at === -1 ? [arg, undefined] : [arg.slice(0, at), arg.slice(at + 1)];
}

function parsePolicy(
  args: readonly string[],
  rest: readonly string[] | null,
  values: ReadonlyMap<string, string>,
  all: boolean,
  only: (allowed: readonly string[]) => void,
): CliCommand {
  const [sub, ...more] = args;
  if (sub === 'replay') {
    only(['--all']);
    if (more.length > 0 || rest !== null) throw new UsageError('policy replay takes no arguments');
    return { kind: 'policy-replay', all };
  }
  if (sub !== 'check') throw new UsageError('policy takes check or replay');
  only(['--agent', '--cwd']);
  const words = [...more, ...(rest ?? [])];
  if (words.length === 0) throw new UsageError('policy check needs a screen file or a command');
  const agent = values.get('--agent');
  if (agent !== undefined && !(AGENT_KINDS as readonly string[]).includes(agent))
    throw new UsageError(`--agent must be one of ${AGENT_KINDS.join(', ')}`);
  return {
    kind: 'policy-check',
    target: words.join(' '),
    agent: agent as AgentKind | undefined,
    cwd: values.get('--cwd'),
  };
}

function parseAudit(
  args: readonly string[],
  rest: readonly string[] | null,
  values: ReadonlyMap<string, string>,
  only: (allowed: readonly string[]) => void,
): CliCommand {
  const [sub, ...more] = args;
  if (sub !== 'verify' && sub !== 'tail') throw new UsageError('audit takes verify or tail');
  if (more.length > 0 || rest !== null) throw new UsageError(`audit ${sub} takes no arguments`);
  const file = values.get('--file');
  if (sub === 'verify') {
    only(['--file']);
    return { kind: 'audit-verify', file };
  }
  only(['--file', '-n']);
  const count = values.get('-n') ?? '20';
  if (!/^\d{1,6}$/.test(count) || Number(count) < 1)
    throw new UsageError('-n must be a number from 1 to 999999');
  return { kind: 'audit-tail', file, lines: Number(count) };
}
