/**
 * Redaction of secrets before anything reaches the audit log (R-LOG-3: commands are logged in full,
 * secrets are not). Applied to the whole record before it is hashed, so the chain covers exactly what
 * is on disk.
 *
 * Two nets: values under secret-sounding keys are replaced whole, and every string is scanned for known
 * secret shapes. Both err towards redacting: a lost character of context is cheap, a leaked token is not.
 */
import type { JsonValue } from './canonical-json';

/** What a redacted secret is replaced with. */
export const REDACTED = '[redacted]';

// Key names compared lower-cased with `-`, `_` and `.` removed. Suffix matches keep `botToken`,
// `clientSecret`, `OPENAI_API_KEY` but spare `maxTokens` or `tokenCount` (usage numbers, not secrets).
const SECRET_KEY_SUFFIXES = ['token', 'secret', 'password', 'passwd', 'passphrase', 'apikey', 'privatekey'];
const SECRET_KEYS = new Set(['authorization', 'cookie', 'totp', 'otp', 'seed', 'credentials']);
// `code` is usually an error or exit code; only a TOTP-length run of digits is treated as a secret.
const TOTP_LIKE = /^\s*\d{6,8}\s*$/;

// Environment-style assignments whose name says secret: keep the name, drop the value.
// The name must end in the secret word, so `tokens: 1.2k` (usage shown by agents) is left alone.
const SECRET_NAME = String.raw`[A-Za-z0-9_]*(?:TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|PRIVATE_?KEY)`;

/** Known secret shapes, each with how to keep the harmless part (if any). */
const PATTERNS: readonly {
  readonly re: RegExp;
  readonly keep?: (match: string, ...groups: string[]) => string;
}[] = [
  // PEM private keys, whole block (or to the end of the text when the END line is missing).
  { re: /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY-----|$)/g },
  // Telegram bot token: <bot id>:<35 chars>.
  { re: /\d{3,}:[A-Za-z0-9_-]{35,}/g },
  // OpenAI / Anthropic (sk-, sk-ant-, sk-proj-), Stripe (sk_live_, rk_test_).
  { re: /\b(?:sk-[A-Za-z0-9_-]{16,}|[sr]k_(?:live|test)_[A-Za-z0-9]{16,})/g },
  // GitHub, Slack, Google, AWS access keys, JWTs.
  { re: /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})/g },
  { re: /\bxox[abposr]-[A-Za-z0-9-]{10,}/g },
  { re: /\bAIza[A-Za-z0-9_-]{35}/g },
  { re: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g },
  { re: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g },
  // Twilio Account/API-key SIDs, and an auth token where it is recognisable: after SID: in basic auth.
  { re: /\b(?:AC|SK)[0-9a-fA-F]{32}(?::[0-9a-fA-F]{32})?\b/g },
  // HTTP auth headers and URLs with credentials.
  { re: /\b(Bearer)\s+[A-Za-z0-9._~+/=-]{8,}/gi, keep: (_m, scheme = '') => `${scheme} ${REDACTED}` },
  { re: /\b(Authorization:\s*)[^\r\n]+/gi, keep: (_m, head = '') => `${head}${REDACTED}` },
  { re: /(\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@]+:)[^\s/@]+@/gi, keep: (_m, head = '') => `${head}${REDACTED}@` },
  {
    re: new RegExp(String.raw`\b(${SECRET_NAME}\s*[=:]\s*)(?:"[^"]*"|'[^']*'|[^\s'"]+)`, 'gi'),
    keep: (_m, head = '') => `${head}${REDACTED}`,
  },
];

/** Replaces known secret shapes in one string. */
export function redactText(text: string): string {
  let out = text;
  for (const { re, keep } of PATTERNS) {
    out = out.replace(re, (match: string, ...rest: unknown[]) =>
      keep ? keep(match, ...rest.filter((g): g is string => typeof g === 'string')) : REDACTED,
    );
  }
  return out;
}

/** Returns a copy of `value` with secrets redacted (by key name and by shape), at any depth. */
export function redactSecrets(value: JsonValue): JsonValue {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return (value as readonly JsonValue[]).map(redactSecrets);
  // Object.fromEntries defines own properties, so a "__proto__" key cannot reach the prototype.
  return Object.fromEntries(
    Object.entries(value as { readonly [key: string]: JsonValue }).map(([key, inner]) => [
      redactText(key),
      isSecretKey(key, inner) ? REDACTED : redactSecrets(inner),
    ]),
  );
}

function isSecretKey(key: string, value: JsonValue): boolean {
  if (value === null || value === '') return false;
  const name = key.toLowerCase().replace(/[-_.]/g, '');
  if (SECRET_KEYS.has(name) || SECRET_KEY_SUFFIXES.some((s) => name.endsWith(s))) return true;
  const scalar = typeof value === 'string' || typeof value === 'number';
  return name.endsWith('code') && scalar && TOTP_LIKE.test(String(value));
}
