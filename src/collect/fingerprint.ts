// Fingerprints that let `plan apply` tell what changed in the plan since a form was made: one of the
// action as it stood (everything but its progress), and one of its entry for the form's cycle. They
// are short hashes of a canonical JSON form, so key order and YAML style do not count as change.
import * as crypto from 'node:crypto';
import type { ActionData, ProgressEntry } from '../plan/model.js';

/** JSON with object keys in order: equal data, equal text. */
export function canonicalJson(value: unknown): string {
  return canonical(value);
}

// Keys repeat across fifty thousand actions: each is quoted once.
const quotedKeys = new Map<string, string>();

/** `leaving` is a key of the top object to leave out, as if it were not there. */
function canonical(value: unknown, leaving?: string): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonical(value[i]);
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length > 1) keys.sort();
  let out = '{';
  for (const key of keys) {
    const item = record[key];
    if (item === undefined || key === leaving) continue;
    let quoted = quotedKeys.get(key);
    if (quoted === undefined) quotedKeys.set(key, (quoted = `${JSON.stringify(key)}:`));
    out += (out.length > 1 ? ',' : '') + quoted + canonical(item);
  }
  return `${out}}`;
}

// crypto.hash (Node 20.12 and later) hashes a short string in one call, several times faster
// than a Hash object; fifty thousand actions a run make that worth the fallback.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'base64url') => string }).hash;

function hash(text: string): string {
  return (oneShot ? oneShot('sha256', text, 'base64url') : crypto.createHash('sha256').update(text).digest('base64url')).slice(0, 16);
}

/** The action as the person filling the form saw it: every field but its progress. */
export function actionFingerprint(action: ActionData): string {
  return hash(canonical(action, 'progress'));
}

/** The action's entry for one cycle as it stood ("-" when it had none). */
export function entryFingerprint(entry: ProgressEntry | undefined): string {
  return entry === undefined ? '-' : hash(canonical(entry));
}

/**
 * A seal over a form's record, so that an edit to it is noticed rather than trusted. Without a key
 * it is a plain hash: it catches a record changed by mistake, but anyone can compute it for a record
 * of their own. With the district's key (PLAN_FORM_KEY) it is an HMAC: only a holder of the key can
 * make a record that passes, so a form not made by the district's own plan collect is refused.
 */
export function seal(lines: readonly string[], key?: string): string {
  const text = `plan-as-code update form\n${lines.join('\n')}`;
  return key ? crypto.createHmac('sha256', key).update(text).digest('base64url').slice(0, 22) : hash(text);
}

/** The smallest key accepted: a key short enough to guess protects nothing. */
export const MIN_FORM_KEY_LENGTH = 16;
