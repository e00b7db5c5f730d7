/**
 * The hard blocklist: checked before any rule, it cannot be overridden by policy.yaml, and what it
 * matches is denied. It reads commands loosely (shell-segments.ts) so wrappers, quoting and chaining
 * cannot hide a match; a false match costs one "No" to the agent, a missed one could cost the machine.
 */
import type { PromptView } from '../../contract/dto';
import { isInside, resolvePath, type PathBase } from './paths';
import { commandName, commandsNamed, looseSegments, pathCandidates } from './shell-segments';
import { categoryOf, type PolicyContext } from './types';

/** A blocklist hit: the entry id (reported as `block:<id>`) and what it saw. */
export interface BlockHit {
  readonly id: string;
  readonly explanation: string;
}

// Files that hold credentials. Case-insensitive: macOS file systems are.
const CREDENTIALS: readonly { readonly re: RegExp; readonly what: string }[] = [
  { re: /(^|\/)\.ssh(\/|$)/iu, what: 'SSH keys (~/.ssh)' },
  { re: /(^|\/)\.aws(\/|$)/iu, what: 'AWS credentials (~/.aws)' },
  { re: /(^|\/)\.gnupg(\/|$)/iu, what: 'GnuPG keys (~/.gnupg)' },
  { re: /(^|\/)\.(azure|kube|docker)(\/|$)/iu, what: 'cloud/cluster credentials' },
  { re: /(^|\/)\.config\/(gh|gcloud|hub)(\/|$)/iu, what: 'CLI tokens (~/.config)' },
  { re: /(^|\/)\.(netrc|git-credentials|npmrc|pypirc|pgpass)$/iu, what: 'a credentials file' },
  { re: /(^|\/)id_(rsa|dsa|ecdsa|ed25519)(\.pub)?$/iu, what: 'an SSH key' },
  { re: /(^|\/)\.env(\.(?!example$|sample$|template$|dist$)[\w.-]+)?$/iu, what: 'an .env secrets file' },
  { re: /(^|\/)\.claude(\/|\.json$)/iu, what: "Claude Code's own settings and credentials" },
  { re: /(^|\/)\.codex\/(auth\.json|config\.toml)$/iu, what: "Codex's own credentials and settings" },
  { re: /(^|\/)Library\/Keychains(\/|$)/iu, what: 'the macOS keychain' },
  { re: /^\/etc\/(shadow|sudoers)/iu, what: 'system credentials' },
];

const RM_LIKE = new Set(['rm', 'rmdir', 'shred', 'unlink']);
const CH_LIKE = new Set(['chmod', 'chown', 'chgrp']);
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', 'fish', 'csh', 'tcsh', 'eval', 'source', '.']);
const DOWNLOADERS = /(^|[\s/;&|(`])(curl|wget|aria2c|fetch|http|xh|invoke-webrequest|iwr)(\s|$)/iu;
const PIPE_TO_INTERPRETER = /\|\s*(\S*\/)?(python[\d.]*|perl|ruby|node|php|deno|bun)\s*(-\s*)?($|[;&|)])/iu;
const TYPING = new Set(['tmux', 'osascript', 'it2api', 'xdotool', 'ydotool', 'screen', 'tower']);

/** The blocklist entry `prompt` hits, if any. */
export function blockHit(prompt: PromptView, ctx: PolicyContext): BlockHit | null {
  const subject = prompt.subject;
  if (subject === null) return null;
  const category = categoryOf(prompt);
  if (category === 'command') return commandHit(subject, ctx);
  if (category === 'file') return pathHit([subject], ctx);
  return null;
}

function commandHit(command: string, ctx: PolicyContext): BlockHit | null {
  const segments = looseSegments(command);
  return (
    pathHit(pathCandidates(segments), ctx) ??
    removalOutside(segments, ctx) ??
    forcePush(segments) ??
    gitConfigInjection(segments) ??
    downloadToShell(command, segments) ??
    typingElsewhere(segments) ??
    diskWipe(command, segments)
  );
}

function pathHit(words: readonly string[], ctx: PolicyContext): BlockHit | null {
  for (const word of words) {
    const resolved = resolvePath(word, ctx) ?? word;
    for (const { re, what } of CREDENTIALS) {
      if (re.test(word) || re.test(resolved))
        return { id: 'credentials', explanation: `it touches ${what}: ${word}` };
    }
    for (const guarded of ctx.protectedPaths) {
      if (isInside(resolved, guarded))
        return { id: 'tower-files', explanation: `it touches Tower's own files (${guarded})` };
    }
  }
  return null;
}

