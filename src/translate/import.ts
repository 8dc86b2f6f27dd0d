// A translator's work, put into plan.yaml: each translated string is set at its place under
// translations.<lang>, in the document the yaml package parsed (so that the comments in that section
// stay), and only the text of the translations section is replaced; every other line of the file
// stays byte for byte. The new text is read again whole and must hold exactly what was meant.
import { parseYaml } from '../load/parse.js';
import { sameData } from '../same-data.js';
import type { TranslatableString } from '../plan/translatable.js';
import { yaml } from '../apply/splice.js';

export interface TranslationImport {
  /** plan.yaml's new text; null when nothing changes. */
  text: string | null;
  /** Strings given a new or changed translation. */
  set: TranslatableString[];
  /** Keys in the file that are no string of the plan (renamed or removed since the export). */
  unknown: string[];
  /** Strings left out because what they belong with is not translated (a level's description without its label). */
  skipped: TranslatableString[];
}

export class TranslationImportError extends Error {}

type Path = Array<string | number>;

function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** Where the content of a node ends: before the blank lines and comments that may follow it. */
function contentEnd(text: string, end: number): number {
  let at = end;
  while (at > 0 && /\s/.test(text[at - 1]!)) at--;
  return at;
}

export function importTranslations(text: string, lang: string, strings: readonly TranslatableString[], targets: ReadonlyMap<string, string>): TranslationImport {
  const byKey = new Map(strings.map((s) => [s.key, s]));
  const unknown = [...targets.keys()].filter((key) => !byKey.has(key));
  const wanted = strings.filter((s) => targets.has(s.key) && targets.get(s.key) !== s.target);
  // A level of a list must keep its required key: a scale level its label, a declared level its name.
  const has = (path: Path) => strings.some((s) => s.path.join(':') === path.join(':') && (targets.get(s.key) ?? s.target) !== undefined);
  // A list may have no gaps: an item's bullet points go in all together, a level after the ones before it.
  const bulletsOf = (id: string | number) => strings.filter((x) => x.path[0] === 'items' && x.path[1] === id && x.path[2] === 'items');
  const skipped = wanted.filter(
    (s) =>
      (s.path[0] === 'rating_scale' && s.path[1] === 'levels' && (!has(['rating_scale', 'levels', s.path[2]!, 'label']) || [...Array(Number(s.path[2])).keys()].some((i) => !has(['rating_scale', 'levels', i, 'label'])))) ||
      (s.path[0] === 'levels' && (!has(['levels', s.path[1]!, 'name']) || [...Array(Number(s.path[1])).keys()].some((i) => !has(['levels', i, 'name'])))) ||
      (s.path[0] === 'items' && s.path[2] === 'items' && bulletsOf(s.path[1]!).some((b) => !has(b.path))),
  );
  const set = wanted.filter((s) => !skipped.includes(s));
  if (!set.length) return { text: null, set, unknown, skipped };

  const Y = yaml();
  const doc = Y.parseDocument(text);
  if (doc.errors.length) throw new TranslationImportError(`plan.yaml is not well-formed YAML (${doc.errors[0]!.message.split('\n')[0]}); run plan validate and fix it first`);
  if (!Y.isMap(doc.contents)) throw new TranslationImportError('plan.yaml does not hold a mapping');
  const root = doc.contents;
  // A key the yaml package added is a plain string, one it parsed a Scalar.
  const isTranslations = (pair: { key: unknown }) => (Y.isScalar(pair.key) ? pair.key.value : pair.key) === 'translations';
  const existing = root.items.find(isTranslations);
  // Each string at its place; lists (levels, bullet points) in order, so that no index is left empty.
  const ordered = strings.filter((s) => set.includes(s));
  // What translations.<lang> is meant to hold; where the document has no place for a string yet,
  // the smallest part of that which holds it is made a node, whole.
  const before = parseYaml(text);
  if (!before.ok) throw new TranslationImportError('plan.yaml does not read; run plan validate and fix it first');
  const intended = structuredClone(before.data) as Record<string, unknown>;
  for (const s of ordered) setAt(intended, ['translations', lang, ...s.path], targets.get(s.key)!);
  for (const s of ordered) {
    const full: Path = ['translations', lang, ...s.path];
    let k = full.length;
    while (k > 0 && !doc.hasIn(full.slice(0, k))) k--;
    if (k === full.length) doc.setIn(full, targets.get(s.key)!);
    else doc.setIn(full.slice(0, k + 1), doc.createNode(valueAt(intended, full.slice(0, k + 1))));
  }
  const pair = root.items.find(isTranslations)!;
  // The comment and blank lines above the key stay where they are, in the text around the section;
  // written with it too, they would appear twice.
  if (existing && Y.isScalar(pair.key)) {
    pair.key.commentBefore = undefined;
    pair.key.spaceBefore = false;
  }
  // The section alone, as the yaml package writes it with its nodes (and their comments).
  const section = new Y.Document();
  section.contents = new Y.YAMLMap();
  (section.contents as import('yaml').YAMLMap).items.push(pair);
  const sectionText = section.toString({ lineWidth: 0, indent: 2 }).replace(/\n+$/, '');
  let next: string;
  if (existing && (existing.key as { range?: [number, number, number] }).range && (existing.value as { range?: [number, number, number] } | null)?.range) {
    const from = lineStart(text, (existing.key as { range: [number, number, number] }).range[0]);
    const to = contentEnd(text, (existing.value as { range: [number, number, number] }).range[1]);
    next = text.slice(0, from) + sectionText + text.slice(to);
  } else {
    const newline = text.includes('\r\n') ? '\r\n' : '\n';
    next = `${text.replace(/\s*$/, '')}${newline}${newline}${sectionText.replace(/\n/g, newline)}${newline}`;
  }
  // Read back whole: the translations must be what was meant, and nothing else may have moved.
  const after = parseYaml(next);
  if (!after.ok) throw new TranslationImportError('the new plan.yaml would not read back; this is a fault in plan, and nothing was written');
  if (!sameData(after.data, intended)) throw new TranslationImportError('the new plan.yaml would not read back as intended; this is a fault in plan, and nothing was written. Report the file\'s layout');
  return { text: next, set, unknown, skipped };
}

function valueAt(root: unknown, path: Path): unknown {
  let node = root;
  for (const step of path) node = (node as Record<string | number, unknown>)[step];
  return node;
}

function setAt(root: Record<string, unknown>, path: Path, value: string): void {
  let node: Record<string | number, unknown> = root;
  path.forEach((step, i) => {
    if (i === path.length - 1) {
      node[step] = value;
      return;
    }
    if (!node[step] || typeof node[step] !== 'object') node[step] = typeof path[i + 1] === 'number' ? [] : {};
    node = node[step] as Record<string | number, unknown>;
  });
}
