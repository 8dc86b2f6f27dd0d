// Writes holistic ratings into plan.yaml without disturbing the rest: the items a form rated are
// found in the parsed document, whose nodes know where their text is, and only the entry's own text
// is replaced or inserted (one flow line, in the style of its neighbours). Comments, order, quoting
// and blank lines elsewhere stay byte for byte. A layout this does not handle (an item written as a
// one-line flow map, a holistic map that is not a map) is refused, never guessed at; and the result
// is read back whole and compared with what was meant (see apply-holistic.ts).
import type { HolisticEntry } from '../plan/model.js';
import { plainKey, scalar, yaml } from './splice.js';
import { groupBy } from '../group-by.js';

export interface HolisticEdit {
  item: string;
  cycle: string;
  entry: HolisticEntry;
}

type Node = { range?: [number, number, number] | null; flow?: boolean; items?: Array<{ key: unknown; value: unknown }> };

/** The entry as one flow map: {rating: 3, rationale: ..., rated_by: ...}. */
export function flowHolistic(entry: HolisticEntry): string {
  const parts: string[] = [];
  for (const key of ['rating', 'rationale', 'rated_by'] as const) {
    const value = entry[key];
    if (value === undefined) continue;
    const text = scalar(value as string | number | null, true);
    parts.push(`${key}: ${text || JSON.stringify(value)}`);
  }
  return `{${parts.join(', ')}}`;
}

function keyText(key: string): string {
  return plainKey(key) ? key : `'${key.replace(/'/g, "''")}'`;
}

/** Each map of a sequence that has an id, by that id, into `out`; the maps, for going deeper. */
function mapsById(seq: unknown, out: Map<string, Node>): import('yaml').YAMLMap[] {
  const { isMap, isSeq, isScalar } = yaml();
  if (!isSeq(seq)) return [];
  const maps = seq.items.filter((node): node is import('yaml').YAMLMap => isMap(node));
  for (const node of maps) {
    const id = node.get('id', true);
    if (isScalar(id) && typeof id.value === 'string') out.set(id.value, node as unknown as Node);
  }
  return maps;
}

/** Every item of the plan's tree by id: the maps under outline/children or theories/strategies. */
function itemNodes(doc: import('yaml').Document): Map<string, Node> {
  const out = new Map<string, Node>();
  const visit = (seq: unknown) => {
    for (const node of mapsById(seq, out)) {
      visit(node.get('children', true));
      visit(node.get('strategies', true));
    }
  };
  const root = doc.contents;
  if (yaml().isMap(root)) {
    visit(root.get('outline', true));
    visit(root.get('theories', true));
  }
  return out;
}

/**
 * plan.yaml with every top-level section but `keep` blanked out (spaces, line breaks kept): the same
 * length and the same offsets, so the parsed document's ranges point into the real text, for a
 * fraction of the parse (a large district's plan.yaml is mostly its list of schools). A file with
 * more than one document is parsed as it is.
 */
function masked(text: string, keep: readonly string[]): string {
  if (/^(---|\.\.\.)(\s|$)/m.test(text)) return text;
  const starts: Array<{ at: number; key: string }> = [];
  const topKey = /^([A-Za-z_][\w-]*)[ \t]*:/gm;
  for (let m = topKey.exec(text); m; m = topKey.exec(text)) starts.push({ at: m.index, key: m[1]! });
  if (!starts.length) return text;
  const out: string[] = [text.slice(0, starts[0]!.at).replace(/[^\n]/g, ' ')];
  starts.forEach(({ at, key }, i) => {
    const end = i + 1 < starts.length ? starts[i + 1]!.at : text.length;
    const section = text.slice(at, end);
    out.push(keep.includes(key) ? section : section.replace(/[^\n]/g, ' '));
  });
  return out.join('');
}

const SECTIONS = ['theories', 'outline', 'goals'];

function columnAt(text: string, offset: number): number {
  return offset - (text.lastIndexOf('\n', offset - 1) + 1);
}

/** Where the line holding `offset` ends (before its line break). */
function lineEnd(text: string, offset: number): number {
  const end = text.indexOf('\n', offset);
  if (end === -1) return text.length;
  return end > 0 && text[end - 1] === '\r' ? end - 1 : end;
}

