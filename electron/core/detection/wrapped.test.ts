import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PromptView } from '../../contract/dto';
import { detect } from './detect';
import { parseFixture } from './fixture-format';
import { roleOf } from './option-keys';
import type { PromptRule } from './rule-types';
import { toScreen } from './screen';
import { commonJoining, joinRows, joinings } from './wrapped';

const ROOT = join(import.meta.dirname, 'fixtures');

function promptOf(name: string): PromptView {
  const fixture = parseFixture(name, readFileSync(join(ROOT, name), 'utf8'));
  const d = detect(fixture.lines, fixture.hint);
  if (!d.prompt) throw new Error(`${name}: no prompt (${d.state})`);
  return d.prompt;
}

function dirOf(name: string): string {
  const m = /\/(?:var\/)?tmp\/tower-(?:claude|codex)-\w+\/project/u.exec(
    readFileSync(join(ROOT, name), 'utf8'),
  );
  if (!m) throw new Error(`${name}: no project folder`);
  return m[0];
}

/** The path test/agents/capture-*.ts asks the agents to create: one word longer than a row. */
const longPath = (root: string) =>
  `${root}/${Array.from({ length: 6 }, (_, i) => `nested-directory-${i + 1}-with-a-long-name`).join('/')}`;

describe('wrapped subjects put back exactly (real captures)', () => {
  it('Claude: a path longer than the row, broken inside the word, joins without spaces', () => {
    const name = 'captured/claude-permission-bash-long-token.txt';
    expect(promptOf(name).subject).toBe(`mkdir -p ${longPath(dirOf(name))} && echo created`);
  });

  it('Claude: rows wrapped at spaces still join with one space', () => {
    const name = 'captured/claude-permission-bash-long.txt';
    const dir = dirOf(name);
    expect(promptOf(name).subject).toBe(
      `mkdir -p ${dir}/build/output/artifacts && cp -r ${dir}/src ${dir}/build/output/artifacts/ 2>/dev/null; ` +
        `echo "copying the sources into the artifacts folder before packaging" && touch ${dir}/marker-long`,
    );
  });

  it('Codex: the command and its repeat in the "don\'t ask again" label settle every wrap', () => {
    const name = 'captured/codex-permission-exec-long-token.txt';
    const text = readFileSync(join(ROOT, name), 'utf8');
    const command = /^# detail: .*?command=(.*?); one path longer than a row/mu.exec(text)?.[1];
    expect(command).toMatch(/^\S+ .*nested-directory-6-with-a-long-name && echo \w+$/u);
    expect(command).toContain(longPath(dirOf(name)));
    expect(promptOf(name).subject).toBe(command);
  });

  it('Codex: breaks after "/" inside paths and at spaces, in the long command', () => {
    const name = 'captured/codex-permission-exec-long.txt';
    const dir = dirOf(name);
    expect(promptOf(name).subject).toBe(
      `mkdir -p ${dir}/build/output/artifacts && cp -r ${dir}/src ${dir}/build/output/artifacts/ 2>/dev/null; ` +
        `echo "copying the sources into the artifacts folder before packaging" && touch ${dir}/marker-long`,
    );
  });
});

describe('wrap joining', () => {
  it('lists every joining, and gives up beyond 2^8', () => {
    expect(joinings(['a', 'b', 'c']).sort()).toEqual(['a b c', 'a bc', 'ab c', 'abc']);
    expect(joinings(Array.from({ length: 10 }, () => 'x'))).toEqual([]);
  });

  it('finds the one text both renderings stand for, and none when it is ambiguous', () => {
    const echo = /`([^`]+)`/u;
    expect(commonJoining(['$ ls -la /a/b', 'c/d'], /^\$\s+/u, ['`ls -la', '/a/bc/d`'], echo)).toBe(
      'ls -la /a/bc/d',
    );
    // Both wrapped at the same place: a space and none are equally possible.
    expect(commonJoining(['ls /a/', 'b'], undefined, ['`ls /a/', 'b`'], echo)).toBeNull();
  });

  it('treats a row reaching the full width as broken inside a word', () => {
    const rows = toScreen(['│ abcdefgh', '│ ijk', '│ lmn']).lines;
    expect(joinRows(rows, undefined, 9)).toBe('abcdefghijk lmn');
    expect(joinRows(rows, undefined, null)).toBe('abcdefgh ijk lmn');
  });
});

describe('options that widen future permissions (Claude Code 2.1.330 wording)', () => {
  const rule = {} as PromptRule;
  it.each([
    'Yes, allow reading from /tmp/x/ from this project',
    'Yes, allow reading from /tmp/x/ during this session',
    'Yes, and always allow access to /tmp/x/ from this project',
    'Yes, and allow access to /tmp/x/ and npm test commands',
    'Yes, and allow /tmp/x/, /tmp/y/ access and npm, git commands',
    'Yes, and keep allowing any reads outside the working directories',
    'Yes, and allow Claude to edit files in this project’s .claude folder for this session',
    'Yes, allow unattended commands on build-host',
    'Yes, and remember this directory',
    'Yes, and don’t ask again for: npm test:*',
  ])('%s → approve-remember', (label) => {
    expect(roleOf(label, rule)).toBe('approve-remember');
  });

  it.each(['Yes', 'Yes, proceed (y)', 'Yes, I trust this folder'])('%s → approve', (label) => {
    expect(roleOf(label, rule)).toBe('approve');
  });

  it('a real Read prompt outside the project offers a one-time yes and a remembering one', () => {
    const p = promptOf('captured/claude-permission-read-outside.txt');
    expect(p.options.map((o) => o.role)).toEqual(['approve', 'approve-remember', 'deny']);
    expect(p.options[1]?.remembers).toBe(true);
  });
});
