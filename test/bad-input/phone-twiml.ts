/**
 * Reads a webhook reply as Twilio would: it must be well-formed XML with a `<Response>` of the verbs
 * Tower uses (Say, Gather, Hangup), every Gather must post back to the public step URL with a fresh
 * nonce, and the caller's payload must never come back raw in the document.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** Where a call stands after a reply (from its Gather), or `hangup`. */
export type ReplyStage = 'code' | 'menu' | 'confirm' | 'decision' | 'hangup' | 'end';

/** One reply, read. */
export interface ReadTwiml {
  readonly says: readonly string[];
  readonly stage: ReplyStage;
  /** The Gather's action URL (the next step), or null. */
  readonly action: string | null;
  /** What the Gather asks. */
  readonly prompt: string;
  /** Why the document is not acceptable, or null. */
  readonly problem: string | null;
}

type Node = Record<string, unknown> & { ':@'?: Record<string, string> };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  preserveOrder: true,
  trimValues: true,
});

function textOf(nodes: unknown): string {
  return ((nodes as Node[] | undefined) ?? [])
    .map((n) => {
      const t = n['#text'];
      return typeof t === 'string' || typeof t === 'number' ? String(t) : '';
    })
    .join('');
}

/** Parses `body` (a reply to a request carrying `payload`) and checks it. */
export function readTwiml(body: string, payload: string, publicBase: string): ReadTwiml {
  const says: string[] = [];
  let stage: ReplyStage = 'end';
  let action: string | null = null;
  let prompt = '';
  const problems: string[] = [];
  const valid = XMLValidator.validate(body);
  if (valid !== true) problems.push(`invalid XML: ${valid.err.msg}`);
  // Text with markup characters must reach Twilio escaped; seeing it raw means it was pasted in.
  if (/[<>&]/u.test(payload) && payload.length > 1 && body.includes(payload))
    problems.push('payload echoed raw');
  const doc = valid === true ? (parser.parse(body) as Node[]).find((n) => 'Response' in n) : undefined;
  if (valid === true && !doc) problems.push('no <Response>');
  const step = new RegExp(`^${publicBase.replace(/[.]/gu, '\\.')}/voice/step\\?n=[A-Za-z0-9_-]{16}$`, 'u');
  for (const verb of (doc?.Response as Node[] | undefined) ?? []) {
    const name = Object.keys(verb).find((k) => k !== ':@') ?? '';
    const attrs = verb[':@'] ?? {};
    if (name === 'Say') says.push(textOf(verb.Say));
    else if (name === 'Hangup') stage = 'hangup';
    else if (name === 'Gather') {
      action = attrs.action ?? '';
      if (!step.test(action)) problems.push(`Gather action ${JSON.stringify(action.slice(0, 80))}`);
      for (const inner of (verb.Gather as Node[] | undefined) ?? []) {
        const innerName = Object.keys(inner).find((k) => k !== ':@') ?? '';
        if (innerName === 'Say') prompt += textOf(inner.Say);
        else problems.push(`unexpected <${innerName}> in Gather`);
      }
      const input = attrs.input ?? '';
      if (attrs.numDigits === '6') stage = 'code';
      else if (input.includes('speech')) stage = 'menu';
      else if (/press 1\. Any other key cancels/u.test(prompt)) stage = 'confirm';
      else stage = 'decision';
    } else problems.push(`unexpected verb <${name}>`);
  }
  return { says, stage, action, prompt, problem: problems.length > 0 ? problems.join('; ') : null };
}
