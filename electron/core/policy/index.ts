/**
 * The policy engine: the module's public API.
 */
export { evaluatePolicy } from './evaluate';
export { onScreen } from './auto-approver';
export { askEverything, compilePolicy } from './compile';
export { validatePolicy } from './validate';
export type { PolicyIssue, PolicyValidation } from './validate';
export { parseSimpleCommand } from './shell-words';
export type { SimpleCommand } from './shell-words';
export type { Policy, PolicyContext, PolicyDecision, PolicyProvider, PolicyRule } from './types';
