import { describe, expect, it } from 'vitest';
import { compilePolicy } from './compile';
import { evaluatePolicy } from './evaluate';
import { globToRegExp } from './paths';
import { CTX, promptFor } from './test-support';

// Found by the bad-input suite (test/bad-input/local-entry-points.test.ts): a glob with a `-` compiled
// to `\-`, which a `u`-flag RegExp refuses, so `tools: [mcp__my-server__*]` threw out of the policy
// loader and `paths: [src/my-dir/**]` threw out of every evaluation of a file prompt.
describe('globToRegExp', () => {
  it('takes every character literally but * and ?, with or without the i flag', () => {
    expect(globToRegExp('mcp__my-server__*', 'iu').test('mcp__My-Server__get_issue')).toBe(true);
    expect(globToRegExp('src/my-dir/**').test('src/my-dir/a/b.ts')).toBe(true);
    expect(globToRegExp('src/my-dir/**').test('src/myXdir/a.ts')).toBe(false);
    for (const glob of ['a-b', '-', '[a-z]', '(x)|y', '$HOME', '\\', 'a.b{1}', '^x+']) {
      expect(globToRegExp(glob).test(glob), glob).toBe(true);
      expect(globToRegExp(glob).test(`${glob}x`), glob).toBe(false);
    }
  });

  it('a policy with dashed tool and path globs compiles and decides', () => {
    const policy = compilePolicy(
      {
        version: 1,
        shadow: false,
        default: 'ask',
        max_auto_per_minute: 20,
        rules: [
          { id: 'mcp', decision: 'allow', tools: ['mcp__my-server__*'] },
          { id: 'read-dir', decision: 'allow', tools: ['read'], paths: ['src/my-dir/**'] },
        ],
      },
      'test policy',
    );
    const read = (path: string) => evaluatePolicy(policy, promptFor('read', 'Read', path), CTX);
    expect(read(`${CTX.cwd}/src/my-dir/a.ts`)).toMatchObject({ decision: 'allow', rule: 'read-dir' });
    expect(read(`${CTX.cwd}/src/other/a.ts`).decision).toBe('ask');
    const mcp = promptFor('mcp', 'mcp__my-server__get_issue', 'mcp__my-server__get_issue');
    expect(evaluatePolicy(policy, mcp, CTX)).toMatchObject({ decision: 'allow', rule: 'mcp' });
  });
});