function isOutsideProject(target: string, base: PathBase): boolean {
  const resolved = resolvePath(target, base);
  return resolved === null || base.cwd === null || !isInside(resolved, base.cwd, true);
}

function removalOutside(segments: string[][], ctx: PolicyContext): BlockHit | null {
  for (const words of commandsNamed(segments, new Set([...RM_LIKE, ...CH_LIKE]))) {
    const name = commandName(words[0] ?? '');
    const args = words.slice(1);
    const recursive = args.some((a) => /^-[a-zA-Z]*[rRf]|^--(recursive|force|no-preserve-root)$/u.test(a));
    if (CH_LIKE.has(name) && !recursive) continue;
    if (name === 'rm' && !recursive) continue;
    const targets = args.filter((a) => !a.startsWith('-'));
    const outside = targets.find((t) => isOutsideProject(t, ctx));
    if (outside !== undefined)
      return {
        id: 'destroy-outside-project',
        explanation: `\`${name}\` would remove or change ${outside}, outside the project ${ctx.cwd ?? '(unknown)'}`,
      };
  }
  return null;
}

function forcePush(segments: string[][]): BlockHit | null {
  for (const words of commandsNamed(segments, new Set(['git']))) {
    const at = words.indexOf('push');
    if (at < 0) continue;
    const forced = words
      .slice(at + 1)
      .find(
        (a) =>
          /^--(force|force-with-lease|force-if-includes|mirror|delete|prune)\b/u.test(a) ||
          /^-[a-zA-Z]*[fd]/u.test(a) ||
          /^[+:]/u.test(a),
      );
    if (forced !== undefined)
      return {
        id: 'git-force-push',
        explanation: `\`git push ${forced}\` rewrites or deletes remote history`,
      };
  }
  return null;
}

function gitConfigInjection(segments: string[][]): BlockHit | null {
  for (const words of commandsNamed(segments, new Set(['git']))) {
    for (let i = 1; i < words.length; i++) {
      const w = words[i] ?? '';
      if (!w.startsWith('-')) break; // the subcommand: options after it mean other things
      if (w === '-c' || w.startsWith('--config-env') || w.startsWith('--exec-path'))
        return { id: 'git-config-injection', explanation: `\`git ${w}\` can make git run any program` };
      if (w === '-C') i += 1;
    }
  }
  return null;
}

function downloadToShell(command: string, segments: string[][]): BlockHit | null {
  if (!DOWNLOADERS.test(command)) return null;
  const shell = commandsNamed(segments, SHELLS)[0];
  if (shell || PIPE_TO_INTERPRETER.test(command))
    return {
      id: 'download-and-run',
      explanation: `it downloads something and hands it to ${shell ? `\`${shell[0] ?? ''}\`` : 'an interpreter'}`,
    };
  return null;
}

function typingElsewhere(segments: string[][]): BlockHit | null {
  for (const words of commandsNamed(segments, TYPING)) {
    const name = commandName(words[0] ?? '');
    const rest = words.slice(1);
    const hit =
      (name === 'tmux' &&
        rest.some((w) => /^(send-keys|send|paste-buffer|pasteb|run-shell|run)$/u.test(w))) ||
      (name === 'screen' && rest.includes('-X')) ||
      (name === 'tower' && rest.some((w) => /^(approve|deny|send|open|close|lockdown|policy)$/u.test(w))) ||
      ['osascript', 'it2api', 'xdotool', 'ydotool'].includes(name);
    if (hit)
      return {
        id: 'drives-terminals',
        explanation: `\`${name}\` can type into other terminals or apps (an agent approving prompts itself)`,
      };
  }
  return null;
}

function diskWipe(command: string, segments: string[][]): BlockHit | null {
  if (/:\s*\(\s*\)\s*\{/u.test(command)) return { id: 'fork-bomb', explanation: 'it defines a fork bomb' };
  for (const words of commandsNamed(segments, new Set(['dd', 'mkfs', 'wipefs', 'fdisk', 'diskutil']))) {
    const name = commandName(words[0] ?? '');
    if (name !== 'dd' || words.some((w) => /^of=\/dev\//u.test(w)))
      return { id: 'disk-wipe', explanation: `\`${name}\` can erase a disk` };
  }
  if (segments.some((words) => words.some((w) => /^mkfs(\.|$)/u.test(commandName(w)))))
    return { id: 'disk-wipe', explanation: '`mkfs` can erase a disk' };
  return null;
}
