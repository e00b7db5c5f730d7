import { describe, expect, it } from 'vitest';
import { splitArgv } from './argv';

describe('splitArgv', () => {
  it('splits on whitespace and honours quotes and escapes, expanding nothing', () => {
    expect(splitArgv(`claude --model "sonnet 4" 'a $HOME b' c\\ d ""`)).toEqual({
      ok: true,
      argv: ['claude', '--model', 'sonnet 4', 'a $HOME b', 'c d', ''],
    });
  });

  it('reports an unclosed quote instead of guessing', () => {
    expect(splitArgv(`echo 'oops`)).toEqual({ ok: false, reason: 'unclosed single quote' });
  });

  it('gives no arguments for blank input', () => {
    expect(splitArgv('   ')).toEqual({ ok: true, argv: [] });
  });
});
