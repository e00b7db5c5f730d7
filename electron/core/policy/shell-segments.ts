/**
 * A loose reading of a shell command for the hard blocklist and for deny/ask rules: it over-splits
 * and over-matches on purpose. Quotes are dropped (so `bash -c 'rm -rf ~'` reads as `bash -c rm -rf ~`),
 * escapes are undone, and every operator, substitution, subshell and redirection starts a new segment.
 *
 * Never used to ALLOW anything (that is shell-words.ts, which refuses what it cannot read exactly).
 */

/** The command split into segments of words. */
export function looseSegments(text: string): string[][] {
  const flat = text
    .replace(/\\\r?\n/gu, ' ')
    .replace(/\\(.)/gsu, '$1')
    .replace(/['"]/gu, '');
  return flat
    .split(/[;&|\n\r()`{}<>]+/u)
    .map((segment) => segment.split(/[\s\u0085\u00a0\u2028\u2029]+/u).filter((w) => w.length > 0))
    .filter((words) => words.length > 0);
}

/**
 * Every suffix of every segment that starts at a word whose name is `name`: wrappers (`sudo`, `env`,
 * `xargs`, `bash -c`, `find -exec`, `eval` …) cannot hide a command from the blocklist, because any
 * position counts as a command start. A mention in an argument (`echo rm -rf ~`) counts too: harmless,
 * and the price of never missing a real one.
 */
export function commandsNamed(
  segments: readonly (readonly string[])[],
  names: ReadonlySet<string>,
): string[][] {
  const found: string[][] = [];
  for (const words of segments) {
    words.forEach((word, i) => {
      if (names.has(commandName(word))) found.push(words.slice(i));
    });
  }
  return found;
}

/** `/usr/bin/rm` → `rm`; `FOO=1` stays as is (an assignment is not a command). */
export function commandName(word: string): string {
  const at = word.lastIndexOf('/');
  return (at === -1 ? word : word.slice(at + 1)).toLowerCase();
}

/** Words of every segment, and the parts of `--opt=value`, `host:path`, `a,b` words, for path checks. */
export function pathCandidates(segments: readonly (readonly string[])[]): string[] {
  const out: string[] = [];
  for (const words of segments) {
    for (const word of words) {
      out.push(word);
      for (const part of word.split(/[=:,]/u)) if (part !== word && part.length > 0) out.push(part);
    }
  }
  return out;
}