/** The last character of a node's own text (before any line break that ends it). */
function lastOf(text: string, node: Node): number {
  let end = node.range![1];
  while (end > node.range![0] && /\s/.test(text[end - 1]!)) end--;
  return end - 1;
}

export type HolisticOutcome = { text: string } | { refused: { item: string; message: string } };

export function spliceHolistic(text: string, edits: readonly HolisticEdit[]): HolisticOutcome {
  const Y = yaml();
  const doc = Y.parseDocument(masked(text, SECTIONS), { keepSourceTokens: false });
  const items = itemNodes(doc);
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  // Each change as [from, to, text]; applied from the end of the file back, so offsets hold.
  const changes: Array<[number, number, string]> = [];
  const byItem = groupBy(edits, (edit) => edit.item);
  for (const [id, group] of byItem) {
    const node = items.get(id);
    const refuse = (message: string): HolisticOutcome => ({ refused: { item: id, message } });
    if (!node || !node.range) return refuse(`the item ${id} is not in plan.yaml`);
    if (node.flow) return refuse(`the item ${id} is written on one line as a flow map ({...}); write it as lines of key: value`);
    const pairs = node.items ?? [];
    const holistic = pairs.find((p) => Y.isScalar(p.key) && p.key.value === 'holistic');
    const firstKey = pairs[0]?.key as Node | undefined;
    const itemIndent = firstKey?.range ? columnAt(text, firstKey.range[0]) : 0;
    if (!holistic) {
      // A new holistic map after the item's last line, at its keys' indentation.
      const at = lineEnd(text, lastOf(text, node));
      const lines = [`holistic:`, ...group.map((e) => `  ${keyText(e.cycle)}: ${flowHolistic(e.entry)}`)];
      changes.push([at, at, lines.map((l) => `${newline}${' '.repeat(itemIndent)}${l}`).join('')]);
      continue;
    }
    const map = holistic.value as Node | null;
    if (!Y.isMap(map) || !map.range) return refuse(`the item ${id} has holistic: that is not a map of cycles`);
    if (map.flow) {
      // A one-line map of cycles, written again whole with the new entries.
      const value = { ...((map as unknown as { toJSON(): Record<string, HolisticEntry> }).toJSON() ?? {}) };
      for (const e of group) value[e.cycle] = e.entry;
      const text2 = `{${Object.entries(value).map(([c, e]) => `${keyText(c)}: ${flowHolistic(e)}`).join(', ')}}`;
      changes.push([map.range[0], lastOf(text, map) + 1, text2]);
      continue;
    }
    const cyclePairs = map.items ?? [];
    const entryIndent = (cyclePairs[0]?.key as Node | undefined)?.range ? columnAt(text, (cyclePairs[0]!.key as Node).range![0]) : itemIndent + 2;
    const added: string[] = [];
    for (const e of group) {
      const existing = cyclePairs.find((p) => Y.isScalar(p.key) && String(p.key.value) === e.cycle);
      const value = existing?.value as Node | null | undefined;
      if (existing && value?.range) changes.push([value.range[0], lastOf(text, value) + 1, flowHolistic(e.entry)]);
      else if (existing) {
        // "2025-eoy:" with nothing after it: the entry goes after the colon.
        const key = existing.key as Node;
        const at = lineEnd(text, key.range![1]);
        changes.push([at, at, ` ${flowHolistic(e.entry)}`]);
      } else added.push(`${keyText(e.cycle)}: ${flowHolistic(e.entry)}`);
    }
    if (added.length) {
      const at = lineEnd(text, lastOf(text, map));
      changes.push([at, at, added.map((l) => `${newline}${' '.repeat(entryIndent)}${l}`).join('')]);
    }
  }
  changes.sort((a, b) => b[0] - a[0] || b[1] - a[1]);
  let out = text;
  for (const [from, to, insert] of changes) out = out.slice(0, from) + insert + out.slice(to);
  return { text: out };
}

/** A measure's value to set: appended to its metric's actuals, or in place of the one at `replace`. */
export interface MeasureEdit {
  goal: string;
  point: { value: number; school_year?: string; cycle?: string; note?: string };
  /** The index in actuals of the value this one replaces (the same cycle's, or the school year's), if any. */
  replace: number | null;
}

