/**
 * Renders untrusted text as text, with hidden characters shown as visible markers.
 */
import { displaySegments } from '../lib/display-text';

/** Props: the untrusted text. */
export interface SafeTextProps {
  readonly text: string;
}

/** Plain text runs and `⟨U+…⟩` markers; never HTML, never dropped characters. */
export function SafeText({ text }: SafeTextProps) {
  return (
    <>
      {displaySegments(text).map((segment, i) =>
        segment.marker ? (
          <mark key={i} className="hidden-char" title="hidden character">
            {segment.text}
          </mark>
        ) : (
          segment.text
        ),
      )}
    </>
  );
}
