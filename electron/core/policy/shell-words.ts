/**
 * A deliberately narrow shell parser: it accepts only ONE simple command made of plain words and
 * quoted strings, and refuses everything else with a reason.
 *
 * Allow rules are matched only against what this parser accepts, so anything it cannot read with
 * certainty (operators, substitutions, redirections, globs, escapes, variables, env prefixes, newlines,
 * invisible characters) can never be auto-approved: it goes to the owner. It never guesses.
 */

/** The result of parsing a command for an allow decision. */
export type SimpleCommand =
  | { readonly kind: 'simple'; readonly argv: readonly string[] }
  | { readonly kind: 'unparsed'; readonly reason: string };

/** Longest command considered at all; longer ones go to the owner. */
export const MAX_COMMAND_LENGTH = 4_000;

// Characters that change what a shell does outside quotes: operators, substitutions, redirections,
// grouping, globs, history, comments, escapes, brace expansion.
const META_OUTSIDE = new Set([...';&|<>()$`\\{}*?[]!#']);
// Inside double quotes a shell still expands these.
const META_IN_DOUBLE = new Set([...'$`\\!']);
// Control characters (newline, CR, tab, ESC …), format characters (bidi overrides, zero-width, tags)
// and line/paragraph separators: none belongs in a command an owner is meant to read.
const INVISIBLE = /[\p{Cc}\p{Cf}\u2028\u2029]/u;
const ENV_ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/u;

/** Names a character for a reason an owner reads. */
function describeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0;
  return code < 0x20 || code > 0x7e ? `U+${code.toString(16).toUpperCase().padStart(4, '0')}` : `"${ch}"`;
}

/** Parses `text` as one simple command; anything else is `unparsed` with the reason. */
export function parseSimpleCommand(text: string): SimpleCommand {
  if (text.length > MAX_COMMAND_LENGTH) return unparsed('the command is too long to check');
  const invisible = INVISIBLE.exec(text);
  if (invisible)
    return unparsed(`it contains the control or invisible character ${describeChar(invisible[0])}`);
  // What the owner reads must be what runs, character for character: repeated or edge spaces and a
  // quoted program name are harmless to a shell but are how allowlist bypasses hide (security.md §8.6).
  if (/\s{2}|^\s|\s$/u.test(text)) return unparsed('it contains repeated or surrounding spaces');
  const argv: string[] = [];
  let word = '';
  let inWord = false;
  let quotedFirst = false;
  let quote: "'" | '"' | null = null;
  let next = 0;
  for (const ch of text) {
    const index = next;
    next += ch.length;
    if (quote === "'") {
      if (ch === "'") quote = null;
      else word += ch;
      continue;
    }
    if (quote === '"') {
      if (ch === '"') quote = null;
      else if (META_IN_DOUBLE.has(ch))
        return unparsed(`${describeChar(ch)} inside double quotes is expanded`);
      else word += ch;
      continue;
    }
    if (ch === ' ') {
      if (inWord) argv.push(word);
      word = '';
      inWord = false;
      continue;
    }
    if (ch === "'" || ch === '"') {
      quote = ch;
      inWord = true;
      if (argv.length === 0) quotedFirst = true;
      continue;
    }
    if (META_OUTSIDE.has(ch)) return unparsed(`it contains the shell metacharacter ${describeChar(ch)}`);
    // `~user` expands to another account's home; `~` and `~/` are resolved by the path checks.
    if (ch === '~' && !inWord && !/^~(\/|\s|$)/u.test(text.slice(index)))
      return unparsed("it refers to another account's home (~user)");
    word += ch;
    inWord = true;
  }
  if (quote) return unparsed('a quote is not closed');
  if (inWord) argv.push(word);
  const first = argv[0];
  if (first === undefined) return unparsed('the command is empty');
  if (quotedFirst) return unparsed('the program name is quoted');
  if (ENV_ASSIGNMENT.test(first)) return unparsed('it starts with an environment-variable assignment');
  return { kind: 'simple', argv };
}

function unparsed(reason: string): SimpleCommand {
  return { kind: 'unparsed', reason };
}
