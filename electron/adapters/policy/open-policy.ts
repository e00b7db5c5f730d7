/**
 * Opens the policy a Tower process runs with: policy.yaml at its configured path (the default written
 * on first start), watched for changes, every load and rejection written to the audit log and told
 * to the owner on stderr. Tower's own home and the policy file are protected from every agent.
 */
import { homedir } from 'node:os';
import type { AuditSink } from '../../core/ports';
import { PolicyFileSource, type PolicyEvent } from './policy-file-source';
import { policyPath } from './policy-file';

/** What opening the policy needs. */
export interface OpenPolicyOptions {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly towerHome: string;
  readonly audit: AuditSink;
  /** Where to tell the owner about a rejected file (stderr). */
  readonly warn: (line: string) => void;
  readonly watch?: boolean;
}

/** Loads (or creates) policy.yaml and keeps it current. Never throws for a bad file: it fails closed. */
export async function openPolicy(options: OpenPolicyOptions): Promise<PolicyFileSource> {
  const path = policyPath(options.env, options.towerHome);
  const protectedPaths = [...new Set([options.towerHome, path])];
  const source = new PolicyFileSource(path, homedir(), protectedPaths);
  source.onEvent((event) => void report(event, source, options));
  await source.start({ watch: options.watch ?? true });
  return source;
}

async function report(
  event: PolicyEvent,
  source: PolicyFileSource,
  options: OpenPolicyOptions,
): Promise<void> {
  const policy = source.current();
  if (event.kind === 'rejected') {
    options.warn(
      `Tower: policy ${event.path} was not loaded; still using ${event.kept}:\n  ${event.errors.join('\n  ')}\n`,
    );
  }
  await options.audit
    .append({
      at: Date.now(),
      kind: event.kind === 'loaded' ? 'policy-loaded' : 'policy-rejected',
      detail:
        event.kind === 'loaded'
          ? { path: event.path, created: event.created, shadow: policy.shadow, rules: policy.rules.length }
          : { path: event.path, errors: event.errors, kept: event.kept },
    })
    .catch(() => undefined);
}
