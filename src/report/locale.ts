// The report's own words in the report's language: headings, labels, legends, "Page X of Y". The
// district's text (its plan, its terminology, its scale's labels) stays as written. English and
// Spanish ship in locales/; a district adds or overrides words with locales/<lang>.json in its plan
// directory (a language of its own, or a key of ours in its own words).
import { readConfined, RefusedFileError, repositoryRoot } from '../confine.js';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export type Messages = Readonly<Record<string, string>>;

export interface Locale {
  /** The report's language, a BCP 47 tag (es, es-MX). */
  lang: string;
  /** A message with its {placeholders} filled; the English message where this language lacks one. */
  t(key: string, values?: Readonly<Record<string, string | number>>): string;
  /** Whether this language gives the message itself, rather than reading it in English. */
  own(key: string): boolean;
}

export class LocaleError extends Error {}

const LOCALES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'locales');
const builtIn = new Map<string, Messages | null>();

/** A language's words from a JSON file; a plan's own (`roots` given) are read under the rule of confine.ts. */
function readMessages(path: string, roots?: readonly string[]): Messages | null {
  if (!existsSync(path)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(roots ? Buffer.from(readConfined(path, 'locale', roots).bytes).toString('utf8') : readFileSync(path, 'utf8'));
  } catch (error) {
    if (error instanceof RefusedFileError) throw new LocaleError(error.said());
    throw new LocaleError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed) || Object.values(parsed).some((v) => typeof v !== 'string')) {
    throw new LocaleError(`${path} must map each key to a text, e.g. {"summary": "Resumen"}`);
  }
  return parsed as Messages;
}

function shipped(tag: string): Messages | null {
  if (!builtIn.has(tag)) builtIn.set(tag, /^[a-z]{2,3}(-[a-z0-9]+)*$/i.test(tag) ? readMessages(join(LOCALES_DIR, `${tag}.json`)) : null);
  return builtIn.get(tag)!;
}

let english: Locale | undefined;

/** The English words, loaded once: for views and templates given no locale. */
export function englishLocale(): Locale {
  return (english ??= loadLocale('en'));
}

/** The languages plan ships words for. */
export const SHIPPED_LANGUAGES = ['en', 'es'] as const;

/**
 * The words for `lang`: English, then the language's own (es for es-MX), then the region's, then the
 * plan directory's locales/ files over them. A language with no words anywhere is an error.
 */
export function loadLocale(lang: string, planDir?: string): Locale {
  const tags = [lang.split('-')[0]!.toLowerCase(), lang.toLowerCase()].filter((t, i, all) => all.indexOf(t) === i);
  const layers: Messages[] = [shipped('en')!];
  let found = tags[0] === 'en';
  for (const tag of tags) {
    const own = shipped(tag);
    if (own) {
      layers.push(own);
      found = true;
    }
  }
  if (planDir) {
    const roots = [repositoryRoot(planDir)];
    for (const tag of tags) {
      const local = readMessages(join(planDir, 'locales', `${tag}.json`), roots);
      if (local) {
        layers.push(local);
        found = true;
      }
    }
  }
  if (!found) throw new LocaleError(`no report words for the language "${lang}"`);
  const messages: Record<string, string> = Object.assign({}, ...layers);
  const split = new Map<string, string[]>();
  const owned = new Set((tags[0] === 'en' ? layers : layers.slice(1)).flatMap((layer) => Object.keys(layer)));
  return {
    lang,
    own: (key) => owned.has(key),
    t(key, values = {}) {
      const message = messages[key] ?? key;
      // Most messages have no {name} to fill, and the rest are split once: a website asks for hundreds of thousands.
      if (!message.includes('{')) return message;
      let parts = split.get(message);
      if (!parts) split.set(message, (parts = message.split(/\{(\w+)\}/)));
      let out = parts[0]!;
      for (let i = 1; i < parts.length; i += 2) {
        const name = parts[i]!;
        out += (name in values ? String(values[name]) : `{${name}}`) + parts[i + 1]!;
      }
      return out;
    },
  };
}
