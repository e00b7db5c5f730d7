import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detect, parseFixture } from '../detection';
import { onScreen } from './auto-approver';
import { evaluatePolicy } from './evaluate';
import { subjectRowProblem } from './screen-check';
import { CTX, SAMPLE } from './test-support';

const RULE = '─'.repeat(120);
const DASH = '╌'.repeat(120);
// Claude Code 2.1.330 asking for `ls -la /etc⏎touch pwned` (captured in tmux, 120 columns).
const CLAUDE_MULTILINE = [
  '● Bash(ls -la /etc',
  '      touch pwned)',
  '  ⎿  Waiting…',
  '',
  RULE,
  ' Bash command',
  ' List files',
  DASH,
  ' │ ls -la /etc',
  ' │ touch pwned',
  DASH,
  ' Do you want to proceed?',
  ' ❯ 1. Yes',
  '   2. Yes, and allow access to /etc and touch pwned commands',
  '   3. No',
  '',
  ' Esc to cancel · Tab to amend',
];
// Codex 0.169.0 asking for the same command.
const CODEX_MULTILINE = [
  '› list the files',
  '',
  '• Running ls -la /etc …',
  '    + Show details',
  '',
  '  Would you like to run the following command?',
  '',
  '  Environment: local',
  '',
  '  Reason: List files',
  '',
  '  $ ls -la /etc',
  '  touch pwned',
  '',
  '› 1. Yes, proceed (y)',
  "  2. Yes, and don't ask again for commands that start with `ls -la /etc` (p)",
  '  3. No, and tell Codex what to do differently (esc)',
  '',
  '  Press enter to confirm or esc to cancel',
];

describe('the subject must be one row of the dialog', () => {
  const allowLs = { ...SAMPLE, rules: [{ ...SAMPLE.rules[0]!, commands: [['ls']] }] };

  it.each([
    ['claude', CLAUDE_MULTILINE],
    ['codex', CODEX_MULTILINE],
  ] as const)(
    'a multi-line command (%s) reads as one harmless command but is never allowed',
    (agent, lines) => {
      const prompt = detect(lines, { kind: agent, version: null }).prompt;
      expect(prompt?.subject).toBe('ls -la /etc touch pwned'); // what the detector reads
      if (!prompt) return;
      const lexical = evaluatePolicy(allowLs, prompt, { ...CTX, agent });
      expect(lexical.decision).toBe('allow'); // the engine alone would be fooled
      expect(onScreen(lexical, prompt, lines)).toMatchObject({
        decision: 'ask',
        rule: 'builtin:unverifiable',
      });
    },
  );

  it('a decoy copy of the joined command on its own row does not help', () => {
    const lines = [...CLAUDE_MULTILINE];
    lines.splice(5, 0, ' ls -la /etc touch pwned');
    const prompt = detect(CLAUDE_MULTILINE, { kind: 'claude', version: null }).prompt;
    expect(prompt && subjectRowProblem(prompt, lines)).toMatch(/spans several rows/u);
  });

  it.each(['claude-permission-bash.txt', 'codex-permission-exec.txt', 'claude-permission-edit.txt'])(
    'a real one-row subject passes (%s)',
    (name) => {
      const dir = join(import.meta.dirname, '..', 'detection', 'fixtures', 'captured');
      const fixture = parseFixture(name, readFileSync(join(dir, name), 'utf8'));
      const prompt = detect(fixture.lines, fixture.hint).prompt;
      expect(prompt).not.toBeNull();
      if (prompt) expect(subjectRowProblem(prompt, fixture.lines)).toBeNull();
    },
  );

  it('a long command that wraps is sent to the owner', () => {
    const long = `ls ${'a'.repeat(130)}`;
    const lines = [
      RULE,
      ' Bash command',
      DASH,
      ` ${long.slice(0, 110)}`,
      ` ${long.slice(110)}`,
      DASH,
      ' ❯ 1. Yes',
    ];
    const prompt = {
      ...detect(CLAUDE_MULTILINE, { kind: 'claude', version: null }).prompt!,
      subject: `${long.slice(0, 110)} ${long.slice(110)}`,
    };
    expect(subjectRowProblem(prompt, lines)).toMatch(/spans several rows/u);
  });
});
