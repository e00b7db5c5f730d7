/**
 * The floor under every allow rule: conditions under which nothing may be auto-approved, whatever
 * policy.yaml says. A prompt that hits the floor goes to the owner (or is denied, if a deny rule says so).
 */
import type { PromptView } from '../../contract/dto';
import { climbs, isInside, resolvePath } from './paths';
import { parseSimpleCommand } from './shell-words';
import { categoryOf, type PolicyContext } from './types';

// Programs that run another program given as arguments: allowing `env` or `xargs` allows anything.
const RUNS_OTHERS = new Set([
  'env',
  'sudo',
  'doas',
  'su',
  'bash',
  'sh',
  'zsh',
  'dash',
  'ksh',
  'fish',
  'eval',
  'exec',
  'command',
  'builtin',
  'source',
  '.',
  'xargs',
  'nohup',
  'time',
  'timeout',
  'nice',
  'ionice',
  'stdbuf',
  'watch',
  'setsid',
  'strace',
  'ltrace',
  'parallel',
  'script',
  'unbuffer',
  'chronic',
  'caffeinate',
  'run0',
]);
// Options that make "read-only" programs write files or run programs (git diff --output, find -exec,
// git --upload-pack, tar --to-command, npm --script-shell …).
const DANGEROUS_OPTION =
  /^--?(output|exec|execdir|ok|okdir|delete|fprint|fprint0|fprintf|fls|upload-pack|receive-pack|ext-diff|textconv|config-env|open-files-in-pager|to-command|checkpoint-action|use-compress-program|script-shell|shell|pager|editor|run|eval|import|require|loader|inspect)(=|$)/iu;
// In-project files that control what runs next (hooks, agent settings, CI, direnv): an owner looks.
const GUARDED_IN_PROJECT =
  /(^|\/)(\.git|\.claude|\.codex|\.vscode|\.idea|\.husky|\.github|\.gitlab-ci\.yml|\.envrc|\.tower)(\/|$)/iu;
// Characters a path shown in a prompt should never carry.
const ODD_PATH = /[\p{Cc}\p{Cf}\u2028\u2029\\]|%2e|%2f/iu;

/** Why nothing may auto-approve this prompt, or null when an allow rule may decide. */
export function floorReason(prompt: PromptView, ctx: PolicyContext): string | null {
  const subject = prompt.subject;
  if (subject === null || subject.trim() === '')
    return 'the prompt shows no command or file Tower could check';
  // The agent shortened what it shows: the part Tower cannot see is the part that matters.
  if (subject.includes('…') || /\.\.\.\s*$/u.test(subject)) return 'the prompt shows the subject cut short';
  switch (categoryOf(prompt)) {
    case 'command':
      return commandFloor(subject, ctx);
    case 'file':
      return fileFloor(subject, ctx);
    case 'url':
      return /^https?:\/\/[^\s/]+/iu.test(subject) ? null : 'the prompt shows no URL Tower could check';
    case 'tool':
      return null;
  }
}

/** Why a command cannot be allowed, or null. */
export function commandFloor(command: string, ctx: PolicyContext): string | null {
  const parsed = parseSimpleCommand(command);
  if (parsed.kind === 'unparsed') return `Tower cannot read this command with certainty: ${parsed.reason}`;
  const name = parsed.argv[0] ?? '';
  if (RUNS_OTHERS.has(name.toLowerCase())) return `\`${name}\` runs another program, which policy cannot see`;
  const risky = parsed.argv.slice(1).find((a) => DANGEROUS_OPTION.test(a));
  if (risky !== undefined) return `the option \`${risky}\` can write files or run programs`;
  if (ctx.cwd === null) return 'the session has no known project directory';
  return null;
}

/** Why a file prompt cannot be allowed, or null. */
export function fileFloor(path: string, ctx: PolicyContext): string | null {
  if (path.length > 1_024) return 'the path is too long to check';
  if (ODD_PATH.test(path)) return 'the path contains escaped or invisible characters';
  if (climbs(path)) return 'the path climbs out with `..`';
  if (ctx.cwd === null) return 'the session has no known project directory';
  const resolved = resolvePath(path, ctx);
  if (resolved === null) return 'the path cannot be resolved without a shell';
  if (!isInside(resolved, ctx.cwd, true)) return `${resolved} is outside the project ${ctx.cwd}`;
  if (GUARDED_IN_PROJECT.test(resolved.slice(ctx.cwd.length)))
    return `${path} controls what runs next (hooks, agent settings, CI)`;
  return null;
}
