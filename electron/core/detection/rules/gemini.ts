/**
 * Gemini CLI rule pack: tool confirmations before and after google-gemini/gemini-cli#15296.
 *
 * Digits select and confirm at once; `●` marks the highlighted option.
 */
import type { PromptRule, RulePack } from '../rule-types';
import { all, bottom, line, not } from './dsl';

// The status line under the app (cwd, sandbox, model) may stay below the confirmation box.
const FOOTER: readonly RegExp[] = [/sandbox|context left\)/iu];
const base = {
  kind: 'permission',
  options: { kind: 'numbered' },
  footer: FOOTER,
  needsSelection: true,
  keys: { digits: true, hints: false, navigate: true },
  maxTitleDistance: 20,
  roles: [[/external editor/iu, 'other']],
} as const;

const TOOL_HEADER = { re: /^\s*\? (\S+)\s{2}/u, format: (m: RegExpExecArray) => m[1] ?? '' };

const PROMPTS: readonly PromptRule[] = [
  {
    ...base,
    id: 'permission.mcp',
    type: 'mcp',
    priority: 900,
    tool: null,
    title: /^\s*Allow execution of MCP tool "(?<tool>[^"]+)" from server "(?<server>[^"]+)"\?/u,
    subject: [{ kind: 'line', re: /Allow execution of MCP tool "([^"]+)"/u }],
    toolFrom: {
      re: /MCP tool "([^"]+)" from server "([^"]+)"/u,
      format: (m) => `mcp__${m[2] ?? ''}__${m[1] ?? ''}`,
    },
  },
  {
    ...base,
    id: 'permission.shell',
    type: 'bash',
    priority: 890,
    tool: 'Shell',
    title: /^\s*Allow execution of(?:: '(?<subject>[^']+)')?.*\?\s*$/u,
    subject: [{ kind: 'above' }, { kind: 'title' }],
    toolFrom: TOOL_HEADER,
  },
  {
    ...base,
    id: 'permission.edit',
    type: 'edit',
    priority: 880,
    tool: 'Edit',
    title: /^\s*Apply this change\?/u,
    subject: [{ kind: 'line', re: /^\s*\? \S+\s{2,}(.+?)\s*(?:\d+ of \d+)?$/u }],
    toolFrom: TOOL_HEADER,
  },
  {
    ...base,
    id: 'permission.fetch',
    type: 'fetch',
    priority: 870,
    tool: 'WebFetch',
    title: /^\s*Do you want to proceed\?/u,
    subject: [{ kind: 'line', re: /(https?:\/\/\S+)/u }],
    toolFrom: TOOL_HEADER,
  },
  {
    ...base,
    id: 'question.trust',
    kind: 'question',
    type: 'trust',
    priority: 800,
    tool: null,
    title: /^\s*Do you trust (?:the files in )?this folder\?/u,
  },
];

/** Gemini CLI. */
export const GEMINI_PACK: RulePack = {
  agent: 'gemini',
  versions: '*',
  banners: [/gemini-cli v?(?<version>\d+\.\d+\.\d+)/iu],
  layout: { input: /^\s*>\s/u, userMessage: /^\s*>\s+\S/u },
  prompts: PROMPTS,
  states: [
    {
      id: 'working.loading',
      state: 'working',
      priority: 100,
      region: bottom(12),
      when: line(/\(esc to cancel, \d+[hms]/iu),
    },
    {
      id: 'idle.input',
      state: 'idle',
      priority: 100,
      region: bottom(6),
      when: all(line(/^\s*>\s+(?:Type your message|\S)/u), not(line(/esc to cancel/iu))),
    },
  ],
};
