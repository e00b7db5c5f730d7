/**
 * Which emulator replies may go back to the program.
 *
 * A real terminal answers queries the program writes (cursor position `CSI 6n`, device attributes
 * `CSI c`, mode and setting reports); TUIs such as Codex and Claude Code wait for those answers at
 * start and hang or time out without them. @xterm/headless computes the answers and emits them
 * through `onData`; the driver forwards them to the pty. This is the terminal talking, not Tower
 * typing, so it does not go through `type()`.
 *
 * The program's output is untrusted (it can carry model text), and "terminal echoes attacker text
 * into the input" is a known exploit class (title report `CSI 21 t`, DECRQSS on some terminals).
 * So only reply shapes made of digits and fixed characters pass; anything else is dropped.
 */

// CPR `CSI r;c R`, DECXCPR `CSI ? r;c R`, DSR `CSI 0 n`, DA1 `CSI ? … c`, DA2 `CSI > … c`,
// DA3 `CSI = … c`, DECRQM `CSI ? m;v $ y`.
const CSI_REPLY = String.raw`\x1b\[[?>=]?[0-9;]*(?:[Rcn]|\$y)`;
// DECRQSS `DCS 0|1 $ r <params><intermediates><final> ST`: numbers and one setting's final bytes only.
const DECRQSS_REPLY = String.raw`\x1bP[01]\$r[0-9;:]*[ -/]{0,2}[@-~]?\x1b\\`;
const REPLIES = new RegExp(`^(?:${CSI_REPLY}|${DECRQSS_REPLY})+$`, 'u');

/** True when `data` is one or more terminal replies of an allowed shape, and nothing else. */
export function isSafeTerminalReply(data: string): boolean {
  return REPLIES.test(data);
}
