/**
 * Splits a typed command line into argv the way a POSIX shell would for simple input: whitespace
 * separates, single quotes are literal, double quotes group, backslash escapes the next character.
 * No expansion of any kind happens: the result is shown to the owner before anything is opened.
 */

/** The argv, or the reason the line cannot be split (an unclosed quote). */
export type ArgvResult =
  { readonly ok: true; readonly argv: string[] } | { readonly ok: false; readonly reason: string };

/** Splits `line` into arguments. */
export function splitArgv(line: string): ArgvResult {
  const argv: string[] = [];
  let current = '';
  let inWord = false;
  let quote: "'" | '"' | null = null;
  for (let i = 0; i < line.length; i += 1) {
    const c = line[i] ?? '';
    if (quote === "'") {
      if (c === "'") quote = null;
      else current += c;
    } else if (quote === '"') {
      if (c === '"') quote = null;
      else if (c === '\\' && i + 1 < line.length) current += line[++i] ?? '';
      else current += c;
    } else if (c === "'" || c === '"') {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < line.length) {
      current += line[++i] ?? '';
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) argv.push(current);
      current = '';
      inWord = false;
    } else {
      current += c;
      inWord = true;
    }
  }
  if (quote !== null) return { ok: false, reason: `unclosed ${quote === "'" ? 'single' : 'double'} quote` };
  if (inWord) argv.push(current);
  return { ok: true, argv };
}
