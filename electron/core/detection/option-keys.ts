/**
 * Roles and keys of menu options: what choosing an option means, and which keys choose it.
 */
import type { Key, PromptOptionView } from '../../contract/dto';
import type { RawOption } from './options';
import type { KeyPolicy, PromptRule } from './rule-types';

type Role = PromptOptionView['role'];

// Checked in order on the normalised, lower-cased label. "Remember" first: "Yes, and don't ask again"
// also starts with "Yes". Anything widening future permissions counts as remembering; wrongly
// counting an option as remembering only means a plain approve will not pick it. Claude Code 2.x
// grants: "Yes, allow reading from X from this project", "Yes, and allow access to X and Y
// commands", "Yes, and allow X access and Y commands", "Yes, and keep allowing any reads outside
// the working directories", "Yes, allow unattended commands on X".
const REMEMBER =
  /\b(?:don't ask again|always|for this session|during this session|for the rest of|remember|in the future|all edits|for all projects|allow all|every session|for this conversation|auto-accept|auto mode|run everything|allowlist|(?:from|for|in) this project|allow access|access and|keep allowing|unattended)\b/u;
const DENY = /^(?:no|deny|reject|skip|don't trust|cancel|decline)\b/u;
const APPROVE = /^(?:yes|allow|approve|proceed|run|trust|submit)\b/u;

/** The role of an option by its label; rule overrides first. */
export function roleOf(label: string, rule: PromptRule): Role {
  const text = label.replace(/[’‘]/gu, "'").toLowerCase();
  for (const [re, role] of rule.roles ?? []) if (re.test(label)) return role;
  if (DENY.test(text)) return 'deny';
  if (APPROVE.test(text)) return REMEMBER.test(text) ? 'approve-remember' : 'approve';
  return 'other';
}

/** Maps an on-screen key hint (`y`, `esc`, `esc or n`) to the first key of the vocabulary it names. */
function hintKey(hint: string): Key | null {
  for (const part of hint.split(/\s+or\s+/u)) {
    if (part === 'y' || part === 'n') return part;
    if (part === 'esc') return 'Escape';
    if (part === 'enter') return 'Enter';
    if (part === 'tab') return 'Tab';
  }
  return null;
}

/** The keys that choose option `index` of `options` under `policy`; [] when Tower cannot type them. */
export function keysFor(options: readonly RawOption[], index: number, policy: KeyPolicy): readonly Key[] {
  const option = options[index];
  if (!option) return [];
  if (policy.escapeFor?.test(option.label)) return ['Escape'];
  if (policy.hints && option.hint) {
    const key = hintKey(option.hint);
    if (key) return policy.enterAfterLetter && key.length === 1 ? [key, 'Enter'] : [key];
  }
  if (policy.digits && option.number !== null && option.number >= 1 && option.number <= 9) {
    const digit = String(option.number) as Key;
    return policy.enterAfterDigit ? [digit, 'Enter'] : [digit];
  }
  const from = options.findIndex((o) => o.selected);
  if (policy.navigate && from >= 0) {
    const step: Key = index > from ? 'Down' : 'Up';
    return [...Array.from({ length: Math.abs(index - from) }, () => step), 'Enter'];
  }
  return [];
}
