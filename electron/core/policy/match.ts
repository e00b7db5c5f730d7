/**
 * Whether one rule matches one prompt. `strict` (allow rules) reads a command only through the exact
 * simple-command parser; `loose` (deny and ask rules) also matches any segment of a compound command,
 * so `cd x && git push` still hits a `git push` ask rule.
 */
import type { PromptView } from '../../contract/dto';
import { climbs, globToRegExp, isInside, resolvePath } from './paths';
import { commandName, looseSegments } from './shell-segments';
import { parseSimpleCommand } from './shell-words';
import { categoryOf, type PolicyContext, type PolicyRule } from './types';

/** How a rule reads commands. */
export type MatchMode = 'strict' | 'loose';

/** Whether `rule` matches `prompt` in `ctx`. */
export function ruleMatches(
  rule: PolicyRule,
  prompt: PromptView,
  ctx: PolicyContext,
  mode: MatchMode,
): boolean {
  if (rule.agents && (ctx.agent === null || !rule.agents.includes(ctx.agent))) return false;
  if (rule.projects && !matchesProject(rule.projects, ctx)) return false;
  if (
    rule.tools &&
    !rule.tools.some((re) => re.test(prompt.type) || (prompt.tool !== null && re.test(prompt.tool)))
  )
    return false;
  const category = categoryOf(prompt);
  const subject = prompt.subject ?? '';
  if (rule.commands || rule.withinProject) {
    if (category !== 'command' || prompt.subject === null) return false;
    if (rule.commands && !matchesCommands(rule.commands, subject, mode)) return false;
    if (rule.withinProject && !argsWithinProject(subject, ctx)) return false;
  }
  if (rule.pattern && (prompt.subject === null || !rule.pattern.test(subject))) return false;
  if (rule.paths && (category !== 'file' || !matchesPaths(rule.paths, subject, ctx))) return false;
  if (rule.domains && (category !== 'url' || !matchesDomains(rule.domains, subject))) return false;
  return true;
}

function matchesProject(globs: readonly string[], ctx: PolicyContext): boolean {
  if (ctx.cwd === null) return false;
  const cwd = ctx.cwd;
  return globs.some((glob) => {
    const expanded = glob.startsWith('~/') && ctx.home ? `${ctx.home}${glob.slice(1)}` : glob;
    const re = globToRegExp(expanded.replace(/\/+$/u, ''));
    return re.test(cwd) || re.test(`${cwd}/`);
  });
}

/** Whether `argv` starts with `prefix` word by word; a last prefix word ending in `*` is a word prefix. */
export function startsWithWords(argv: readonly string[], prefix: readonly string[]): boolean {
  if (argv.length < prefix.length) return false;
  return prefix.every((want, i) => {
    const got = argv[i] ?? '';
    if (i === prefix.length - 1 && want.endsWith('*')) return got.startsWith(want.slice(0, -1));
    return got === want;
  });
}

function matchesCommands(
  prefixes: readonly (readonly string[])[],
  command: string,
  mode: MatchMode,
): boolean {
  if (mode === 'strict') {
    const parsed = parseSimpleCommand(command);
    return parsed.kind === 'simple' && prefixes.some((p) => startsWithWords(parsed.argv, p));
  }
  // Loose: any position of any segment may start the command (wrappers, `bash -c`, `find -exec`).
  return looseSegments(command).some((words) =>
    words.some((_, i) =>
      prefixes.some((p) => startsWithWords([commandName(words[i] ?? ''), ...words.slice(i + 1)], p)),
    ),
  );
}

function argsWithinProject(command: string, ctx: PolicyContext): boolean {
  const parsed = parseSimpleCommand(command);
  if (parsed.kind !== 'simple' || ctx.cwd === null) return false;
  const cwd = ctx.cwd;
  const values = parsed.argv.slice(1).flatMap((arg) => {
    if (!arg.startsWith('-')) return [arg];
    const at = arg.indexOf('=');
    return at === -1 ? [] : [arg.slice(at + 1)];
  });
  return values.every((value) => {
    if (climbs(value)) return false;
    const resolved = resolvePath(value, ctx);
    return resolved !== null && isInside(resolved, cwd);
  });
}

function matchesPaths(globs: readonly string[], path: string, ctx: PolicyContext): boolean {
  const resolved = resolvePath(path, ctx);
  if (resolved === null) return false;
  return globs.some((glob) => {
    if (glob.startsWith('/') || glob.startsWith('~/')) {
      const absolute = resolvePath(glob, ctx);
      return absolute !== null && globToRegExp(absolute).test(resolved);
    }
    if (ctx.cwd === null || !isInside(resolved, ctx.cwd, true)) return false;
    const relative = resolved.slice(ctx.cwd.length + (ctx.cwd === '/' ? 0 : 1));
    return globToRegExp(glob.replace(/^\.\//u, '')).test(relative);
  });
}

function matchesDomains(domains: readonly string[], url: string): boolean {
  const host = /^https?:\/\/(?:[^@/?#]*@)?([^/:?#]+)/iu.exec(url)?.[1]?.toLowerCase();
  if (!host) return false;
  return domains.some((d) => (d.startsWith('*.') ? host.endsWith(d.slice(1)) : host === d));
}
