/**
 * Reading policy.yaml: parse the YAML, validate it (contract schema), compile it (core), and report
 * any problem with the line and the field, so an owner can fix it.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { isNode, LineCounter, parseDocument } from 'yaml';
import type { Policy, PolicyIssue } from '../../core/policy';
import { validatePolicy } from '../../core/policy';
import { DEFAULT_POLICY_YAML } from './default-policy';

/** A loaded policy, or the problems that stopped it loading (each naming line and field). */
export type PolicyLoad =
  { readonly ok: true; readonly policy: Policy } | { readonly ok: false; readonly errors: readonly string[] };

/** Where policy.yaml lives: TOWER_POLICY, else `<TOWER_HOME>/policy.yaml`. */
export function policyPath(env: Readonly<Record<string, string | undefined>>, towerHome: string): string {
  const configured = env.TOWER_POLICY;
  return configured !== undefined && configured !== '' ? configured : join(towerHome, 'policy.yaml');
}

/** Parses policy text; `source` names the file in messages and explanations. */
export function parsePolicyText(text: string, source: string): PolicyLoad {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      ok: false,
      errors: doc.errors.map((e) => {
        const at = lines.linePos(e.pos[0]);
        return `${source}:${at.line}:${at.col}: ${e.message.split('\n')[0] ?? e.message}`;
      }),
    };
  }
  let result: ReturnType<typeof validatePolicy>;
  try {
    result = validatePolicy(doc.toJS({ maxAliasCount: 50 }), source);
  } catch (error) {
    // toJS throws (not reports) on an alias bomb; a throw here escaped the file watcher as an
    // unhandled rejection and failed Tower's start, where a bad file must keep the last policy.
    return { ok: false, errors: [`${source}: ${error instanceof Error ? error.message : String(error)}`] };
  }
  if (result.ok) return { ok: true, policy: result.policy };
  return { ok: false, errors: result.issues.map((issue) => describeIssue(issue, doc, lines, source)) };
}

function describeIssue(
  issue: PolicyIssue,
  doc: ReturnType<typeof parseDocument>,
  lines: LineCounter,
  source: string,
): string {
  // The deepest node that exists on the issue's path: a missing field points at its parent.
  let line: number | null = null;
  for (let depth = issue.path.length; depth >= 0 && line === null; depth--) {
    const node: unknown = depth === 0 ? doc.contents : doc.getIn(issue.path.slice(0, depth), true);
    if (isNode(node) && node.range) line = lines.linePos(node.range[0]).line;
  }
  const field = issue.path.length === 0 ? '(top level)' : issue.path.join('.');
  return `${source}${line === null ? '' : `:${line}`}: ${field}: ${issue.message}`;
}

/** Reads and parses the policy file. A missing or unreadable file is an error, not an empty policy. */
export async function readPolicyFile(path: string): Promise<PolicyLoad> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return {
      ok: false,
      errors: [`${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`],
    };
  }
  return parsePolicyText(text, path);
}

/** Writes the commented default policy if there is no file yet (atomically, owner-only). True if written. */
export async function ensurePolicyFile(path: string): Promise<boolean> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(tmp, 'wx', 0o600);
  try {
    await handle.writeFile(DEFAULT_POLICY_YAML);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    // link() is atomic and fails if the file exists: an owner's policy is never replaced, and a crash
    // leaves either no policy.yaml or a complete one.
    await link(tmp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(tmp, { force: true });
  }
}
