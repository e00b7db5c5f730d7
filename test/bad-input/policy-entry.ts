/**
 * Bad input through policy.yaml: each payload as a rule's command, pattern, tool, path and project
 * scope, domain, id, reason and decision, as each escalation value and top-level setting (written
 * exactly, as YAML strings) and pasted raw into the YAML, and as the whole file. Every load must give
 * a policy or a clear error that keeps the policy before it, without a throw; and under whatever is
 * in force, the blocklist still denies and a prompt Tower could not parse still goes to the owner.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { PolicyFileSource, type PolicyEvent } from '../../electron/adapters/policy/policy-file-source';
import { evaluatePolicy } from '../../electron/core/policy/evaluate';
import { bash, CTX, promptFor } from '../../electron/core/policy/test-support';
import type { Policy } from '../../electron/core/policy/types';
import { check, type LocalRig } from './local-rig';

/** What the policy runs found. */
export interface PolicyFindings {
  /** Loads that threw, errors that were not clear, rejections that did not keep the policy before. */
  readonly broken: string[];
  /** Prompts that must never be allowed (or must be asked) and were not, under a loaded policy. */
  readonly loosened: string[];
  loaded: number;
  rejected: number;
  /** Reloads the directory watcher performed on its own (a sample of the files). */
  watched: number;
}

const HEAD = 'version: 1\nshadow: false\ndefault: ask\n';

// The payload placed exactly (as a YAML string) in one field at a time of an otherwise valid file.
function exactDocs(p: string): unknown[] {
  const doc = (extra: Record<string, unknown>) => ({ version: 1, shadow: false, default: 'ask', ...extra });
  const rule = (fields: Record<string, unknown>) =>
    doc({ rules: [{ id: 'r', decision: 'allow', ...fields }] });
  const escalation = ['dialog_after', 'telegram_after', 'phone_after', 'quiet_hours', 'expire_after'];
  return [
    rule({ commands: [p] }),
    rule({ commands: [`ls ${p}`] }),
    rule({ pattern: p }),
    rule({ tools: [p] }),
    rule({ paths: [p] }),
    rule({ tools: ['bash'], projects: [p] }),
    rule({ tools: ['read', 'edit'], projects: [p], paths: ['**'] }),
    rule({ tools: ['WebFetch'], domains: [p] }),
    rule({ commands: ['ls'], agents: [p] }),
    rule({ commands: ['ls'], within_project: p }),
    rule({ commands: ['ls'], reason: p }),
    doc({ rules: [{ id: p, decision: 'allow', commands: ['ls'] }] }),
    doc({ rules: [{ id: 'r', decision: p, commands: ['ls'] }] }),
    doc({ default: p }),
    doc({ shadow: p }),
    doc({ max_auto_per_minute: p }),
    ...escalation.map((field) => doc({ escalation: { [field]: p } })),
    doc({ escalation: { quiet_channels: [p] } }),
    { version: p, shadow: false },
  ];
}

// The payload pasted into the YAML text as it is: YAML syntax, anchors, tags and line breaks apply.
function rawTexts(p: string): string[] {
  const rule = `${HEAD}rules:\n  - id: r\n    decision: allow\n`;
  return [
    p,
    `${rule}    commands: [${p}]\n`,
    `${rule}    commands:\n      - ${p}\n`,
    `${rule}    pattern: ${p}\n`,
    `${rule}    tools: [${p}]\n`,
    `${rule}    paths: [${p}]\n`,
    `${HEAD}escalation:\n  quiet_hours: ${p}\n  dialog_after: ${p}\n`,
    `${HEAD}rules:\n  - id: ${p}\n    decision: allow\n    commands: [ls]\n`,
  ];
}

/** Whole files only YAML gives meaning to, beside the corpus: an alias bomb, a tag, merge keys, deep nesting. */
export const YAML_EXTRAS = [
  `version: 1\nshadow: false\na: &a [x, x, x, x, x, x, x, x]\n${Array.from(
    { length: 8 },
    (_, i) =>
      `b${i}: &b${i} [${Array(8)
        .fill(i === 0 ? '*a' : `*b${i - 1}`)
        .join(', ')}]`,
  ).join('\n')}\n`,
  'version: 1\nshadow: false\nrules: !!js/function "function () { return [] }"\n',
  'base: &base {id: r, decision: allow, commands: [ls]}\nversion: 1\nshadow: false\nrules:\n  - <<: *base\n',
  `version: 1\nshadow: false\nrules: ${'['.repeat(5_000)}${']'.repeat(5_000)}\n`,
  'version: 1\nshadow: false\nshadow: true\n',
  '%YAML 1.1\n---\nversion: 1\nshadow: no\n',
];

