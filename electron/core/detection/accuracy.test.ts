import { describe, expect, it } from 'vitest';
import { accuracy, formatAccuracy } from './accuracy';
import { parseFixture } from './fixture-format';
import type { Detection } from './types';

const fixture = (name: string, agent: string, expected: string) =>
  parseFixture(name, `# agent: ${agent}\n# expected: ${expected}\n# detail: tool=Bash; x\nline 1\n\n`);

describe('parseFixture', () => {
  it('reads headers, the hint and the screen rows', () => {
    const f = parseFixture(
      'a.txt',
      '# *Reference material*\n# agent: claude 2.1.330\n# expected: permission\n# detail: tool=Bash\n ❯ 1. Yes\n   2. No\n\n',
    );
    expect(f.hint).toEqual({ kind: 'claude', version: '2.1.330' });
    expect(f.expected).toBe('permission');
    expect(f.headers.detail).toBe('tool=Bash');
    expect(f.lines).toEqual([' ❯ 1. Yes', '   2. No']);
    expect(parseFixture('b.txt', '# agent: codex unknown\n# expected: idle\nx').hint).toEqual({
      kind: 'codex',
      version: null,
    });
    expect(parseFixture('c.txt', '# agent: none unknown\n# expected: unknown\nx').hint.kind).toBeNull();
  });
});

describe('accuracy', () => {
  it('tallies per agent and expected state and lists misses', () => {
    const fixtures = [
      fixture('a', 'claude', 'idle'),
      fixture('b', 'claude', 'idle'),
      fixture('c', 'codex', 'working'),
    ];
    const answers: Record<string, Detection['state']> = { 'line 1': 'idle' };
    let call = 0;
    const report = accuracy(fixtures, (lines) => {
      call += 1;
      const state = call === 2 ? 'working' : (answers[lines[0] ?? ''] ?? 'unknown');
      return { state, agent: null, version: null, prompt: null, evidence: [], ruleId: null };
    });
    expect(report.rows).toEqual([
      { agent: 'claude', state: 'idle', correct: 1, total: 2 },
      { agent: 'codex', state: 'working', correct: 0, total: 1 },
    ]);
    expect(report.misses).toEqual([
      { name: 'b', expected: 'idle', got: 'working' },
      { name: 'c', expected: 'working', got: 'idle' },
    ]);
    expect(formatAccuracy(report)).toContain('claude    idle          1/2');
  });
});
