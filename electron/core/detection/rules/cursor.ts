/**
 * Cursor Agent CLI (`agent` / `cursor-agent`) rule pack.
 *
 * Options show their keys: `(y)` approves once, `(esc or n)` skips. `Run Everything (shift+tab)`
 * turns approvals off for the session: it is never typed (shift+tab is outside the key vocabulary).
 */
import type { PromptRule, RulePack } from '../rule-types';
import { all, any, bottom, line, not } from './dsl';

const base = {
  kind: 'permission',
  options: { kind: 'glyph-list', glyphs: '→', maxRows: 6 },
  footer: [],
  needsSelection: true,
  // Arrow navigation of this menu is unverified (fixture partly GUESS), so only hinted keys are used.
  keys: { digits: false, hints: true, navigate: false },
  maxTitleDistance: 4,
  roles: [
    [/^Run Everything\b/u, 'approve-remember'],
    [/to allowlist\?/u, 'approve-remember'],
    [/^Reject\b|^Skip\b/u, 'deny'],
  ],
} as const;

const PROMPTS: readonly PromptRule[] = [
  {
    ...base,
    id: 'permission.shell',
    type: 'bash',
    priority: 900,
    tool: 'shell',
    title: /^\s*Run this command\?/u,
    subject: [
      { kind: 'line', re: /^\s*\$ (.+)$/u },
      { kind: 'line', re: /^\s*Not in allowlist: (.+)$/u },
    ],
  },
  {
    ...base,
    id: 'permission.write',
    type: 'write',
    priority: 890,
    tool: 'write',
    title: /^\s*Write to this file\?/u,
    subject: [{ kind: 'line', re: /^\s*in (\S.*)$/u }],
  },
  {
    ...base,
    id: 'permission.search',
    type: 'fetch',
    priority: 880,
    tool: 'web_search',
    title: /^\s*Allow this web search\?/u,
  },
];

const STOP = /ctrl\+c to stop\b/iu;

/** Cursor Agent CLI. */
export const CURSOR_PACK: RulePack = {
  agent: 'cursor',
  versions: '*',
  banners: [/^\s*v(?<version>20\d\d\.\d\d\.\d\d)-[\w-]+\s*$/u],
  layout: null,
  prompts: PROMPTS,
  states: [
    {
      id: 'working.stop-hint',
      state: 'working',
      priority: 100,
      region: bottom(12),
      when: any(line(STOP), line(/^\s*[⠀-⣿]{1,2}\s+[A-Z]\w+(?:\.{2,}|\s{2}\d+ tokens)/u)),
    },
    {
      id: 'idle.input',
      state: 'idle',
      priority: 100,
      region: bottom(8),
      when: all(line(/^\s*→ \S/u), not(line(STOP))),
    },
  ],
};
