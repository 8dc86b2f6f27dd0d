// The district's own words for the parts of its plan. Every message and report takes its labels
// from here, so that EH2020 reads "High Leverage District Strategy" where HPS reads "Strategy".

export type TermKey =
  | 'theory'
  | 'strategy'
  | 'action'
  | 'goal'
  | 'office'
  | 'school'
  | 'network'
  | 'partner'
  | 'cycle'
  | 'district_action_plan'
  | 'school_action_plan';

export interface Term {
  singular: string;
  plural: string;
}

export type Terminology = Record<TermKey, Term>;

const DEFAULT_WORDS: Record<TermKey, [string, string]> = {
  theory: ['Theory of Action', 'Theories of Action'],
  strategy: ['Strategy', 'Strategies'],
  action: ['Action Step', 'Action Steps'],
  goal: ['Goal', 'Goals'],
  office: ['Office', 'Offices'],
  school: ['School', 'Schools'],
  network: ['Network', 'Networks'],
  partner: ['Partner', 'Partners'],
  cycle: ['Reporting Cycle', 'Reporting Cycles'],
  district_action_plan: ['District Action Plan', 'District Action Plans'],
  school_action_plan: ['School Action Plan', 'School Action Plans'],
};

export const TERM_KEYS = Object.keys(DEFAULT_WORDS) as TermKey[];

export function defaultTerminology(): Terminology {
  const terms = {} as Terminology;
  for (const key of TERM_KEYS) {
    const [singular, plural] = DEFAULT_WORDS[key];
    terms[key] = { singular, plural };
  }
  return terms;
}

/** English plural of a label the district gave only in the singular. */
export function pluralize(word: string): string {
  const lastSpace = word.lastIndexOf(' ');
  const head = word.slice(0, lastSpace + 1);
  const last = word.slice(lastSpace + 1);
  if (/(s|x|z|ch|sh)$/i.test(last)) return `${head}${last}es`;
  if (/[^aeiou]y$/i.test(last)) return `${head}${last.slice(0, -1)}ies`;
  if (/^(of|for|to|in)$/i.test(last)) return word;
  return `${head}${last}s`;
}

/** The terms the plan's `terminology` sets itself: the rest are the toolkit's defaults. */
export function configuredTermKeys(configured: unknown): Set<TermKey> {
  const keys = new Set<TermKey>();
  if (!configured || typeof configured !== 'object') return keys;
  const given = configured as Record<string, unknown>;
  for (const key of TERM_KEYS) {
    const value = given[key];
    const singular = value && typeof value === 'object' ? (value as { singular?: unknown }).singular : value;
    if (typeof singular === 'string' && singular.trim()) keys.add(key);
  }
  return keys;
}

/** Merge the plan's `terminology` (strings or {singular, plural}) over the defaults. */
export function resolveTerminology(configured: unknown): Terminology {
  const terms = defaultTerminology();
  if (!configured || typeof configured !== 'object') return terms;
  const given = configured as Record<string, unknown>;
  for (const key of TERM_KEYS) {
    const value = given[key];
    if (typeof value === 'string' && value.trim()) {
      terms[key] = { singular: value, plural: pluralizeLabel(value) };
    } else if (value && typeof value === 'object') {
      const { singular, plural } = value as { singular?: unknown; plural?: unknown };
      if (typeof singular === 'string' && singular.trim()) {
        terms[key] = {
          singular,
          plural: typeof plural === 'string' && plural.trim() ? plural : pluralizeLabel(singular),
        };
      }
    }
  }
  return terms;
}

// "Theory of Action" -> "Theories of Action": the noun before "of" takes the plural.
function pluralizeLabel(label: string): string {
  const of = label.search(/\s(of|for)\s/i);
  if (of > 0) return `${pluralize(label.slice(0, of))}${label.slice(of)}`;
  return pluralize(label);
}

/** The district's word for a kind of item ('action', 'strategy', ...); plain English for the rest. */
export function termFor(terms: Terminology, kind: string, plural = false): string {
  const known = (TERM_KEYS as string[]).includes(kind) ? terms[kind as TermKey] : undefined;
  if (known) return plural ? known.plural : known.singular;
  const plain: Record<string, [string, string]> = {
    person: ['Person', 'People'],
    'action-plan': ['Action plan', 'Action plans'],
    plan: ['Whole plan', 'Whole plan'],
  };
  const words = plain[kind] ?? [kind, kind];
  return plural ? words[1] : words[0];
}

/** The word with its indefinite article: "a strategy", "an objective". */
export function withArticle(word: string): string {
  return `${/^[aeiou]/i.test(word) ? 'an' : 'a'} ${word}`;
}
