/**
 * OpenAI Codex CLI rule pack: the Rust TUI (0.1xx) and the 2025 TypeScript CLI's `Allow command?`.
 *
 * Codex shows the key of each option in parentheses (`(y)`, `(p)`, `(esc)`); `y`/`n`/Esc act at once,
 * other letters are outside Tower's key vocabulary, so those options are reached with ↑/↓ + Enter.
 */
import type { KeyPolicy, PromptRule, RulePack } from '../rule-types';
import { all, any, bottom, line, not, TURN, within } from './dsl';

// Verified on 0.169.0: `y`/`1` approve, `n`/`3`/Esc decline, at once. Hints first, then digits.
const KEYS: KeyPolicy = { digits: true, hints: true, navigate: true };
const FOOTER: readonly RegExp[] = [
  /^\s*Press enter to (?:confirm|continue)\b/iu,
  /^\s*(?:enter to (?:submit|confirm)|esc to cancel)\b/iu,
  /^\s*enter continue\b.*\besc back\b/iu,
  /^\s*enter\/esc confirm\b/iu,
  /\|\s*enter to submit/iu,
];
// ratatui wraps after `/` inside paths, so such rows continue without a space.
const base = {
  kind: 'permission',
  options: { kind: 'numbered' },
  footer: FOOTER,
  keys: KEYS,
  glue: /\/$/u,
  // "Yes, and don't ask again for commands that start with `<the command>`" repeats the command.
  echo: /commands that start with `([^`]+)`/u,
} as const;
const question = { ...base, kind: 'question', tool: null } as const;

const PROMPTS: readonly PromptRule[] = [
  {
    ...base,
    id: 'permission.exec',
    type: 'bash',
    priority: 900,
    tool: 'shell',
    title: /^\s*Would you like to run the following command\?/u,
    maxTitleDistance: 40,
    subject: [{ kind: 'block', start: /^\s*\$ /u, includeStart: true, strip: /^\$\s+/u }],
  },
  {
    ...base,
    id: 'permission.edit',
    type: 'edit',
    priority: 890,
    tool: 'apply_patch',
    title: /^\s*Would you like to make the following edits\?/u,
    maxTitleDistance: 60,
    subject: [
      { kind: 'line', re: /^\s*Destination: (.+)$/u },
      { kind: 'line', re: /^\s*(?:[•└]\s*)?(?:Edited|Added|Deleted|Update|Add|Delete)\s+(\S+)/u },
    ],
  },
  {
    ...base,
    id: 'permission.network',
    type: 'fetch',
    priority: 880,
    tool: 'network',
    title: /^\s*Do you want to approve network access to "?(?<subject>[^"?]+)"?\?/u,
    maxTitleDistance: 20,
    subject: [{ kind: 'title' }],
  },
  {
    ...base,
    id: 'permission.grant',
    type: 'permissions',
    priority: 870,
    tool: null,
    title: /^\s*Would you like to grant these permissions\?/u,
    maxTitleDistance: 30,
  },
  {
    ...base,
    id: 'permission.mcp',
    type: 'mcp',
    priority: 860,
    tool: null,
    title: /^\s*(?:Approve app tool call\?|Allow .* to run tool\b.*\?)/u,
    maxTitleDistance: 30,
  },
  {
    ...base,
    id: 'permission.terminal-input',
    type: 'input',
    priority: 850,
    tool: null,
    title: /^\s*Would you like to send input to (?:the existing )?terminal\?/u,
    maxTitleDistance: 20,
  },
  {
    ...base,
    id: 'permission.legacy',
    type: 'bash',
    priority: 840,
    tool: 'shell',
    title: /^\s*Allow command\?/u,
    options: { kind: 'glyph-list', glyphs: '❯', maxRows: 10 },
    maxTitleDistance: 4,
    subject: [{ kind: 'line', re: /^\s*\$ (.+)$/u }],
  },
  {
    ...question,
    id: 'question.trust',
    type: 'trust',
    priority: 800,
    title:
      /^\s*(?:>\s*)?(?:You are (?:running Codex )?in \S|Do you trust the contents of this directory\?|Folder access\s*$)/u,
    titleFarthest: true,
    question: /^\s*(?:Trust this folder\?|Do you trust the contents of this directory\?)/u,
    maxTitleDistance: 12,
    subject: [
      { kind: 'line', re: /You are (?:running Codex )?in (.+)$/u },
      { kind: 'block', start: /^\s*Folder access\s*$/u, stop: /^\s*Trust this folder\?/u },
    ],
  },
  {
    ...question,
    id: 'question.model-upgrade',
    type: 'model',
    priority: 780,
    title: /^\s*(?:Meet|Introducing|Try) \S.*$/u,
    requires: [/\b(?:Try new model|Use existing model)\b/u],
    maxTitleDistance: 8,
    // Enter AND Esc confirm the highlighted row (switching models), so "deny" must be the explicit row.
    roles: [
      [/^Use existing model\b/u, 'deny'],
      [/^Try new model\b/u, 'other'],
    ],
  },
  {
    ...question,
    id: 'question.update',
    type: 'update',
    priority: 790,
    title: /Update available!/u,
    maxTitleDistance: 6,
    subject: [{ kind: 'line', re: /Update available! (\S+ -> \S+)/u }],
    // The capture shows no cursor; a digit moves the selection, Enter confirms. Never a bare Enter.
    keys: { digits: true, enterAfterDigit: true, hints: true, navigate: true },
  },
];

const INTERRUPT = /\(\s*[^()]*\d+[hms][^()]*•\s*esc to interrupt\)/iu;
const RETRY =
  /Reconnecting(?:\.{3}|…)|waiting to retry\b|stream (?:error|disconnected)\b.*retrying|Retrying in \d+/iu;
// `■ Conversation interrupted` follows a declined approval: the user's doing, not an error.
const ERROR =
  /^\s*■\s(?!Conversation interrupted)|You've hit your usage limit|ran out of room in the model's context window|^\s*(?:■\s*)?(?:unexpected status \d+|stream error)/u;

/** Codex CLI. */
export const CODEX_PACK: RulePack = {
  agent: 'codex',
  versions: '*',
  banners: [/OpenAI Codex \(v(?<version>\d+\.\d+\.\d+)\)/u],
  layout: { input: /^\s*›(?:\s|$)/u, userMessage: /^\s*›\s+\S/u },
  prompts: PROMPTS,
  states: [
    {
      id: 'error.turn',
      state: 'error',
      priority: 100,
      region: TURN,
      when: all(line(ERROR), not(within(bottom(10), line(INTERRUPT)))),
    },
    { id: 'stalled.retry', state: 'stalled', priority: 100, region: bottom(12), when: line(RETRY) },
    {
      id: 'working.status',
      state: 'working',
      priority: 100,
      region: bottom(15),
      when: any(line(INTERRUPT), line(/^\s*[•◦]\s+Working\b/u)),
    },
    {
      id: 'idle.composer',
      state: 'idle',
      priority: 100,
      region: bottom(8),
      // The composer stays visible while working; working rules run first, so reaching here means no
      // live status row. A `› 1.` row is a menu (picker), not the composer.
      when: line(/^\s*›(?!\s*\d+\.\s)(?:\s|$)/u),
    },
  ],
};
