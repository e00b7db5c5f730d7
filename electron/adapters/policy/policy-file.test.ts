import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { evaluatePolicy } from '../../core/policy';
import { bash, CTX } from '../../core/policy/test-support';
import { DEFAULT_POLICY_YAML } from './default-policy';
import { PolicyFileSource } from './policy-file-source';
import { ensurePolicyFile, parsePolicyText, policyPath } from './policy-file';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tower-policy-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('policy.yaml', () => {
  it('the default policy is valid, in shadow mode, allows a few reads and asks for the rest', () => {
    const load = parsePolicyText(DEFAULT_POLICY_YAML, 'policy.yaml');
    if (!load.ok) throw new Error(load.errors.join('\n'));
    expect(load.policy.shadow).toBe(true);
    const decide = (c: string) => evaluatePolicy(load.policy, bash(c), CTX);
    expect(decide('git status')).toMatchObject({ decision: 'allow', rule: 'read-only-commands' });
    expect(decide('ls -la src').decision).toBe('allow');
    expect(decide('ls /etc').decision).toBe('ask');
    expect(decide('npm install')).toMatchObject({ decision: 'ask', rule: 'builtin:default' });
    expect(decide('git push origin main')).toMatchObject({ decision: 'ask', rule: 'pushes-need-owner' });
  });

  it('names the line and the field of a bad value', () => {
    const text = 'version: 1\nshadow: false\nrules:\n  - id: a\n    decision: maybe\n';
    const load = parsePolicyText(text, 'p.yaml');
    expect(load.ok).toBe(false);
    if (!load.ok) expect(load.errors[0]).toMatch(/^p\.yaml:5: rules\.0\.decision: /u);
  });

  it('names the line of broken YAML, unknown fields, duplicate ids, bad regexes and default: allow', () => {
    const cases: [string, RegExp][] = [
      ['version: 1\nshadow: [true\n', /^p\.yaml:\d+:\d+: /u],
      [
        'version: 1\nshadow: false\nrules:\n  - id: a\n    decision: allow\n    comand: ls\n',
        /:4: rules\.0: /u,
      ],
      [
        'version: 1\nshadow: false\nrules:\n  - {id: a, decision: ask}\n  - {id: a, decision: ask}\n',
        /rules\.1\.id: duplicate/u,
      ],
      [
        'version: 1\nshadow: false\nrules:\n  - {id: a, decision: ask, pattern: "("}\n',
        /:4: rules\.0\.pattern: not a valid/u,
      ],
      ['version: 1\nshadow: false\ndefault: allow\n', /:3: default: /u],
      ['shadow: false\n', /version/u],
      ['', /\(top level\)/u],
    ];
    for (const [text, expected] of cases) {
      const load = parsePolicyText(text, 'p.yaml');
      expect(load.ok, text).toBe(false);
      if (!load.ok) expect(load.errors.join('\n')).toMatch(expected);
    }
  });

  it('an alias bomb is a clear error, not a throw', () => {
    const lines = ['version: 1', 'shadow: false', 'a: &a [x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 8; i++)
      lines.push(
        `b${i}: &b${i} [${Array(8)
          .fill(i === 0 ? '*a' : `*b${i - 1}`)
          .join(', ')}]`,
      );
    const load = parsePolicyText(lines.join('\n'), 'p.yaml');
    expect(load.ok).toBe(false);
    if (!load.ok) expect(load.errors[0]).toMatch(/^p\.yaml: .*alias/u);
  });

  it('writes the default once, owner-only, and never replaces an existing file', async () => {
    const path = policyPath({}, dir);
    expect(path).toBe(join(dir, 'policy.yaml'));
    expect(policyPath({ TOWER_POLICY: '/x/p.yaml' }, dir)).toBe('/x/p.yaml');
    expect(await ensurePolicyFile(path)).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    writeFileSync(path, 'mine');
    expect(await ensurePolicyFile(path)).toBe(false);
    expect(readFileSync(path, 'utf8')).toBe('mine');
  });
});

describe('PolicyFileSource', () => {
  it('fails closed at start on a bad file: ask everything, type nothing', async () => {
    const path = join(dir, 'policy.yaml');
    writeFileSync(path, 'version: 1\nshadow: nope\n');
    const source = new PolicyFileSource(path, '/home/dev', []);
    const event = await source.start({ watch: false });
    expect(event).toMatchObject({ kind: 'rejected' });
    expect(source.current().shadow).toBe(true);
    expect(evaluatePolicy(source.current(), bash('ls'), CTX).decision).toBe('ask');
  });

  it('keeps the last good policy when an edit breaks the file, and takes the next good one', async () => {
    const path = join(dir, 'policy.yaml');
    const source = new PolicyFileSource(path, '/home/dev', []);
    expect(await source.start({ watch: false })).toMatchObject({ kind: 'loaded', created: true });
    const good = source.current();
    writeFileSync(
      path,
      'version: 1\nshadow: false\nrules: [{id: x, decision: allow, commands: [rm]}]\ndefault: allow\n',
    );
    const rejected = await source.reload();
    expect(rejected).toMatchObject({ kind: 'rejected', kept: path });
    expect(source.current()).toBe(good);
    writeFileSync(path, 'version: 1\nshadow: false\n');
    expect(await source.reload()).toMatchObject({ kind: 'loaded' });
    expect(source.current().shadow).toBe(false);
  });

  it('reloads when the file changes on disk', async () => {
    const path = join(dir, 'policy.yaml');
    const source = new PolicyFileSource(path, '/home/dev', []);
    await source.start();
    const loaded = new Promise((resolve) => source.onEvent(resolve));
    writeFileSync(path, 'version: 1\nshadow: false\n');
    await expect(loaded).resolves.toMatchObject({ kind: 'loaded' });
    expect(source.current().shadow).toBe(false);
    source.stop();
  });
});

describe('realPathOf', () => {
  it('resolves links, including in the folders of a file that does not exist yet', async () => {
    const { mkdirSync, symlinkSync, realpathSync } = await import('node:fs');
    const { realPathOf } = await import('./real-path');
    const real = realpathSync(dir);
    mkdirSync(join(dir, 'project'));
    mkdirSync(join(dir, 'secret'));
    symlinkSync(join(dir, 'secret'), join(dir, 'project', 'docs'));
    expect(await realPathOf(join(dir, 'project', 'docs', 'new', 'file.txt'))).toBe(
      join(real, 'secret', 'new', 'file.txt'),
    );
    expect(await realPathOf(join(dir, 'project', 'a.txt'))).toBe(join(real, 'project', 'a.txt'));
  });
});
