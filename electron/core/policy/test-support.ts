/**
 * Prompts, contexts and a sample policy for the policy engine's tests (not shipped: test-only helper).
 */
import type { PromptView } from '../../contract/dto';
import type { PolicyDocument } from '../../contract/policy';
import { compilePolicy } from './compile';
import type { Policy, PolicyContext } from './types';

const OPTIONS: PromptView['options'] = [
  { label: 'Yes', keys: ['1'], selected: true, remembers: false, role: 'approve' },
  {
    label: "Yes, and don't ask again",
    keys: ['2'],
    selected: false,
    remembers: true,
    role: 'approve-remember',
  },
  { label: 'No', keys: ['3'], selected: false, remembers: false, role: 'deny' },
];

/** A permission prompt of `type` for `tool` about `subject`. */
export function promptFor(type: string, tool: string | null, subject: string | null): PromptView {
  return {
    kind: 'permission',
    type,
    tool,
    subject,
    question: 'Do you want to proceed?',
    options: OPTIONS,
    fingerprint: `fp:${type}:${subject ?? ''}`,
    autoAnswerable: true,
  };
}

/** A Claude Bash prompt for `command`. */
export const bash = (command: string): PromptView => promptFor('bash', 'Bash', command);

/** The project, home and Tower home the tests run in. */
export const CTX: PolicyContext = {
  agent: 'claude',
  cwd: '/home/dev/project',
  home: '/home/dev',
  protectedPaths: ['/home/dev/.tower'],
};

/** A policy close to what an owner writes: safe reads allowed, tests allowed, pushes asked. */
export const SAMPLE_DOCUMENT: PolicyDocument = {
  version: 1,
  shadow: false,
  default: 'ask',
  max_auto_per_minute: 20,
  rules: [
    {
      id: 'read-only',
      decision: 'allow',
      tools: ['bash'],
      commands: ['ls', 'pwd', 'git status', 'git diff'],
    },
    { id: 'cat-in-project', decision: 'allow', commands: ['cat', 'head', 'wc'], within_project: true },
    { id: 'tests', decision: 'allow', commands: ['npm run test*'] },
    { id: 'push-asks', decision: 'ask', commands: ['git push'], reason: 'pushes leave the machine' },
    { id: 'no-npx', decision: 'deny', commands: ['npx'] },
    { id: 'edit-src', decision: 'allow', tools: ['edit', 'write'], paths: ['src/**'] },
    { id: 'read-project', decision: 'allow', tools: ['read'], paths: ['**'] },
    {
      id: 'docs-fetch',
      decision: 'allow',
      tools: ['WebFetch'],
      domains: ['docs.python.org', '*.mozilla.org'],
    },
    { id: 'codex-only', decision: 'allow', agents: ['codex'], commands: ['make'] },
    { id: 'mcp-read', decision: 'allow', tools: ['mcp__github__get_*'] },
  ],
};

/** SAMPLE_DOCUMENT compiled. */
export const SAMPLE: Policy = compilePolicy(SAMPLE_DOCUMENT, 'test policy');
