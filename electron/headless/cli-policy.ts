/**
 * `tower policy check` and `tower policy replay`: offline, without a running Tower. They load the same
 * policy.yaml Tower would (TOWER_POLICY or $TOWER_HOME/policy.yaml; the default when there is none)
 * and run the same engine, so what they print is what Tower would do.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AgentKind, PromptView } from '../contract/dto';
import { DEFAULT_POLICY_YAML } from '../adapters/policy/default-policy';
import { parsePolicyText, policyPath } from '../adapters/policy/policy-file';
import { detect, parseFixture } from '../core/detection';
import type { Policy, PolicyContext, PolicyDecision } from '../core/policy';
import { evaluatePolicy, onScreen } from '../core/policy';
import { CliFailure, EXIT } from './cli-commands';
import { cleanText, safeJson } from './cli-format';
import { towerHome, type RuntimeEnv } from './runtime-file';

/** `tower policy check <file-or-command>` options. */
export interface PolicyCheckArgs {
  readonly target: string;
  readonly agent: AgentKind | undefined;
  readonly cwd: string | undefined;
}

interface Loaded {
  readonly policy: Policy;
  readonly note: string;
}

/** Loads the policy Tower would use; a broken file is a failure that names line and field. */
function loadPolicy(env: RuntimeEnv): Loaded {
  const home = towerHome(env);
  const path = policyPath(env, home);
  if (!existsSync(path)) {
    const load = parsePolicyText(DEFAULT_POLICY_YAML, 'the default policy');
    if (!load.ok) throw new CliFailure(EXIT.error, load.errors.join('\n'));
    return { policy: load.policy, note: `no ${path} yet; using the default Tower writes on first start` };
  }
  return { policy: fromFile(path), note: path };
}

function fromFile(path: string): Policy {
  const text = readFileSync(path, 'utf8');
  const load = parsePolicyText(text, path);
  if (!load.ok) {
    throw new CliFailure(
      EXIT.error,
      `${path} is not a valid policy (Tower would keep its last good policy, or ask for everything):\n  ${load.errors.map(cleanText).join('\n  ')}`,
    );
  }
  return load.policy;
}

function contextFor(env: RuntimeEnv, agent: AgentKind | null, cwd: string | null): PolicyContext {
  const home = towerHome(env);
  return { agent, cwd, home: homedir(), protectedPaths: [home, policyPath(env, home)] };
}

/** A Bash permission prompt for a command typed on the command line. */
function commandPrompt(command: string): PromptView {
  return {
    kind: 'permission',
    type: 'bash',
    tool: 'Bash',
    subject: command,
    question: '(command given to tower policy check)',
    // The plain Yes / No of an agent's Bash dialog, so the check sees what auto-approval would select.
    options: [
      { label: 'Yes', keys: ['1'], selected: true, remembers: false, role: 'approve' },
      { label: 'No', keys: ['2'], selected: false, remembers: false, role: 'deny' },
    ],
    fingerprint: 'cli',
    autoAnswerable: true,
  };
}

/** Runs `tower policy check`. */
export function policyCheck(args: PolicyCheckArgs, env: RuntimeEnv, cwd: string, json: boolean): string {
  const { policy, note } = loadPolicy(env);
  const file = resolve(cwd, args.target);
  const project = args.cwd === undefined ? cwd : resolve(cwd, args.cwd);
  let prompt: PromptView | null;
  let source: string;
  let lines: readonly string[] | null = null;
  let agent: AgentKind | null = args.agent ?? null;
  if (existsSync(file) && statSync(file).isFile()) {
    const fixture = parseFixture(file, readFileSync(file, 'utf8'));
    const hint = args.agent ? { kind: args.agent, version: null } : fixture.hint;
    const detection = detect(fixture.lines, hint);
    agent = hint.kind ?? detection.agent;
    prompt = detection.prompt;
    lines = fixture.lines;
    source = `screen ${file} (detected: ${detection.state})`;
  } else {
    prompt = commandPrompt(args.target);
    source = 'command text, read as a Bash prompt';
  }
  const evaluated = evaluatePolicy(policy, prompt, contextFor(env, agent, project));
  const decision = prompt && lines ? onScreen(evaluated, prompt, lines) : evaluated;
  if (json)
    return safeJson({ policy: note, shadow: policy.shadow, source, agent, project, prompt, ...decision });
  return [
    `Policy:   ${cleanText(note)}${policy.shadow ? '  (shadow mode: Tower would type nothing)' : ''}`,
    `Input:    ${cleanText(source)}`,
    `Prompt:   ${prompt ? cleanText(`${prompt.tool ?? prompt.type} ${JSON.stringify(prompt.subject)}`) : 'none — Tower would not act'}`,
    `Context:  agent ${agent ?? 'unknown (--agent)'}, project ${cleanText(project)} (--cwd)`,
    `Decision: ${decision.decision}`,
    `Rule:     ${decision.rule}`,
    `Why:      ${cleanText(decision.explanation)}`,
  ].join('\n');
}

