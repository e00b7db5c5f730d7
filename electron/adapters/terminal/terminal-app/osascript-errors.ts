/**
 * What osascript's error numbers mean for the owner, in words they can act on.
 * osascript ends its stderr with `(-NNNN)`; iTerm2's own Python library parses it the same way.
 */

/** The AppleScript error number at the end of osascript's stderr, or null. */
export function osascriptErrorNumber(stderr: string): number | null {
  const match = /\((-?\d+)\)\s*$/.exec(stderr.trim());
  return match?.[1] === undefined ? null : Number(match[1]);
}

/** How to grant Automation, shown with every -1743. */
export const AUTOMATION_HELP =
  'Open System Settings → Privacy & Security → Automation, find Tower (or, in development, the ' +
  'terminal app that started it) and turn on the switch for the terminal app, then try again. ' +
  'If Tower is not listed, reset with `tccutil reset AppleEvents` and answer the prompt.';

/** A message for an osascript failure: known numbers get an explanation, others keep stderr. */
export function describeOsascriptError(code: number | 'timeout' | null, stderr: string): string {
  const detail = stderr.trim();
  switch (code) {
    case -1743:
      return `macOS denied Tower permission to control the terminal app (Automation, -1743). ${AUTOMATION_HELP}`;
    case -1744:
      return `controlling the terminal app needs the owner's consent first (Automation, -1744). ${AUTOMATION_HELP}`;
    case -1712:
      return (
        'the terminal app did not answer in time (Apple Event timeout, -1712); an Automation prompt ' +
        'nobody has answered yet holds the first event, so look for it on screen'
      );
    case 'timeout':
      return (
        'osascript did not finish in time and was stopped; an unanswered Automation prompt or a busy ' +
        'terminal app can hold it'
      );
    case -1728:
      return `the tab is gone (-1728: it was closed, or its tty now belongs to another tab): ${detail}`;
    case -600:
      return 'the terminal app is not running (-600)';
    case -10000:
      return `the terminal app refused the request (AppleEvent handler failed, -10000): ${detail}`;
    default:
      return `osascript failed: ${detail || 'no message'}`;
  }
}
