/**
 * Aider rule pack: line-based `confirm_ask` prompts and the `<format>> ` input prompt.
 *
 * Answers are a letter plus Enter; bare Enter takes the bracketed default, so Tower never sends it alone.
 */
import type { PromptRule, RulePack } from '../rule-types';
import { bottom, line } from './dsl';

const base = {
  kind: 'permission',
  options: { kind: 'inline-letters' },
  footer: [],
  maxTitleDistance: 0,
  keys: { digits: false, hints: true, navigate: false, enterAfterLetter: true },
  subject: [{ kind: 'above' }],
  roles: [
    [/^Don't ask again$/iu, 'approve-remember'],
    [/^All$/iu, 'approve-remember'],
    [/^Skip all$/iu, 'deny'],
  ],
} as const;

const ASK = /\? \(Y\)es\/\(N\)o/u;

const PROMPTS: readonly PromptRule[] = [
  {
    ...base,
    id: 'permission.shell',
    type: 'bash',
    priority: 900,
    tool: 'shell',
    title: /^\s*Run shell commands?\?/u,
  },
  {
    ...base,
    id: 'permission.create',
    type: 'write',
    priority: 890,
    tool: 'create',
    title: /^\s*Create new file\?/u,
  },
  {
    ...base,
    id: 'permission.add',
    type: 'add',
    priority: 880,
    tool: 'add',
    title: /^\s*Add (?:file|url|.+) to the chat\?/u,
  },
  { ...base, id: 'permission.url', type: 'fetch', priority: 870, tool: 'web', title: /^\s*Open .*url.*\?/iu },
  {
    ...base,
    id: 'question.confirm',
    kind: 'question',
    type: 'confirm',
    priority: 100,
    tool: null,
    title: ASK,
  },
];

/** Aider (any version: confirm_ask has kept its shape). */
export const AIDER_PACK: RulePack = {
  agent: 'aider',
  versions: '*',
  banners: [/^Aider v(?<version>\d+\.\d+\.\d+)/u],
  layout: null,
  // `> ` alone is too generic to trust without a hint naming Aider.
  guessable: false,
  prompts: PROMPTS,
  states: [
    {
      id: 'idle.input',
      state: 'idle',
      priority: 100,
      region: bottom(1),
      when: line(/^(?:[\w-]+ )?(?:[\w-]+)?(?: ?multi)?>\s*$/u),
    },
  ],
};
