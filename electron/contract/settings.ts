/**
 * Settings a UI can change: the secrets Tower knows by name (bot tokens, Twilio credentials, TOTP
 * seeds). Values go in through `setSecret` and never come back over any wire; a UI only learns
 * whether each one is set (and, for long tokens, their last four characters).
 */
import { z } from 'zod';

/**
 * Every secret Tower stores, with what the owner is told about it. A closed list: no free-form names.
 * `preview`: true shows the last four characters of a long value; 'full' shows a value that is not
 * secret at all (the phone line's numbers and URL, kept here so the Mac app, which has no environment
 * to set, can be configured from Settings).
 */
export const KNOWN_SECRETS = [
  { name: 'telegram.token', label: 'Telegram bot token', hint: 'from @BotFather', preview: true },
  { name: 'twilio.accountSid', label: 'Twilio account SID', hint: 'starts with AC', preview: true },
  { name: 'twilio.authToken', label: 'Twilio auth token', hint: 'Twilio console › Account', preview: true },
  {
    name: 'totp.seed',
    label: 'TOTP seed (phone PIN)',
    hint: 'base32; shown once when enrolled',
    preview: false,
  },
  {
    name: 'phone.publicUrl',
    label: 'Phone webhook URL',
    hint: 'https://… of your tunnel to port 7734',
    preview: 'full',
  },
  {
    name: 'twilio.from',
    label: 'Twilio number',
    hint: '+E.164, the number Tower calls from',
    preview: 'full',
  },
  {
    name: 'phone.owner',
    label: 'Your phone number',
    hint: '+E.164, the number Tower calls',
    preview: 'full',
  },
] as const;

/** A secret's name. */
export type SecretName = (typeof KNOWN_SECRETS)[number]['name'];

/** The names, for schemas and loops. */
export const SECRET_NAMES = KNOWN_SECRETS.map((s) => s.name) as [SecretName, ...SecretName[]];

/** What a UI is told about one secret: never its value. */
export interface SecretInfo {
  readonly name: SecretName;
  readonly label: string;
  readonly hint: string;
  readonly set: boolean;
  /** "…" and the last four characters of a long token (or a non-secret value in full); else null. */
  readonly preview: string | null;
}

export interface SetSecretArgs {
  readonly name: SecretName;
  readonly value: string;
}
export interface SecretNameArgs {
  readonly name: SecretName;
}

/** A secret value: one line, printable, bounded. Leading/trailing spaces are refused, not trimmed. */
export const secretValueSchema = z
  .string()
  .min(1, 'the value is empty')
  .max(4_096, 'the value is longer than 4096 characters')
  // eslint-disable-next-line no-control-regex
  .refine((v) => !/[\u0000-\u001f\u007f]/u.test(v), 'the value contains a line break or control character')
  .refine((v) => v.trim() === v, 'the value starts or ends with a space');

/** Argument schemas of the settings calls (merged into TOWER_ARG_SCHEMAS). */
export const SETTINGS_ARG_SCHEMAS = {
  listSecrets: z.undefined().or(z.object({}).strict()),
  setSecret: z.object({ name: z.enum(SECRET_NAMES), value: secretValueSchema }).strict(),
  deleteSecret: z.object({ name: z.enum(SECRET_NAMES) }).strict(),
} as const;
