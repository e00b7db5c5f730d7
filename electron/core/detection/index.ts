/**
 * State detection: the module's public API.
 */
export { detect, bannerOf, packsFor } from './detect';
export { identifyAgent } from './identify-agent';
export type { AgentFacts } from './identify-agent';
export { accuracy, formatAccuracy } from './accuracy';
export type { AccuracyReport, AccuracyRow, Miss } from './accuracy';
export { parseFixture } from './fixture-format';
export type { Fixture } from './fixture-format';
export { sha256Hex } from './sha256';
export { RULE_PACKS } from './rules';
export type { AgentHint, Detection } from './types';
export type { RulePack, PromptRule, StateRule, Region, Matcher } from './rule-types';
