/**
 * The intent parser: chat text → one `Intent` from the fixed set, or help.
 *
 * Two grammars, both anchored to the whole message so nothing is read out of the middle of a
 * sentence ("don't approve 2" is help, not approve): slash commands (`/approve 2`), and a short list
 * of plain-language phrasings ("approve 2", "what's the status?", "pause all"). Matching lowercases
 * ASCII letters only, so look-alike letters (Cyrillic а, long ſ, fullwidth ｒ) and non-ASCII digits
 * never spell a command or a number. Free text (`/send`, `/task`) is kept exactly as written.
 */
import type { HelpReason, Intent, IntentScope } from './intent';
import { MAX_SESSION_NUMBER } from './intent';

const SESSION_REF = String.raw`(?:session\s+|flight\s+|no\.?\s*|#)?(\d+)`;
const END = String.raw`(?:\s+please)?[.!?]*$`;
const START = String.raw`^(?:please\s+)?`;

type Maker = (m: RegExpExecArray, original: string) => Intent;

const PLAIN: readonly (readonly [RegExp, Maker])[] = [
  [
    new RegExp(
      String.raw`^(?:(?:what'?s|what\s+is|how'?s|how\s+is|show(?:\s+me)?|give\s+me|get)\s+)?(?:the\s+)?(?:status|state)(?:\s+of\s+(?:things|everything|the\s+agents|agents|all))?${END}`,
    ),
    () => ({ kind: 'status' }),
  ],
  [
    /^(?:how\s+are|how're)\s+(?:things|the\s+agents|my\s+agents)(?:\s+(?:doing|going))?[.!?]*$/,
    () => ({ kind: 'status' }),
  ],
  [/^what'?s\s+(?:happening|going\s+on)[.!?]*$/, () => ({ kind: 'status' })],
  [new RegExp(`${START}(?:approve|allow|accept)\\s+${SESSION_REF}${END}`, 'd'), numbered('approve')],
  [new RegExp(`${START}(?:deny|reject|decline|refuse)\\s+${SESSION_REF}${END}`, 'd'), numbered('deny')],
  [
    new RegExp(`${START}(?:show(?:\\s+me)?|screen|view|look\\s+at)\\s+${SESSION_REF}${END}`, 'd'),
    numbered('session'),
  ],
  [new RegExp(`^session\\s+#?(\\d+)${END}`, 'd'), numbered('session')],
  [new RegExp(`${START}(?:close|kill|end)\\s+${SESSION_REF}${END}`, 'd'), numbered('close')],
  [
    new RegExp(`${START}pause(?:\\s+(?:all|everything|all\\s+agents|all\\s+sessions))?${END}`),
    scoped('pause'),
  ],
  [new RegExp(`${START}pause\\s+${SESSION_REF}${END}`, 'd'), scoped('pause')],
  [
    new RegExp(`${START}(?:resume|unpause)(?:\\s+(?:all|everything|all\\s+agents|all\\s+sessions))?${END}`),
    scoped('resume'),
  ],
  [new RegExp(`${START}(?:resume|unpause)\\s+${SESSION_REF}${END}`, 'd'), scoped('resume')],
  [
    /^(?:(?:show(?:\s+me)?\s+)?(?:the\s+)?queue|what'?s\s+(?:queued|in\s+the\s+queue))[.!?]*$/,
    () => ({ kind: 'queue' }),
  ],
  [/^(?:send|tell)\s+(?:session\s+|#)?(\d+):?\s+([\s\S]+)$/d, sendIntent],
  [/^(?:new\s+)?task:?\s+([\s\S]+)$/d, (m, original) => textIntent(m, original, 1)],
  [/^(?:lock\s*down)(?:\s+(?:now|everything|all))?[.!]*$/, () => ({ kind: 'lockdown', engage: true })],
  [
    /^(?:(?:lift|end|stop|cancel|release)\s+(?:the\s+)?lock\s*down|unlock)[.!]*$/,
    () => ({ kind: 'lockdown', engage: false }),
  ],
  [/^(?:help|\?|what\s+can\s+you\s+do|commands)[.!?]*$/, () => ({ kind: 'help', reason: 'asked' })],
];

/** Parses one chat message into an intent. Unknown or malformed input is help, never a guess. */
export function parseIntent(text: string): Intent {
  const original = text.trim();
  if (original.length === 0 || original.length > 4_096) return help('unknown');
  const lowered = asciiLower(original);
  if (lowered.startsWith('/')) return parseCommand(original, lowered);
  if (/^LOCKDOWN[.!]*$/.test(original)) return { kind: 'lockdown', engage: true };
  for (const [pattern, make] of PLAIN) {
    const match = pattern.exec(lowered);
    if (match) return make(match, original);
  }
  return help('unknown');
}

function parseCommand(original: string, lowered: string): Intent {
  const head = /^\/([a-z]+)(?:@[a-z0-9_]{1,64})?(?=\s|$)/.exec(lowered);
  if (!head) return help('unknown');
  const name = head[1] ?? '';
  const restAt = head[0].length;
  const args = lowered.slice(restAt).trim();
  switch (name) {
    case 'start':
      return { kind: 'start' };
    case 'help':
      return help('asked');
    case 'status':
      return args === '' ? { kind: 'status' } : help('unknown');
    case 'queue':
      return args === '' ? { kind: 'queue' } : help('unknown');
    case 'session':
    case 'approve':
    case 'deny':
    case 'close':
      return withNumber(args, (session) => ({ kind: name, session }));
    case 'send': {
      // Sticky at the end of the command name, so the match's indices point into the whole message.
      const pattern = /\s+(\d+)\s+([\s\S]+)$/dy;
      pattern.lastIndex = restAt;
      const m = pattern.exec(lowered);
      if (m) return sendIntent(m, original);
      return /^\s+\d+\s*$/.test(lowered.slice(restAt)) ? help('missing-text') : help('missing-number');
    }
    case 'task':
      return args === '' ? help('missing-text') : { kind: 'task', text: original.slice(restAt).trim() };
    case 'open':
      if (args === '') return { kind: 'open', template: null };
      return /^[a-z][a-z0-9-]{0,30}$/.test(args) ? { kind: 'open', template: args } : help('unknown');
    case 'pause':
    case 'resume':
      return scopeOf(args, (scope) => ({ kind: name, scope }));
    case 'lockdown':
      if (args === '' || args === 'on') return { kind: 'lockdown', engage: true };
      return args === 'off' ? { kind: 'lockdown', engage: false } : help('unknown');
    case 'unlock':
      return args === '' ? { kind: 'lockdown', engage: false } : help('unknown');
    default:
      return help('unknown');
  }
}

function withNumber(args: string, make: (session: number) => Intent): Intent {
  if (args === '') return help('missing-number');
  const m = /^#?(\d+)$/.exec(args);
  const n = m ? sessionNumber(m[1]) : null;
  return n === null ? help('bad-number') : make(n);
}

function scopeOf(args: string, make: (scope: IntentScope) => Intent): Intent {
  if (args === '' || args === 'all') return make({ kind: 'all' });
  return withNumber(args, (session) => make({ kind: 'session', session }));
}

function numbered(kind: 'approve' | 'deny' | 'session' | 'close'): Maker {
  return (m) => {
    const n = sessionNumber(m[1]);
    return n === null ? help('bad-number') : { kind, session: n };
  };
}

function scoped(kind: 'pause' | 'resume'): Maker {
  return (m) => {
    if (m[1] === undefined) return { kind, scope: { kind: 'all' } };
    const n = sessionNumber(m[1]);
    return n === null ? help('bad-number') : { kind, scope: { kind: 'session', session: n } };
  };
}

function sendIntent(m: RegExpExecArray, original: string): Intent {
  const n = sessionNumber(m[1]);
  if (n === null) return help('bad-number');
  const text = textAt(m, original, 2);
  return text === '' ? help('missing-text') : { kind: 'send', session: n, text };
}

function textIntent(m: RegExpExecArray, original: string, group: number): Intent {
  const text = textAt(m, original, group);
  return text === '' ? help('missing-text') : { kind: 'task', text };
}

/** The group's text cut from the original (case kept): lowering ASCII keeps every index in place. */
function textAt(m: RegExpExecArray, original: string, group: number): string {
  const span = m.indices?.[group];
  return span ? original.slice(span[0], span[1]).trim() : '';
}

function sessionNumber(digits: string | undefined): number | null {
  if (digits === undefined || digits.length > 4) return null;
  const n = Number(digits);
  return Number.isInteger(n) && n >= 1 && n <= MAX_SESSION_NUMBER ? n : null;
}

function asciiLower(text: string): string {
  return text.replace(/[A-Z]/g, (c) => c.toLowerCase());
}

function help(reason: HelpReason): Intent {
  return { kind: 'help', reason };
}
