/**
 * Symlink escapes: a path that reads as inside the project but really leads outside it (a repository
 * can ship `docs -> ~/.ssh`). Before Tower types an approval, every path the prompt names that is
 * lexically inside the project is resolved (by an adapter) and must still be inside the real project.
 */
import type { PromptView } from '../../contract/dto';
import { isInside, resolvePath, type PathBase } from './paths';
import { parseSimpleCommand } from './shell-words';
import { categoryOf } from './types';

/** The absolute paths a prompt names that lie inside the project as written (the ones a link could fake). */
export function pathsInsideProject(prompt: PromptView, base: PathBase): string[] {
  const cwd = base.cwd;
  if (cwd === null || prompt.subject === null) return [];
  let candidates: string[] = [];
  const category = categoryOf(prompt);
  if (category === 'file') candidates = [prompt.subject];
  if (category === 'command') {
    const parsed = parseSimpleCommand(prompt.subject);
    if (parsed.kind !== 'simple') return [];
    candidates = parsed.argv.slice(1).flatMap((arg) => {
      if (!arg.startsWith('-')) return [arg];
      const at = arg.indexOf('=');
      return at === -1 ? [] : [arg.slice(at + 1)];
    });
  }
  return candidates
    .map((c) => resolvePath(c, base))
    .filter((p): p is string => p !== null && isInside(p, cwd, true));
}

/** Why the real paths escape the real project, or null. `real` maps each lexical path to its real path. */
export function linkEscape(
  paths: readonly string[],
  real: ReadonlyMap<string, string | null>,
  realCwd: string | null,
): string | null {
  if (paths.length === 0) return null;
  if (realCwd === null) return 'Tower could not resolve the project directory on disk';
  for (const path of paths) {
    const target = real.get(path);
    if (target === undefined || target === null) return `Tower could not resolve ${path} on disk`;
    if (!isInside(target, realCwd, true)) return `${path} is a link to ${target}, outside the project`;
  }
  return null;
}
