/**
 * GitHub Copilot CLI rule pack (2025 and 2026 wordings).
 *
 * Menus take digits ("Confirm with number keys"); the trust dialog's option 2 persists the folder.
 */
import type { PromptRule, RulePack } from '../rule-types';

const FOOTER: readonly RegExp[] = [
  /^\s*Confirm with number keys\b/iu,
  /^\s*(?:↑↓|↑\/↓) (?:keys )?to navigate\b/iu,
  /^\s*Enter to select\b/iu,
];
const base = {
  kind: 'permission',
  options: { kind: 'numbered' },
  footer: FOOTER,
  needsSelection: true,
  keys: { digits: true, hints: false, navigate: true },
  maxTitleDistance: 30,
} as const;

const PROMPTS: readonly PromptRule[] = [
  {
    ...base,
    id: 'permission.shell',
    type: 'bash',
    priority: 900,
    tool: 'shell',
    title: /^\s*Do you want to run this command\?/u,
    subject: [{ kind: 'line', re: /^\s*\$ (.+)$/u }],
  },
  {
    ...base,
    id: 'permission.edit',
    type: 'edit',
    priority: 890,
    tool: 'edit',
    title: /^\s*Do you want to (?:edit|make (?:this|these) edits? to) (?<subject>.+?)\?/u,
    subject: [{ kind: 'title' }],
  },
  {
    ...base,
    id: 'permission.write',
    type: 'write',
    priority: 880,
    tool: 'create',
    title: /^\s*Do you want to create (?<subject>.+?)\?/u,
    subject: [{ kind: 'title' }],
  },
  {
    ...base,
    id: 'permission.fetch',
    type: 'fetch',
    priority: 870,
    tool: 'web_fetch',
    title: /^\s*Do you want to (?:fetch|allow (?:access|fetching)).*\?/u,
    subject: [{ kind: 'line', re: /(https?:\/\/\S+)/u }],
  },
  {
    ...base,
    id: 'permission.mcp',
    type: 'mcp',
    priority: 860,
    tool: null,
    title: /^\s*Do you want to (?:run|allow) (?:the )?(?:MCP )?tool\b.*\?/iu,
  },
  {
    ...base,
    id: 'question.trust',
    kind: 'question',
    type: 'trust',
    priority: 800,
    tool: null,
    title: /^\s*Do you trust the files in this folder\?/u,
    subject: [{ kind: 'line', re: /^\s*(\/\S*|~\/\S*)\s*$/u }],
  },
];

/** GitHub Copilot CLI. */
export const COPILOT_PACK: RulePack = {
  agent: 'copilot',
  versions: '*',
  banners: [/GitHub Copilot CLI v?(?<version>\d+\.\d+\.\d+)/iu],
  layout: null,
  prompts: PROMPTS,
  states: [],
};
