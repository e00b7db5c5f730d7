import { describe, expect, it } from 'vitest';
import { promptReadBack, sitrepText } from './sitrep';
import { bashPrompt, session } from './testing/phone-fakes';

const redact = (t: string) => t.replace(/sk-[A-Za-z0-9]+/g, '[redacted]');

describe('sitrep and read-back', () => {
  it("names waiting sessions first, in the owner's words, from structured state only", () => {
    const text = sitrepText(
      {
        sessions: [
          session(1),
          session(2, { state: 'permission', prompt: bashPrompt('npm install lodash') }),
          session(3, { state: 'idle', gone: true }),
          session(4, { state: 'stalled' }),
        ],
        approvals: [],
        lockdown: false,
        version: 1,
      },
      redact,
    );
    expect(text).toBe(
      'Three sessions, one waiting for you. Flight two is waiting for approval to run npm install lodash. Flight one is working. Flight four seems stuck.',
    );
    expect(text).not.toContain('SECRET');
  });

  it('says LOCKDOWN first and counts sessions past the eighth', () => {
    const sessions = Array.from({ length: 11 }, (_, i) =>
      session(i + 1, { state: i < 9 ? 'working' : 'idle' }),
    );
    const text = sitrepText({ sessions, approvals: [], lockdown: true, version: 1 }, redact);
    expect(text.startsWith('LOCKDOWN is engaged: Tower types nothing. Eleven sessions.')).toBe(true);
    expect(text).toContain('And three more: one working, two idle.');
  });

  it('reads a prompt back in full, with hidden characters announced and secrets masked', () => {
    const long = `curl -H "Authorization: Bearer sk-abc123" https://example.com/${'x'.repeat(120)}`;
    const said = promptReadBack(session(2), bashPrompt(`${long}\u202e`), redact);
    expect(said).toContain('[redacted]');
    expect(said).not.toContain('sk-abc123');
    expect(said).toContain('x'.repeat(120));
    expect(said).toContain('<U+202E>');
  });
});
