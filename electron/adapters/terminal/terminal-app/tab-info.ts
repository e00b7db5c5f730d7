/**
 * A Terminal.app tab (or iTerm2 session) as a `TerminalInfo`, from what osascript and `ps` said. Pure.
 */
import type { ProviderId } from '../../../contract/dto';
import type { TerminalInfo } from '../../../core/ports';
import type { TtyFacts } from './tty-facts';

/** The program name of a command path; login shells show as `-zsh`, which is `zsh`. */
export function commandName(command: string | null): string | null {
  if (command === null) return null;
  return (command.split('/').at(-1) ?? command).replace(/^-/u, '');
}

/** Builds the listing entry of one tab. */
export function tabInfo(
  provider: ProviderId,
  id: string,
  facts: TtyFacts | null,
  seen: { readonly title: string; readonly cols: number; readonly rows: number },
): TerminalInfo {
  return {
    provider,
    id,
    title: seen.title,
    pid: facts?.shellPid ?? null,
    alive: true,
    exitCode: null,
    cwd: null,
    currentCommand: commandName(facts?.foreground?.command ?? null),
    processes: facts?.processes ?? [],
    cols: seen.cols,
    rows: seen.rows,
  };
}
