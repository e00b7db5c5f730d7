/**
 * Amp rule pack. GUESS: strings come from another supervisor's detector, not from a capture; the
 * layout is unverified, so no keys are offered except what a human can read.
 */
import type { PromptRule, RulePack } from '../rule-types';

const PROMPTS: readonly PromptRule[] = [
  {
    id: 'permission.approval',
    kind: 'permission',
    type: 'bash',
    priority: 900,
    tool: null,
    title: /^\s*(?:Run this command\?|Allow (?:editing|creating) file:|Invoke tool\b|Confirm tool call\b)/u,
    options: { kind: 'glyph-list', glyphs: '▸❯', maxRows: 6 },
    footer: [],
    needsSelection: true,
    maxTitleDistance: 8,
    keys: { digits: false, hints: false, navigate: false },
    subject: [{ kind: 'line', re: /^\s*\$ (.+)$/u }, { kind: 'title' }],
    roles: [[/^Deny\b/u, 'deny']],
  },
];

/** Amp (layout GUESS). */
export const AMP_PACK: RulePack = {
  agent: 'amp',
  versions: '*',
  banners: [],
  layout: null,
  prompts: PROMPTS,
  states: [],
};
