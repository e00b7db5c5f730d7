/**
 * A permission request's structured tool input as a PromptView, so the SAME policy engine that reads
 * screen prompts decides it. The subject is the exact field the agent will act on (Bash `command`,
 * Edit/Write/Read `file_path`, WebFetch `url`), never the model-written `description`.
 */
import type { PromptOptionView, PromptView } from '../../contract/dto';
import { sha256Hex } from '../detection/sha256';
import type { HookTool } from './hook-event';

// Claude Code tool name → the prompt type the screen rules use, and the input field that is the subject.
const KNOWN: Readonly<Record<string, { readonly type: string; readonly field: string }>> = {
  Bash: { type: 'bash', field: 'command' },
  Edit: { type: 'edit', field: 'file_path' },
  MultiEdit: { type: 'edit', field: 'file_path' },
  Write: { type: 'write', field: 'file_path' },
  Read: { type: 'read', field: 'file_path' },
  NotebookEdit: { type: 'notebook', field: 'notebook_path' },
  WebFetch: { type: 'fetch', field: 'url' },
};

// A hook answer with no `updatedPermissions` approves this one call only: the "yes, once" row.
const ONCE: readonly PromptOptionView[] = [
  { label: 'Yes', keys: [], selected: true, remembers: false, role: 'approve' },
  { label: 'No', keys: [], selected: false, remembers: false, role: 'deny' },
];

/** The prompt a permission request stands for; unknown tools become owner-only `tool` prompts. */
export function promptFromHook(tool: HookTool): PromptView {
  const known = KNOWN[tool.name];
  const mcp = /^mcp__[\w.-]+__[\w.-]+$/u.test(tool.name);
  const raw = known ? tool.input[known.field] : undefined;
  const subject = known ? (typeof raw === 'string' ? raw : null) : mcp ? tool.name : null;
  const type = known?.type ?? (mcp ? 'mcp' : 'tool');
  return {
    kind: 'permission',
    type,
    tool: tool.name,
    subject,
    question: `${tool.name} (hook)`,
    options: ONCE,
    fingerprint: `hook:${sha256Hex(JSON.stringify([tool.name, subject]))}`,
    // A tool Tower does not know the shape of is only ever answered by the owner.
    autoAnswerable: (known !== undefined || mcp) && subject !== null,
  };
}

/** The subject a screen prompt and a hook request must share to be the same request. */
export function sameRequest(hook: PromptView, screen: PromptView): boolean {
  if (hook.subject === null || screen.subject === null) return false;
  const tool = (p: PromptView) => (p.tool ?? p.type).toLowerCase();
  return tool(hook) === tool(screen) && hook.subject.trim() === screen.subject.trim();
}
