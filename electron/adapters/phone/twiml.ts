/**
 * PhoneReply → TwiML with twilio's `VoiceResponse` builder (never string concatenation: every text
 * is XML-escaped by the builder, so agent text cannot inject verbs).
 */
import twilio from 'twilio';
import type { PhoneReply } from '../../core/phone/ports';

/** Voice settings for `<Say>` and speech recognition. */
export interface TwimlVoice {
  /** A Twilio `<Say>` voice name ("Polly.Joanna-Neural", "alice", …). */
  readonly voice: string;
  readonly language: 'en-US' | 'en-GB' | 'en-AU';
}

export const DEFAULT_VOICE: TwimlVoice = { voice: 'Polly.Joanna-Neural', language: 'en-US' };

/** Renders one reply as a TwiML document. */
export function renderTwiml(reply: PhoneReply, voice: TwimlVoice = DEFAULT_VOICE): string {
  const response = new twilio.twiml.VoiceResponse();
  // The SDK types voices as a closed union; a configured name is passed through as Twilio reads it.
  const say = { voice: voice.voice, language: voice.language } as Parameters<typeof response.say>[0] & object;
  for (const line of reply.say) response.say(say, line);
  const next = reply.next;
  if (next.kind === 'hangup') response.hangup();
  if (next.kind === 'gather') {
    const gather = response.gather({
      input: next.input === 'dtmf' ? ['dtmf'] : ['dtmf', 'speech'],
      action: next.action,
      method: 'POST',
      timeout: next.timeoutSeconds,
      finishOnKey: '#',
      actionOnEmptyResult: true,
      language: voice.language,
      ...(next.numDigits === null ? {} : { numDigits: next.numDigits }),
      ...(next.hints === null ? {} : { hints: next.hints, speechTimeout: 'auto' }),
    });
    gather.say(say, next.prompt);
  }
  return response.toString();
}
