/**
 * Canonical JSON: the one serialisation the audit chain hashes, so a record hashes the same when it is
 * written and when `tower audit verify` re-reads it.
 *
 * Keys are sorted (UTF-16 code-unit order) at every depth, there is no whitespace, and besides the C0
 * escapes JSON.stringify already makes, DEL, C1 controls, bidi/invisible format characters and line
 * separators are written as `\uXXXX`: the log holds attacker-controlled screen text, and `cat` of the
 * file must not act on any of it.
 */

// What JSON.stringify leaves raw inside strings; outside strings canonical JSON is plain ASCII.
const UNSAFE_IN_JSON = /[\u007f-\u009f\p{Cf}\p{Zl}\p{Zp}]/gu;

/** A value as JSON would carry it (no undefined, no class instances). */
export type JsonValue =
  null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** Normalises any JSON-able value to plain JSON data (drops undefined, applies toJSON, NaN → null). */
export function toJsonValue(value: unknown): JsonValue {
  const text = JSON.stringify(value);
  if (text === undefined) throw new TypeError('value has no JSON form');
  return JSON.parse(text) as JsonValue;
}

/** Canonical JSON text of a plain JSON value. */
export function canonicalJson(value: JsonValue): string {
  return serialise(value).replace(UNSAFE_IN_JSON, escapeUnits);
}

function serialise(value: JsonValue): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${(value as readonly JsonValue[]).map(serialise).join(',')}]`;
  const object = value as { readonly [key: string]: JsonValue };
  // Build the text directly (no rebuilt object), so a "__proto__" key stays an ordinary key.
  const keys = Object.keys(object).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${serialise(object[k] ?? null)}`).join(',')}}`;
}

function escapeUnits(c: string): string {
  let out = '';
  for (let i = 0; i < c.length; i++) out += `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return out;
}