/** A value as one flow map: {value: 95, school_year: 2024-25, cycle: 2025-eoy, note: ...}. */
export function flowPoint(point: MeasureEdit['point']): string {
  const parts = [`value: ${point.value}`];
  if (point.school_year !== undefined) parts.push(`school_year: ${point.school_year}`);
  if (point.cycle !== undefined) parts.push(`cycle: ${keyText(point.cycle)}`);
  if (point.note !== undefined) parts.push(`note: ${scalar(point.note, true) || JSON.stringify(point.note)}`);
  return `{${parts.join(', ')}}`;
}

/** Every measure of the plan by id: its goals, and the measures of its items. */
function goalNodes(doc: import('yaml').Document): Map<string, Node> {
  const out = new Map<string, Node>();
  const root = doc.contents;
  if (yaml().isMap(root)) mapsById(root.get('goals', true), out);
  for (const item of itemNodes(doc).values()) mapsById((item as unknown as import('yaml').YAMLMap).get('measures', true), out);
  return out;
}

export function spliceMeasures(text: string, edits: readonly MeasureEdit[], file = 'plan.yaml'): HolisticOutcome {
  const Y = yaml();
  const doc = Y.parseDocument(masked(text, SECTIONS));
  const goals = goalNodes(doc);
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  const changes: Array<[number, number, string]> = [];
  const byGoal = groupBy(edits, (edit) => edit.goal);
  for (const [id, group] of byGoal) {
    const refuse = (message: string): HolisticOutcome => ({ refused: { item: id, message } });
    const node = goals.get(id) as unknown as import('yaml').YAMLMap | undefined;
    if (!node) return refuse(`the measure ${id} is not in ${file}`);
    const metric = node.get('metric', true) as unknown as Node | undefined;
    if (!Y.isMap(metric) || !metric.range) return refuse(`the measure ${id} has no metric map`);
    const actuals = (metric as unknown as import('yaml').YAMLMap).get('actuals', true) as unknown as Node | undefined;
    const added = group.filter((e) => e.replace === null);
    for (const e of group) {
      if (e.replace === null) continue;
      const old = (actuals?.items?.[e.replace] as unknown as Node | undefined) ?? undefined;
      if (!old?.range) return refuse(`the value to replace of the measure ${id} is not where the plan has it`);
      changes.push([old.range[0], lastOf(text, old) + 1, flowPoint(e.point)]);
    }
    if (!added.length) continue;
    if (actuals === undefined || actuals === null) {
      if (metric.flow) return refuse(`the measure ${id}'s metric is written on one line as a flow map ({...}); write it as lines of key: value`);
      const firstKey = (metric.items?.[0]?.key as Node | undefined)?.range;
      const indent = firstKey ? columnAt(text, firstKey[0]) : 0;
      const at = lineEnd(text, lastOf(text, metric));
      changes.push([at, at, `${newline}${' '.repeat(indent)}actuals: [${added.map((e) => flowPoint(e.point)).join(', ')}]`]);
      continue;
    }
    if (!Y.isSeq(actuals) || !actuals.range) return refuse(`the measure ${id}'s actuals is not a list`);
    if (actuals.flow) {
      // Before the closing bracket: "[a, b]" becomes "[a, b, c]".
      const close = lastOf(text, actuals);
      if (text[close] !== ']') return refuse(`the measure ${id}'s actuals list does not end where expected`);
      const some = (actuals.items ?? []).length > 0;
      changes.push([close, close, `${some ? ', ' : ''}${added.map((e) => flowPoint(e.point)).join(', ')}`]);
    } else {
      const first = actuals.items?.[0] as unknown as Node | undefined;
      const dash = first?.range ? text.lastIndexOf('-', first.range[0]) : -1;
      const indent = dash >= 0 ? columnAt(text, dash) : columnAt(text, actuals.range[0]);
      const at = lineEnd(text, lastOf(text, actuals));
      changes.push([at, at, added.map((e) => `${newline}${' '.repeat(indent)}- ${flowPoint(e.point)}`).join('')]);
    }
  }
  changes.sort((a, b) => b[0] - a[0] || b[1] - a[1]);
  let out = text;
  for (const [from, to, insert] of changes) out = out.slice(0, from) + insert + out.slice(to);
  return { text: out };
}
