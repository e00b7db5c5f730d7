/**
 * Settings a UI can change: the secrets Tower knows by name (bot tokens, Twilio credentials, TOTP
 * seeds). Values go in through `setSecret` and never come back over any wire; a UI only learns
 * whether each one is set (and, for long tokens, their last four characters).
 */
import { z } from 'zod';

export { KNOWN_SECRETS, SECRET_NAMES } from './known-secrets';
export type { SecretName } from './known-secrets';
import { SECRET_NAMES } from './known-secrets';
import type { SecretName } from './known-secrets';

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
