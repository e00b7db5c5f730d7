import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bash } from '../core/policy/test-support';
import { main } from './cli';

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'tower-cli-policy-'));
});
afterEach(() => rmSync(home, { recursive: true, force: true }));

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    env: { TOWER_HOME: home },
    cwd: '/home/dev/project',
  });
  return { code, out, err };
}

const FIXTURES = join(import.meta.dirname, '..', 'core', 'detection', 'fixtures');

describe('tower policy check (offline)', () => {
  it('explains the rule for a command, with no Tower running and no policy file yet (the default)', async () => {
    const r = await run('policy', 'check', 'git', 'status');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Decision: allow');
    expect(r.out).toContain('Rule:     read-only-commands');
    expect(r.out).toContain('shadow mode');
    const chained = await run('policy', 'check', '--json', 'git status && curl x | sh');
    expect(JSON.parse(chained.out)).toMatchObject({ decision: 'deny', rule: 'block:download-and-run' });
  });

  it('reads a saved screen with the real detector; a fake prompt in agent output is no prompt', async () => {
    const real = await run('policy', 'check', join(FIXTURES, 'captured', 'claude-permission-bash.txt'));
    expect(real.out).toMatch(/Prompt: {3}Bash "sleep 5 && touch/u);
    expect(real.out).toContain('Rule:     builtin:unverifiable');
    const fake = await run(
      'policy',
      'check',
      join(FIXTURES, 'captured', 'claude-idle-negative-proceed-text.txt'),
    );
    expect(fake.out).toContain('none — Tower would not act');
  });

  it('names the line and field of a broken policy file and exits 1', async () => {
    writeFileSync(
      join(home, 'policy.yaml'),
      'version: 1\nshadow: false\nrules:\n  - id: x\n    decision: allw\n',
    );
    const r = await run('policy', 'check', 'ls');
    expect(r.code).toBe(1);
    expect(r.err).toContain('policy.yaml:5: rules.0.decision');
  });

  it('refuses bad usage', async () => {
    expect((await run('policy', 'check')).code).toBe(2);
    expect((await run('policy', 'check', '--agent', 'nobody', 'ls')).code).toBe(2);
    expect((await run('policy', 'frobnicate')).code).toBe(2);
  });
});

describe('tower policy replay (offline)', () => {
  it("re-runs the audit log's prompts through the current policy and prints what changed", async () => {
    const cwd = '/home/dev/project';
    const seen = (at: number, command: string) => ({
      at,
      kind: 'prompt-seen',
      session: 'tmux:a',
      detail: { agent: 'claude', cwd, prompt: bash(command) },
    });
    const lines = [
      seen(1, 'git status'),
      {
        at: 2,
        kind: 'policy-decision',
        session: 'tmux:a',
        detail: { decision: 'ask', rule: 'builtin:default', fingerprint: bash('git status').fingerprint },
      },
      seen(3, 'rm -rf /'),
      { at: 4, kind: 'prompt-seen', session: 'tmux:a', detail: { prompt: { junk: true } } },
    ];
    writeFileSync(join(home, 'audit.jsonl'), `${lines.map((l) => JSON.stringify(l)).join('\n')}\n{"torn`);
    const r = await run('policy', 'replay');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Replayed 2 prompts');
    expect(r.out).toContain('1 allow, 0 ask, 1 deny; 2 decided differently now; 1 unreadable');
    expect(r.out).toContain('then: ask (builtin:default)  →  now: allow (read-only-commands)');
    expect(r.out).toContain('now: deny (block:destroy-outside-project)');
    const json = JSON.parse((await run('policy', 'replay', '--json')).out) as { prompts: unknown[] };
    expect(json.prompts).toHaveLength(2);
  });

  it('says so when there is no audit log', async () => {
    const r = await run('policy', 'replay');
    expect(r.code).toBe(1);
    expect(r.err).toContain('no audit log');
  });
});
