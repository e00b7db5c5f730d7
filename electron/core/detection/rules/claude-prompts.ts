/**
 * Claude Code blocking prompts (1.x boxed UI through 2.1.x): tool permissions and questions.
 *
 * Wording sources: reference §2.3–2.6 and the strings inside the 2.1.330 binary. Every prompt needs
 * its title row and a menu with the `❯` cursor, with only Claude's dialog footers below the menu.
 */
import type { KeyPolicy, PromptRule } from '../rule-types';

/** Claude menus take digits (instant select); arrows + Enter also work. Hints like `(esc)` are not used. */
const CLAUDE_KEYS: KeyPolicy = { digits: true, hints: false, navigate: true };

/** Rows Claude draws below a dialog's menu. */
export const CLAUDE_FOOTER: readonly RegExp[] = [
  /^\s*(?:Esc to (?:cancel|exit)|Enter to (?:confirm|select|submit)|Tab to amend|ctrl\+e to explain|↑\/↓ to navigate|Tab\/Arrow keys to navigate)\b/iu,
  /(?:^|·)\s*(?:Esc to cancel|Tab to amend|ctrl\+e to explain)\s*(?:·|$)/iu,
  /^\s*shift\+tab to approve with this feedback\s*$/iu,
];

const base = {
  kind: 'permission',
  options: { kind: 'numbered' },
  footer: CLAUDE_FOOTER,
  needsSelection: true,
  keys: CLAUDE_KEYS,
  // 2.1.330 breaks a word longer than the row one column short of the frame rule.
  hardWrapMargin: 1,
} as const;

const PROCEED = /^\s*Do you want to proceed\?/u;
/** The dashed separator 2.1.330 draws around a command or diff. */
const DASHES = /^\s*╌{8,}/u;

