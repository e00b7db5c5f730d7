/**
 * Typed text into a real terminal: each payload goes to a canary pane through an entry point, then a
 * printable sentinel follows it. The bytes the pane received before the sentinel must be exactly the
 * payload when Tower accepted it, and nothing when Tower refused it.
 */
import { typedTextProblem } from '../../electron/contract/typed-text';
import { recorded } from './canary-pane';
import type { CanaryPane } from './harness';

/** Types `text` into the pane's session; resolves true when the entry point accepted it. */
export type TypeVia = (session: string, text: string) => Promise<boolean>;

/** Result of one run of payloads through one entry point into one pane. */
export interface TypingResult {
  readonly checks: number;
  readonly accepted: number;
  /** Payloads whose delivered bytes differed from what was intended (or control text accepted). */
  readonly unintended: readonly string[];
}

async function waitForSentinel(record: string, from: number, sentinel: Buffer): Promise<Buffer> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const bytes = recorded(record);
    const tail = bytes.subarray(from);
    const at = tail.indexOf(sentinel);
    if (at >= 0) return tail.subarray(0, at);
    if (Date.now() > deadline) throw new Error(`sentinel ${sentinel.toString()} never arrived`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Runs every payload through `via` into `pane` and compares the recorded bytes. */
export async function typeAndCheck(
  pane: CanaryPane,
  payloads: readonly string[],
  via: TypeVia,
  sentinelVia: TypeVia,
): Promise<TypingResult> {
  let offset = recorded(pane.record).length;
  let accepted = 0;
  const unintended: string[] = [];
  for (const [i, payload] of payloads.entries()) {
    const ok = await via(pane.session.id, payload);
    const sentinel = `[[sentinel ${i}]]`;
    if (!(await sentinelVia(pane.session.id, sentinel))) throw new Error('the sentinel was refused');
    const got = await waitForSentinel(pane.record, offset, Buffer.from(sentinel));
    offset += got.length + Buffer.byteLength(sentinel);
    const want = ok ? Buffer.from(payload) : Buffer.alloc(0);
    if (ok) accepted += 1;
    if (!got.equals(want) || (ok && typedTextProblem(payload) !== null)) {
      unintended.push(
        `${JSON.stringify(payload.slice(0, 60))}: sent ${ok ? 'accepted' : 'refused'}, pane got ${JSON.stringify(got.toString().slice(0, 60))}`,
      );
    }
  }
  return { checks: payloads.length, accepted, unintended };
}
