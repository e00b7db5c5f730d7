import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkLine, EMPTY_PREV, sealRecord } from './audit-chain';
import { canonicalJson, toJsonValue } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every depth and has no whitespace', () => {
    expect(canonicalJson(toJsonValue({ b: 1, a: { d: [1, { z: 0, y: 1 }], c: null }, u: undefined }))).toBe(
      '{"a":{"c":null,"d":[1,{"y":1,"z":0}]},"b":1}',
    );
  });

  it('escapes every control, bidi, invisible and separator character so the file is inert on a terminal', () => {
    const text = canonicalJson(
      toJsonValue({ s: '\u001b]52;c;x\u0007\u009b\u202e\u200b\u2028\u{E0041}\u007f' }),
    );
    expect(text).toMatch(/^[\x20-\x7e]+$/);
    expect(JSON.parse(text)).toEqual({ s: '\u001b]52;c;x\u0007\u009b\u202e\u200b\u2028\u{E0041}\u007f' });
  });
});

describe('sealRecord / checkLine', () => {
  it('hashes seq and prev with the record and verifies its own line', () => {
    const sealed = sealRecord({ at: 1, kind: 'typed', session: 's', detail: { text: 'ls' } }, 1, EMPTY_PREV);
    expect(sealed.line.endsWith('\n')).toBe(true);
    const parsed = JSON.parse(sealed.line) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['at', 'detail', 'hash', 'kind', 'prev', 'seq', 'session']);
    expect(checkLine(sealed.line.trimEnd())).toEqual({
      kind: 'record',
      seq: 1,
      prev: EMPTY_PREV,
      hash: sealed.hash,
    });
  });

  it('detects any edit, including of seq or prev', () => {
    const line = sealRecord({ at: 1, kind: 'typed', detail: { text: 'ls' } }, 3, EMPTY_PREV).line.trimEnd();
    expect(checkLine(line.replace('"ls"', '"rm"')).kind).toBe('bad-hash');
    expect(checkLine(line.replace('"seq":3', '"seq":4')).kind).toBe('bad-hash');
    expect(checkLine(line.replace(EMPTY_PREV, 'a'.repeat(64))).kind).toBe('bad-hash');
    expect(checkLine(line.slice(0, -5)).kind).toBe('not-json');
    expect(checkLine('{"at":1,"kind":"old"}').kind).toBe('unchained');
  });

  it('overwrites chain fields a record tries to carry', () => {
    const forged = { at: 1, kind: 'x', detail: {}, seq: 99, prev: 'p', hash: 'h' } as never;
    const parsed = JSON.parse(sealRecord(forged, 2, EMPTY_PREV).line) as { seq: number; prev: string };
    expect([parsed.seq, parsed.prev]).toEqual([2, EMPTY_PREV]);
  });
});

describe('chain round trip (property)', () => {
  it('any record, with any strings (lone surrogates, controls, bidi), verifies after being written and re-read', () => {
    fc.assert(
      fc.property(
        fc.jsonValue({ maxDepth: 3 }),
        fc.string({ unit: 'binary' }),
        fc.integer({ min: 1, max: 1e9 }),
        (detail, kind, seq) => {
          const sealed = sealRecord({ at: 0, kind, detail: { v: detail } }, seq, EMPTY_PREV);
          expect(sealed.line.slice(0, -1)).not.toContain('\n');
          // eslint-disable-next-line no-control-regex
          expect(sealed.line.slice(0, -1)).toMatch(/^[^\u0000-\u001f\u007f-\u009f\u2028\u2029\u202e]*$/);
          expect(checkLine(sealed.line.slice(0, -1))).toMatchObject({
            kind: 'record',
            seq,
            hash: sealed.hash,
          });
        },
      ),
      { numRuns: 500 },
    );
  });
});
