// Writes holistic ratings into plan.yaml without disturbing the rest: the items a form rated are
// found in the parsed document, whose nodes know where their text is, and only the entry's own text
// is replaced or inserted (one flow line, in the style of its neighbours). Comments, order, quoting
// and blank lines elsewhere stay byte for byte. A layout this does not handle (an item written as a
// one-line flow map, a holistic map that is not a map) is refused, never guessed at; and the result
// is read back whole and compared with what was meant (see apply-holistic.ts).
import { createRequire } from 'node:module';
import type { HolisticEntry } from '../plan/model.js';
import { plainKey, scalar } from './splice.js';

type YamlModule = typeof import('yaml');
let yamlModule: YamlModule | undefined;
const yaml = (): YamlModule => (yamlModule ??= createRequire(import.meta.url)('yaml') as YamlModule);

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

/** Every item of the plan's tree by id: the maps under outline/children or theories/strategies. */
function itemNodes(doc: import('yaml').Document): Map<string, Node> {
  const { isMap, isSeq, isScalar } = yaml();
  const out = new Map<string, Node>();
  const visitSeq = (seq: unknown) => {
    if (!isSeq(seq)) return;
    for (const node of seq.items) {
      if (!isMap(node)) continue;
      const id = node.get('id', true);
      if (isScalar(id) && typeof id.value === 'string') out.set(id.value, node as unknown as Node);
      visitSeq(node.get('children', true));
      visitSeq(node.get('strategies', true));
    }
  };
  const root = doc.contents;
  if (isMap(root)) {
    visitSeq(root.get('outline', true));
    visitSeq(root.get('theories', true));
  }
  return out;
}

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
  const doc = Y.parseDocument(text, { keepSourceTokens: false });
  const items = itemNodes(doc);
  const newline = text.includes('\r\n') ? '\r\n' : '\n';
  // Each change as [from, to, text]; applied from the end of the file back, so offsets hold.
  const changes: Array<[number, number, string]> = [];
  const byItem = new Map<string, HolisticEdit[]>();
  for (const edit of edits) (byItem.get(edit.item) ?? byItem.set(edit.item, []).get(edit.item)!).push(edit);
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
