import { appendFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { JsonlAuditSink } from '../adapters/storage/jsonl-audit-sink';
import { parseArgs, UsageError } from './cli-args';
import { main } from './cli';

let home = '';
let log = '';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    env: { TOWER_HOME: home },
    cwd: home,
  });
  return { code, out, err };
}

beforeEach(async () => {
  home = await mkdtemp(join(tmpdir(), 'tower-cli-audit-'));
  log = join(home, 'audit.jsonl');
  const sink = new JsonlAuditSink(log);
  await sink.append({ at: Date.UTC(2026, 10, 22, 5), kind: 'lockdown-engaged', channel: 'cli', detail: {} });
  await sink.append({
    at: Date.UTC(2026, 10, 22, 5, 1),
    kind: 'typed',
    session: 'tmux:%3',
    detail: { text: 'ls \u001b]0;owned\u0007\u001b[2J \u202eevil\u009b31m' },
  });
  await sink.append({
    at: Date.UTC(2026, 10, 22, 5, 2),
    kind: 'lockdown-lifted',
    channel: 'tray',
    detail: {},
  });
  await sink.close();
});

describe('tower audit verify', () => {
  it('says OK with the record count and last hash, without a running Tower', async () => {
    const last = JSON.parse((await readFile(log, 'utf8')).trimEnd().split('\n')[2] ?? '') as { hash: string };
    const { code, out } = await run('audit', 'verify');
    expect(code).toBe(0);
    expect(out).toContain('OK: 3 records, hash chain intact.');
    expect(out).toContain(`seq 3, hash ${last.hash}`);
  });

  it('names the first broken line and exits 1', async () => {
    const lines = (await readFile(log, 'utf8')).trimEnd().split('\n');
    await writeFile(join(home, 'cut.jsonl'), `${[lines[0], lines[2]].join('\n')}\n`);
    const cut = await run('audit', 'verify', '--file', 'cut.jsonl');
    expect(cut.code).toBe(1);
    expect(cut.out).toMatch(/^BROKEN: line 2: has seq 3 where 2 was expected/);
    await appendFile(log, '{"at":');
    expect((await run('audit', 'verify')).out).toMatch(/^BROKEN: line 4: is incomplete/);
    expect(JSON.parse((await run('audit', 'verify', '--json')).out)).toMatchObject({
      ok: false,
      line: 4,
      problem: 'torn',
    });
  });

  it('fails clearly when there is no log', async () => {
    const { code, err } = await run('audit', 'verify', '--file', 'nope.jsonl');
    expect(code).toBe(1);
    expect(err).toContain('no audit log at');
  });
});

describe('tower audit tail', () => {
  it('prints the last records readably, with attacker-controlled text made inert', async () => {
    const { code, out } = await run('audit', 'tail', '-n', '2');
    expect(code).toBe(0);
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^ +2 {2}2026-11-22T05:01:00\.000Z {2}typed {2}session tmux:%3 {2}\{"text":"ls /,
    );
    expect(lines[1]).toMatch(/^ +3 .* lockdown-lifted {2}via tray/);
    // No raw escape, C1 or bidi character reaches the owner's terminal.
    // eslint-disable-next-line no-control-regex
    expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
  });

  it('marks edited and torn lines, and prints JSON on request', async () => {
    await writeFile(log, (await readFile(log, 'utf8')).replace('lockdown-lifted', 'lockdown-liftet'));
    await appendFile(log, '{"at":');
    const { out } = await run('audit', 'tail');
    expect(out).toMatch(/^! +3 /m);
    expect(out).toContain('torn last line (6 bytes without a newline)');
    const json = JSON.parse((await run('audit', 'tail', '-n', '1', '--json')).out) as { seq: number }[];
    expect(json.map((r) => r.seq)).toEqual([3]);
  });
});

describe('parseArgs audit', () => {
  it('parses verify and tail and rejects the rest', () => {
    expect(parseArgs(['audit', 'verify']).command).toEqual({ kind: 'audit-verify', file: undefined });
    expect(parseArgs(['audit', 'tail', '-n', '5', '--file=x']).command).toEqual({
      kind: 'audit-tail',
      file: 'x',
      lines: 5,
    });
    expect(parseArgs(['audit', 'tail']).command).toMatchObject({ lines: 20 });
    for (const argv of [
      ['audit'],
      ['audit', 'rm'],
      ['audit', 'tail', '-n', '0'],
      ['audit', 'tail', '-n'],
      ['audit', 'verify', '-n', '3'],
      ['audit', 'verify', 'x'],
    ]) {
      expect(() => parseArgs(argv)).toThrow(UsageError);
    }
  });
});