/** Permission prompts, most specific first. */
export const CLAUDE_PERMISSIONS: readonly PromptRule[] = [
  {
    ...base,
    id: 'permission.bash',
    type: 'bash',
    priority: 900,
    tool: 'Bash',
    title: /^\s*(?:Bash command|Run command)\b/u,
    question: PROCEED,
    maxTitleDistance: 40,
    subject: [
      // 2.1.330: header, description, then the command between two dashed separators.
      { kind: 'block', start: DASHES, stop: DASHES },
      // Earlier 2.1.x: command rows, then one dim description row.
      {
        kind: 'block',
        start: /^\s*(?:Bash command|Run command)\b/u,
        stop: /^\s*(?:This command requires approval|Do you want to proceed\?|Contains |Command contains )/u,
        dropLast: true,
      },
    ],
  },
  {
    ...base,
    id: 'permission.edit',
    type: 'edit',
    priority: 890,
    tool: 'Edit',
    title: /^\s*Edit file\b/u,
    question: /Do you want to make this edit to .+\?/u,
    requires: [/Do you want to make this edit to .+\?/u],
    maxTitleDistance: 60,
    subject: [{ kind: 'line', re: /Do you want to make this edit to (.+)\?\s*$/u }],
  },
  {
    ...base,
    id: 'permission.edit-question',
    type: 'edit',
    priority: 880,
    tool: 'Edit',
    title: /^\s*Do you want to make this edit to (?<subject>.+)\?\s*$/u,
    maxTitleDistance: 3,
    subject: [{ kind: 'title' }],
  },
  {
    ...base,
    id: 'permission.write',
    type: 'write',
    priority: 870,
    tool: 'Write',
    title: /^\s*(?:(?:Create|Write|Overwrite) file\b|Do you want to (?:create|write to|overwrite) .+\?\s*$)/u,
    question: /Do you want to (?:create|write to|overwrite) .+\?/u,
    maxTitleDistance: 60,
    // The header row, not the question, starts the block: the new content must be in the fingerprint.
    titleFarthest: true,
    subject: [{ kind: 'line', re: /Do you want to (?:create|write to|overwrite) (.+)\?\s*$/u }],
  },
  {
    ...base,
    id: 'permission.read',
    type: 'read',
    priority: 860,
    tool: 'Read',
    title: /^\s*Read file\b/u,
    question: PROCEED,
    maxTitleDistance: 20,
    subject: [{ kind: 'block', start: /^\s*Read file\b/u, stop: PROCEED }],
  },
  {
    ...base,
    id: 'permission.fetch',
    type: 'fetch',
    priority: 850,
    tool: 'WebFetch',
    title: /^\s*(?:Fetch|Web fetch)\s*$|Do you want to allow Claude to fetch this content\?/u,
    titleFarthest: true,
    question: /Do you want to allow Claude to fetch this content\?/u,
    requires: [/Do you want to allow Claude to fetch this content\?/u],
    maxTitleDistance: 20,
    subject: [
      { kind: 'line', re: /(https?:\/\/\S+)/u },
      { kind: 'line', re: /^\s*(?:domain:)?([\w-]+(?:\.[\w-]+)+)\s*$/u },
    ],
  },
  {
    ...base,
    id: 'permission.mcp',
    type: 'mcp',
    priority: 840,
    tool: null,
    title: /^\s*Tool use\b/u,
    question: PROCEED,
    // `server - tool(args) (MCP)` (2.1.210); 2.1.330 draws `<name> Tool:` with an `MCP` badge (GUESS from
    // the strings in the 2.1.330 binary: no capture yet).
    requires: [/\(MCP\)\s*$|\bTool:\s*MCP\s*$/u],
    maxTitleDistance: 20,
    subject: [
      { kind: 'line', re: /^\s*(.+?)\s*\(MCP\)\s*$/u },
      { kind: 'line', re: /^\s*(.+?) Tool:\s*MCP\s*$/u },
    ],
    toolFrom: {
      re: /^\s*([\w.-]+) - ([\w.-]+)(?:\(.*)?(?:\s+\(MCP\)| Tool:\s*MCP)\s*$/u,
      format: (m) => `mcp__${m[1] ?? ''}__${m[2] ?? ''}`,
    },
  },
  {
    ...base,
    id: 'permission.browser',
    type: 'browser',
    priority: 830,
    tool: 'Claude in Chrome',
    title: /^\s*Claude in Chrome wants to (?<subject>.+)$/u,
    maxTitleDistance: 12,
    subject: [{ kind: 'line', re: /^\s*(https?:\/\/\S+)\s*$/u }, { kind: 'title' }],
  },
  {
    ...base,
    id: 'permission.tool',
    type: 'tool',
    priority: 820,
    tool: null,
    title: /^\s*Tool use\b/u,
    question: PROCEED,
    maxTitleDistance: 20,
    subject: [{ kind: 'block', start: /^\s*Tool use\b/u, stop: PROCEED }],
    toolFrom: { re: /^\s*([\w.-]+)\(/u, format: (m) => m[1] ?? '' },
  },
  {
    ...base,
    id: 'permission.proceed',
    type: 'tool',
    priority: 750,
    tool: null,
    // The header scrolled off (a very long command or diff): the permission dialog's own question
    // right above the menu still identifies it; the subject is unknown.
    title: PROCEED,
    maxTitleDistance: 2,
  },
];

const question = { ...base, kind: 'question' } as const;
const TRUST_QUESTION =
  /Is this a project you created or one you trust\?|Do you trust the files in this folder\?/u;

/** Questions: never answered without a human. */
export const CLAUDE_QUESTIONS: readonly PromptRule[] = [
  {
    ...question,
    id: 'question.trust',
    type: 'trust',
    priority: 800,
    tool: null,
    title: /^\s*(?:Accessing workspace:|Do you trust the files in this folder\?)/u,
    question: TRUST_QUESTION,
    maxTitleDistance: 30,
    subject: [
      { kind: 'block', start: /^\s*(?:Accessing workspace:|Do you trust the files in this folder\?)/u },
    ],
  },
  {
    ...question,
    id: 'question.trust-list',
    type: 'trust',
    priority: 795,
    tool: null,
    // 2.1.330: unnumbered rows, `❯ No, exit` highlighted by default.
    title: /^\s*(?:Accessing workspace:|Do you trust the files in this folder\?)/u,
    question: TRUST_QUESTION,
    options: { kind: 'glyph-list', glyphs: '❯', maxRows: 6 },
    maxTitleDistance: 30,
    subject: [
      { kind: 'block', start: /^\s*(?:Accessing workspace:|Do you trust the files in this folder\?)/u },
    ],
  },
  {
    ...question,
    id: 'question.auto-mode',
    type: 'auto-mode',
    priority: 785,
    tool: null,
    title: /^\s*Make auto mode your default permission mode\?/u,
    options: { kind: 'glyph-list', glyphs: '❯', maxRows: 6 },
    maxTitleDistance: 8,
  },
  {
    ...question,
    id: 'question.plan',
    type: 'plan',
    priority: 790,
    tool: 'ExitPlanMode',
    // 2026 full plan review, 2025 `Ready to code?`, and 2.1.330's short `Exit plan mode?` dialog.
    title: /(?:ready to execute\. )?Would you like to proceed\?\s*$|^\s*Exit plan mode\?\s*$/u,
    maxTitleDistance: 6,
  },
  {
    ...question,
    id: 'question.bypass',
    type: 'bypass',
    priority: 780,
    tool: null,
    title: /Bypass Permissions mode|dangerously-skip-permissions/iu,
    maxTitleDistance: 20,
  },
  {
    ...question,
    id: 'question.bypass-list',
    type: 'bypass',
    priority: 775,
    tool: null,
    // 2.1.330: `WARNING: Claude Code running in Bypass Permissions mode`, unnumbered, `❯ No, exit` first.
    title: /Bypass Permissions mode/iu,
    options: { kind: 'glyph-list', glyphs: '❯', maxRows: 4 },
    maxTitleDistance: 20,
  },
  {
    ...question,
    id: 'question.ask',
    type: 'ask',
    priority: 700,
    tool: 'AskUserQuestion',
    // Any question row right above a ❯ menu at the bottom: AskUserQuestion, or a dialog we have no
    // rule for yet (safe: questions are never auto-answered).
    title: /\?\s*(?:\(optional\))?\s*$/u,
    options: { kind: 'numbered', loose: true, continuation: false },
    maxTitleDistance: 4,
  },
  {
    ...question,
    id: 'question.ask-list',
    type: 'ask',
    priority: 690,
    tool: null,
    // An unnumbered `❯` menu under a question: a dialog we have no specific rule for.
    title: /\?\s*$/u,
    options: { kind: 'glyph-list', glyphs: '❯', maxRows: 8 },
    maxTitleDistance: 8,
  },
];
