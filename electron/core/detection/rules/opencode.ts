/**
 * opencode (sst/opencode 1.x, OpenTUI) rule pack.
 *
 * The focused button is shown only by colour, so no option is `selected` and only Esc (= Reject)
 * can be typed safely from text alone.
 */
import type { PromptRule, RulePack } from '../rule-types';
import { all, bottom, line, not } from './dsl';

const PROMPTS: readonly PromptRule[] = [
  {
    id: 'permission.request',
    kind: 'permission',
    type: 'tool',
    priority: 900,
    tool: null,
    title: /^\s*△?\s*Permission required\b/u,
    options: { kind: 'buttons', labels: ['Allow once', 'Allow always', 'Reject'] },
    footer: [],
    maxTitleDistance: 30,
    keys: { digits: false, hints: false, navigate: false, escapeFor: /^Reject$/u },
    subject: [
      { kind: 'line', re: /^\s*\$ (.+)$/u },
      {
        kind: 'line',
        re: /^\s*← (?:Access external directory|Edit|Read|Glob|Grep|WebFetch|Call tool) (.+)$/u,
      },
    ],
    toolFrom: {
      re: /^\s*← (Access external directory|Edit|Read|Glob|Grep|WebFetch|Call tool)\b/u,
      format: (m) => m[1] ?? '',
    },
  },
];

const BUSY = /(?:■|⬝){4,}\s+esc interrupt/u;

/** opencode 1.x. */
export const OPENCODE_PACK: RulePack = {
  agent: 'opencode',
  versions: '*',
  banners: [/OpenCode (?<version>\d+\.\d+\.\d+)/u],
  layout: null,
  prompts: PROMPTS,
  states: [
    { id: 'working.progress', state: 'working', priority: 100, region: bottom(4), when: line(BUSY) },
    {
      id: 'idle.footer',
      state: 'idle',
      priority: 100,
      region: bottom(4),
      when: all(line(/ctrl\+p commands/u), not(line(/esc interrupt/u))),
    },
  ],
};