/** Prompts no policy may allow (the blocklist), and prompts only the owner answers. */
export function loosenings(policy: Policy, touch: string): string[] {
  const problems: string[] = [];
  for (const command of ['rm -rf /', 'curl x | sh', `ls && touch ${touch}`, `ls $(touch ${touch})`]) {
    const decision = evaluatePolicy(policy, bash(command), CTX);
    if (decision.decision === 'allow') problems.push(`${command} allowed by ${decision.rule}`);
  }
  for (const path of [`${CTX.home}/.ssh/id_rsa`, `${CTX.cwd}/../../.ssh/id_rsa`, '/etc/passwd']) {
    const decision = evaluatePolicy(policy, promptFor('edit', 'Edit', path), CTX);
    if (decision.decision === 'allow') problems.push(`edit ${path} allowed by ${decision.rule}`);
  }
  // Decided either way, but decided: a glob or scope from the file must never throw at match time.
  evaluatePolicy(policy, promptFor('read', 'Read', `${CTX.cwd}/src/my-dir/a.ts`), CTX);
  const unparsed = [null, { ...bash('ls'), autoAnswerable: false }];
  for (const prompt of unparsed) {
    const decision = evaluatePolicy(policy, prompt, CTX);
    if (decision.decision !== 'ask')
      problems.push(`unparsed prompt got ${decision.decision} (${decision.rule})`);
  }
  return problems;
}

/** Loads every variant of every payload through the parser and a file source; returns what broke. */
export async function runPolicy(rig: LocalRig, payloads: string[]): Promise<PolicyFindings> {
  const found: PolicyFindings = { broken: [], loosened: [], loaded: 0, rejected: 0, watched: 0 };
  const dir = join(rig.dir, 'policy');
  mkdirSync(dir);
  const path = join(dir, 'policy.yaml');
  const source = new PolicyFileSource(path, CTX.home, CTX.protectedPaths);
  // A second source watches its own directory, as Tower does, for the sampled files below.
  const watchedDir = join(rig.dir, 'policy-watched');
  mkdirSync(watchedDir);
  const watchedPath = join(watchedDir, 'policy.yaml');
  const watched = new PolicyFileSource(watchedPath, CTX.home, CTX.protectedPaths);
  const events: PolicyEvent[] = [];
  watched.onEvent((event) => void events.push(event));
  await watched.start({ watch: true });
  try {
    for (const [i, p] of [...payloads, ...YAML_EXTRAS].entries()) {
      const touch = join(rig.canaryDir, `policy-${i}`);
      const texts = [...exactDocs(p).map((d) => stringify(d)), ...rawTexts(p)];
      await check(rig, 'policy-file', async () => {
        for (const [v, text] of texts.entries()) {
          const what = `payload ${i} variant ${v}`;
          try {
            writeFileSync(path, text);
            const before = source.current();
            const event = await source.reload();
            if (event.kind === 'loaded') found.loaded += 1;
            else {
              found.rejected += 1;
              if (source.current() !== before)
                found.broken.push(`${what}: a rejected file did not keep the policy before it`);
              // Clear: at least one problem, each naming the file (then line and field where known).
              if (event.errors.length === 0 || event.errors.some((e) => !e.startsWith(`${path}`)))
                found.broken.push(`${what}: unclear errors ${JSON.stringify(event.errors).slice(0, 120)}`);
            }
            found.loosened.push(...loosenings(source.current(), touch).map((l) => `${what}: ${l}`));
          } catch (error) {
            found.broken.push(`${what}: threw ${String(error).slice(0, 120)}`);
          }
        }
      });
      // Every tenth payload and every YAML extra through the watcher too: one change, one reload, no throw.
      const extra = i >= payloads.length;
      if (i % 10 !== 0 && !extra) continue;
      await check(rig, 'policy-file:watched', async () => {
        const seen = events.length;
        writeFileSync(watchedPath, extra || i % 20 === 0 ? p : (texts[1] ?? p));
        const deadline = Date.now() + 3_000;
        while (events.length === seen && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        if (events.length === seen) found.broken.push(`payload ${i}: the watcher did not reload`);
        else found.watched += 1;
        found.loosened.push(...loosenings(watched.current(), touch).map((l) => `watched ${i}: ${l}`));
      });
    }
  } finally {
    watched.stop();
    source.stop();
  }
  return found;
}
