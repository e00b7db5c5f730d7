/**
 * Which agent runs in a terminal: process facts first, then screen banners, then the title.
 */
import type { AgentKind } from '../../contract/dto';
import type { ProcessFact } from '../ports';
import { bannerOf } from './detect';
import { toScreen } from './screen';
import type { AgentHint } from './types';

/** What identifyAgent looks at (a subset of TerminalInfo). */
export interface AgentFacts {
  readonly currentCommand: string | null;
  readonly processes: readonly ProcessFact[];
  readonly title: string;
}

// Program names (basenames) per agent. Claude Code 2.1.x is a native `claude` binary (the npm
// wrapper is `claude.exe`); Codex is `node …/codex.js` launching a native `codex`; Cursor's CLI is
// `cursor-agent` (its `agent` alias is too generic to trust alone).
const PROGRAMS: readonly (readonly [AgentKind, RegExp])[] = [
  ['claude', /^claude(?:\.exe)?$/u],
  ['codex', /^codex(?:\.js)?$/u],
  ['gemini', /^gemini(?:\.js)?$/u],
  ['copilot', /^copilot(?:\.js)?$/u],
  ['cursor', /^cursor-agent$/u],
  ['opencode', /^opencode(?:\.js)?$/u],
  ['aider', /^aider$/u],
  ['amp', /^amp(?:\.js)?$/u],
];
// Package paths that name an agent when it runs through an interpreter (`node …/cli.js`).
const PACKAGES: readonly (readonly [AgentKind, RegExp])[] = [
  ['claude', /@anthropic-ai\/claude-code\b/u],
  ['codex', /@openai\/codex\b/u],
  ['gemini', /@google\/gemini-cli\b/u],
  ['copilot', /@github\/copilot\b/u],
  ['opencode', /\bopencode-ai\b/u],
  ['amp', /@sourcegraph\/amp\b/u],
];
const INTERPRETERS = /^(?:node|nodejs|bun|deno|python\d*(?:\.\d+)?|npx|tsx|uv|uvx|pipx|env)$/u;

const basename = (path: string): string => path.split('/').at(-1) ?? path;

/** The program names a process stands for: its command, argv[0] and, under an interpreter, the script. */
function programsOf(fact: ProcessFact): string[] {
  const argv = fact.args
    .trim()
    .split(/\s+/u)
    .filter((a) => a.length > 0);
  const names = [basename(fact.command), basename(argv[0] ?? '')];
  if (INTERPRETERS.test(names[1] ?? '') || INTERPRETERS.test(names[0] ?? '')) {
    const script = argv.slice(1).find((a) => !a.startsWith('-'));
    if (script) names.push(basename(script));
    // `python -m aider`
    const m = argv.indexOf('-m');
    if (m >= 0 && argv[m + 1]) names.push(argv[m + 1] ?? '');
  }
  return names.filter((n) => n.length > 0);
}

function kindOfProcess(fact: ProcessFact): AgentKind | null {
  for (const name of programsOf(fact)) {
    for (const [kind, re] of PROGRAMS) if (re.test(name)) return kind;
  }
  // `cursor-agent` installs as `agent`; accept it only when its path says Cursor.
  if (basename(fact.command) === 'agent' && /cursor/iu.test(fact.args)) return 'cursor';
  for (const [kind, re] of PACKAGES) if (re.test(fact.args)) return kind;
  return null;
}

/**
 * Identifies the agent in a terminal. Process facts decide the kind when they can; a screen banner
 * (`Claude Code v2.1.330`, `OpenAI Codex (v0.169.0)`) fills the version, or the kind when processes
 * are unknown. A plain shell gives `{ kind: null, version: null }`.
 */
export function identifyAgent(info: AgentFacts, lines?: readonly string[]): AgentHint {
  let kind: AgentKind | null = null;
  if (info.currentCommand) {
    kind = kindOfProcess({ pid: 0, command: info.currentCommand, args: info.currentCommand });
  }
  for (const fact of info.processes) {
    if (kind) break;
    kind = kindOfProcess(fact);
  }
  const banner = lines ? bannerOf(toScreen(lines)) : null;
  if (kind) return { kind, version: banner?.kind === kind ? banner.version : null };
  if (banner) return { kind: banner.kind, version: banner.version };
  // Claude Code's idle title is `✳ Claude Code`; no other agent uses that name.
  if (/\bClaude Code\b/u.test(info.title)) return { kind: 'claude', version: null };
  return { kind: null, version: null };
}
