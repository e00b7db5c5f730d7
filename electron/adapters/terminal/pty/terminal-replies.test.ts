import { describe, expect, it } from 'vitest';
import xterm from '@xterm/headless';
import { isSafeTerminalReply } from './terminal-replies';

/** Feeds `query` to a fresh emulator and collects what it answers. */
async function answersTo(query: string): Promise<string[]> {
  const term = new xterm.Terminal({ cols: 40, rows: 10, allowProposedApi: true });
  const out: string[] = [];
  term.onData((data) => out.push(data));
  await new Promise<void>((resolve) => term.write(query, resolve));
  term.dispose();
  return out;
}

describe('isSafeTerminalReply', () => {
  it.each([
    ['cursor position', '\x1b[6n'],
    ['extended cursor position', '\x1b[?6n'],
    ['status report', '\x1b[5n'],
    ['primary device attributes', '\x1b[c'],
    ['secondary device attributes', '\x1b[>c'],
    ['private mode report', '\x1b[?2004$p'],
    ['ansi mode report', '\x1b[4$p'],
    ['DECRQSS SGR', '\x1bP$qm\x1b\\'],
    ['DECRQSS scroll region', '\x1bP$qr\x1b\\'],
    ['DECRQSS cursor style', '\x1bP$q q\x1b\\'],
    ['DECRQSS conformance', '\x1bP$q"p\x1b\\'],
  ])('lets the emulator answer %s', async (_name, query) => {
    const replies = await answersTo(query);
    expect(replies.length).toBeGreaterThan(0);
    for (const reply of replies) expect(isSafeTerminalReply(reply)).toBe(true);
  });

  it.each([
    ['title report', '\x1b]0;rm -rf ~\x07\x1b[21t'],
    ['clipboard read', '\x1b]52;c;?\x07'],
    ['window size report', '\x1b[18t'],
  ])('the emulator does not answer %s at all', async (_name, query) => {
    expect(await answersTo(query)).toEqual([]);
  });

  it.each([
    ['plain text', 'rm -rf ~\r'],
    ['a reply followed by text', '\x1b[1;1Recho pwned\r'],
    ['a title report', '\x1b]lrm -rf ~\x1b\\'],
    ['an OSC reply', '\x1b]11;rgb:0000/0000/0000\x07'],
    ['a DECRQSS reply carrying text', '\x1bP1$recho hi\x1b\\'],
    ['a bare Enter', '\r'],
    ['empty', ''],
  ])('rejects %s', (_name, data) => {
    expect(isSafeTerminalReply(data)).toBe(false);
  });

  it('accepts several replies in one chunk', () => {
    expect(isSafeTerminalReply('\x1b[3;7R\x1b[?1;2c')).toBe(true);
  });
});