interface Replayed {
  readonly at: number;
  readonly session: string;
  readonly subject: string;
  readonly before: string | null;
  readonly now: PolicyDecision;
}

/** Runs `tower policy replay`: the audit log's prompts through the current policy. */
export function policyReplay(env: RuntimeEnv, json: boolean, all: boolean): string {
  const { policy, note } = loadPolicy(env);
  const auditPath = join(towerHome(env), 'audit.jsonl');
  if (!existsSync(auditPath)) throw new CliFailure(EXIT.error, `no audit log at ${auditPath}`);
  const records = readRecords(auditPath);
  const decided = new Map<string, string>();
  for (const r of records) {
    if (r.kind === 'policy-decision' && typeof r.detail.fingerprint === 'string')
      decided.set(
        `${r.session}\u0000${r.detail.fingerprint}`,
        `${String(r.detail.decision)} (${String(r.detail.rule)})`,
      );
  }
  const replayed: Replayed[] = [];
  let unreadable = 0;
  for (const r of records) {
    if (r.kind !== 'prompt-seen') continue;
    const prompt = asPrompt(r.detail.prompt);
    if (!prompt) {
      unreadable += 1;
      continue;
    }
    const agent = typeof r.detail.agent === 'string' ? (r.detail.agent as AgentKind) : null;
    const cwd = typeof r.detail.cwd === 'string' ? r.detail.cwd : null;
    replayed.push({
      at: r.at,
      session: r.session,
      subject: `${prompt.tool ?? prompt.type} ${JSON.stringify(prompt.subject)}`,
      before: decided.get(`${r.session}\u0000${prompt.fingerprint}`) ?? null,
      now: evaluatePolicy(policy, prompt, contextFor(env, agent, cwd)),
    });
  }
  const changed = replayed.filter((r) => r.before === null || !r.before.startsWith(`${r.now.decision} `));
  if (json) return safeJson({ policy: note, shadow: policy.shadow, unreadable, prompts: replayed });
  const counts = (['allow', 'ask', 'deny'] as const).map(
    (d) => `${replayed.filter((r) => r.now.decision === d).length} ${d}`,
  );
  const lines = (all ? replayed : changed).map(
    (r) =>
      `${new Date(r.at).toISOString()}  ${cleanText(r.subject).slice(0, 70)}\n    then: ${r.before ?? '(no policy decision recorded)'}  →  now: ${r.now.decision} (${r.now.rule}): ${cleanText(r.now.explanation)}`,
  );
  return [
    `Policy: ${cleanText(note)}${policy.shadow ? '  (shadow mode)' : ''}`,
    `Replayed ${replayed.length} prompts from ${auditPath}: ${counts.join(', ')}; ${changed.length} decided differently now${unreadable ? `; ${unreadable} unreadable` : ''}.`,
    ...lines,
  ].join('\n');
}

interface AuditLine {
  readonly at: number;
  readonly kind: string;
  readonly session: string;
  readonly detail: Record<string, unknown>;
}

function readRecords(path: string): AuditLine[] {
  const out: AuditLine[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      const r = JSON.parse(line) as Partial<AuditLine>;
      if (typeof r.kind === 'string' && typeof r.at === 'number' && r.detail && typeof r.detail === 'object')
        out.push({ at: r.at, kind: r.kind, session: String(r.session ?? ''), detail: r.detail });
    } catch {
      // a torn last line: the audit verifier reports it; replay skips it
    }
  }
  return out;
}

function asPrompt(value: unknown): PromptView | null {
  if (!value || typeof value !== 'object') return null;
  const p = value as Partial<PromptView>;
  const ok =
    (p.kind === 'permission' || p.kind === 'question') &&
    typeof p.type === 'string' &&
    typeof p.fingerprint === 'string' &&
    typeof p.autoAnswerable === 'boolean' &&
    (p.subject === null || typeof p.subject === 'string') &&
    (p.tool === null || typeof p.tool === 'string');
  return ok ? ({ question: '', options: [], ...p } as PromptView) : null;
}
