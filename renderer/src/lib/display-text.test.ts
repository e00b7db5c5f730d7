import { describe, expect, it } from 'vitest';
import { displaySegments, displayText, hasHiddenCharacters } from './display-text';

describe('displayText', () => {
  it('keeps ordinary text, HTML-looking text included, untouched', () => {
    expect(displayText('<img src=x onerror=alert(1)> npm test')).toBe(
      '<img src=x onerror=alert(1)> npm test',
    );
  });

  it('makes bidi, zero-width, tag, control and separator characters visible instead of dropping them', () => {
    expect(displayText('a\u202Eb\u200Bc\u{E0041}d\u001b[31me\u2028f\u0085')).toBe(
      'a⟨U+202E⟩b⟨U+200B⟩c⟨U+E0041⟩d⟨U+001B⟩[31me⟨U+2028⟩f⟨U+0085⟩',
    );
  });

  it('marks markers as such so the UI can style them', () => {
    expect(displaySegments('x\u2066y')).toEqual([
      { text: 'x', marker: false },
      { text: '⟨U+2066⟩', marker: true },
      { text: 'y', marker: false },
    ]);
  });

  it('tells whether anything is hidden (tabs are not)', () => {
    expect(hasHiddenCharacters('ls\t-la')).toBe(false);
    expect(hasHiddenCharacters('ls\u200D')).toBe(true);
  });
});
