/**
 * Every rule pack Tower ships, in the order packs are tried when no agent is known.
 */
import type { RulePack } from '../rule-types';
import { AIDER_PACK } from './aider';
import { AMP_PACK } from './amp';
import { CLAUDE_PACK } from './claude';
import { CODEX_PACK } from './codex';
import { COPILOT_PACK } from './copilot';
import { CURSOR_PACK } from './cursor';
import { GEMINI_PACK } from './gemini';
import { OPENCODE_PACK } from './opencode';

/** All packs. Add a new agent version's pack here (newest first within an agent). */
export const RULE_PACKS: readonly RulePack[] = [
  CLAUDE_PACK,
  CODEX_PACK,
  GEMINI_PACK,
  COPILOT_PACK,
  CURSOR_PACK,
  OPENCODE_PACK,
  AMP_PACK,
  AIDER_PACK,
];
