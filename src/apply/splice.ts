// Writes progress entries into an action plan's YAML text without disturbing the rest: the file is
// read as lines, the action's item and its progress map are found by their indentation, and only
// the lines of the entry being set are replaced or inserted. Comments, key order, quoting and blank
// lines elsewhere stay byte for byte. Entries are written in the style of their neighbours: one
// flow line each where the file uses them (EH2020, HPS), a block otherwise. Whatever this does is
// checked afterwards by parsing the result (see apply.ts): a layout it does not understand is refused,
// never guessed at.
import { createRequire } from 'node:module';
import type { ProgressEntry } from '../plan/model.js';

type YamlModule = typeof import('yaml');
let yamlModule: YamlModule | undefined;
const yaml = (): YamlModule => (yamlModule ??= createRequire(import.meta.url)('yaml') as YamlModule);

export interface EntryEdit {
  action: string;
  cycle: string;
  entry: ProgressEntry;
}

export class SpliceError extends Error {
  constructor(
    readonly action: string,
    message: string,
  ) {
    super(message);
  }
}

interface Line {
  text: string;
  /** Offset of the line's first character. */
  start: number;
  indent: number;
  /** Blank or a comment alone. */
  empty: boolean;
}

function linesOf(text: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    const raw = text.slice(start, end).replace(/\r$/, '');
    const indent = raw.length - raw.trimStart().length;
    const trimmed = raw.trimStart();
    lines.push({ text: raw, start, indent, empty: trimmed === '' || trimmed.startsWith('#') });
    if (end === text.length) break;
    start = end + 1;
  }
  return lines;
}

function scalarKey(text: string): string {
  const t = text.trim();
  if ((t.startsWith("'") && t.endsWith("'")) || (t.startsWith('"') && t.endsWith('"'))) return t.slice(1, -1);
  return t;
}

/** `key: rest` at the start of `text` (after indentation and any "- "), or null. */
function keyOf(text: string): { key: string; rest: string } | null {
  const m = /^(?:-\s+)?("[^"]*"|'[^']*'|[^\s#'"{[][^:#]*?):(?:\s+(.*))?$/.exec(text.trimStart());
  if (!m) return null;
  return { key: scalarKey(m[1]!), rest: (m[2] ?? '').replace(/\s+#.*$/, '').trim() };
}

function itemsOf(lines: Line[]): { keyIndent: number; items: Array<{ from: number; to: number; id: string | null; flow: boolean }> } | null {
  const top = lines.findIndex((l) => l.indent === 0 && !l.empty && /^actions:\s*(#.*)?$/.test(l.text));
  if (top === -1) return null;
  let itemIndent = -1;
  const items: Array<{ from: number; to: number; id: string | null; flow: boolean }> = [];
  let i = top + 1;
  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.empty) continue;
    const dash = /^-(\s|$)/.test(line.text.slice(line.indent));
    if (itemIndent === -1) {
      if (!dash) return null;
      itemIndent = line.indent;
    }
    if (line.indent < itemIndent || (line.indent === itemIndent && !dash)) break;
    if (line.indent === itemIndent && dash) {
      if (items.length) items.at(-1)!.to = i;
      const after = line.text.slice(line.indent + 1).trimStart();
      items.push({ from: i, to: lines.length, id: null, flow: after.startsWith('{') });
    }
  }
  if (items.length) items.at(-1)!.to = i;
  const keyIndent = itemIndent + 2;
  for (const item of items) {
    if (item.flow) {
      const m = /\bid:\s*("[^"]*"|'[^']*'|[^,}\s]+)/.exec(lines[item.from]!.text);
      item.id = m ? scalarKey(m[1]!) : null;
      continue;
    }
    for (let k = item.from; k < item.to; k++) {
      const line = lines[k]!;
      if (line.empty || (k !== item.from && line.indent !== keyIndent)) continue;
      const key = keyOf(line.text);
      if (key?.key === 'id') {
        item.id = scalarKey(key.rest);
        break;
      }
    }
  }
  return { keyIndent, items };
}

function lastContent(lines: Line[], from: number, to: number): number {
  for (let k = to - 1; k >= from; k--) if (!lines[k]!.empty) return k;
  return from;
}

function blockEntry(entry: ProgressEntry): string[] {
  return yaml().stringify(entry, { lineWidth: 0, singleQuote: true }).replace(/\n$/, '').split('\n');
}

function flowEntry(entry: ProgressEntry): string {
  return yaml().stringify(entry, { lineWidth: 0, flowCollectionPadding: false, collectionStyle: 'flow', singleQuote: true }).trim();
}

function flowMap(map: Record<string, ProgressEntry>): string {
  return yaml().stringify(map, { lineWidth: 0, flowCollectionPadding: false, collectionStyle: 'flow', singleQuote: true }).trim();
}

const pad = (n: number) => ' '.repeat(n);

/**
 * Sets each edit's entry in `text`. `order` gives each cycle's place in time, so that a new entry
 * goes where it falls among the others. Throws SpliceError for an action it cannot place safely.
 */
export function spliceEntries(text: string, edits: readonly EntryEdit[], order: ReadonlyMap<string, number>, parseFlow: (text: string) => unknown): string {
  const lines = linesOf(text);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const found = itemsOf(lines);
  if (!found) throw new SpliceError(edits[0]?.action ?? '', 'the file\'s actions are not a list written one item after another under "actions:"');
  const { keyIndent, items } = found;
  const byId = new Map(items.map((item) => [item.id, item]));
  /** Line index -> the lines that replace it (a deletion is an empty list); insertions go before a line. */
  const replace = new Map<number, string[]>();
  const insertBefore = new Map<number, string[]>();
  const later = (a: string, b: string) => (order.get(a) ?? Infinity) > (order.get(b) ?? Infinity);

  for (const edit of edits) {
    const item = byId.get(edit.action);
    if (!item) throw new SpliceError(edit.action, `${edit.action} was not found where expected in the file`);
    if (item.flow) throw new SpliceError(edit.action, `${edit.action} is written on one line in braces ({id: ...}); write it as a block, one key per line, to let plan apply add its progress`);
    let progressLine = -1;
    for (let k = item.from; k < item.to; k++) {
      const line = lines[k]!;
      if (line.empty || (k !== item.from && line.indent !== keyIndent)) continue;
      if (keyOf(line.text)?.key === 'progress') {
        progressLine = k;
        break;
      }
    }
    if (progressLine === -1) {
      // No progress yet: add the map after the action's last line.
      const at = lastContent(lines, item.from, item.to) + 1;
      const added = [`${pad(keyIndent)}progress:`, `${pad(keyIndent + 2)}${edit.cycle}:`, ...blockEntry(edit.entry).map((l) => `${pad(keyIndent + 4)}${l}`.trimEnd())];
      insertBefore.set(at, [...(insertBefore.get(at) ?? []), ...added]);
      continue;
    }
    const progress = lines[progressLine]!;
    const rest = keyOf(progress.text)!.rest;
    if (rest.startsWith('{')) {
      // A flow map on one line, as HPS writes them: the line is rewritten with the entry in place.
      let map: Record<string, ProgressEntry>;
      try {
        map = parseFlow(rest) as Record<string, ProgressEntry>;
      } catch {
        throw new SpliceError(edit.action, `the progress of ${edit.action} is a map in braces that spans lines; write it as a block, one cycle per line`);
      }
      const keys = Object.keys(map ?? {});
      const merged: Record<string, ProgressEntry> = {};
      let placed = false;
      for (const key of keys) {
        if (!placed && key !== edit.cycle && later(key, edit.cycle)) {
          merged[edit.cycle] = edit.entry;
          placed = true;
        }
        merged[key] = key === edit.cycle ? edit.entry : map[key]!;
        if (key === edit.cycle) placed = true;
      }
      if (!placed) merged[edit.cycle] = edit.entry;
      const keyStart = progress.text.indexOf('progress');
      const comment = /\s+#.*$/.exec(progress.text.slice(keyStart))?.[0] ?? '';
      replace.set(progressLine, [`${progress.text.slice(0, keyStart)}progress: ${flowMap(merged)}${comment}`]);
      continue;
    }
    if (rest !== '') throw new SpliceError(edit.action, `the progress of ${edit.action} is not a map of cycles`);
    // A block map: find the cycles' keys at the first entry's indentation.
    let end = progressLine + 1;
    let entryIndent = -1;
    const keys: Array<{ key: string; line: number }> = [];
    for (; end < item.to; end++) {
      const line = lines[end]!;
      if (line.empty) continue;
      if (line.indent <= progress.indent) break;
      if (entryIndent === -1) entryIndent = line.indent;
      if (line.indent === entryIndent) {
        const key = keyOf(line.text);
        if (!key) throw new SpliceError(edit.action, `the progress of ${edit.action} has a line plan apply cannot read: ${line.text.trim()}`);
        keys.push({ key: key.key, line: end });
      }
    }
    if (entryIndent === -1) entryIndent = progress.indent + 2;
    const flowStyle = keys.length > 0 && keys.every((k) => keyOf(lines[k.line]!.text)!.rest.startsWith('{'));
    const oneLine = flowEntry(edit.entry);
    const rendered =
      flowStyle && !oneLine.includes('\n') && entryIndent + edit.cycle.length + oneLine.length < 160
        ? [`${pad(entryIndent)}${edit.cycle}: ${oneLine}`]
        : [`${pad(entryIndent)}${edit.cycle}:`, ...blockEntry(edit.entry).map((l) => `${pad(entryIndent + 2)}${l}`.trimEnd())];
    const existing = keys.findIndex((k) => k.key === edit.cycle);
    if (existing !== -1) {
      const from = keys[existing]!.line;
      const to = lastContent(lines, from, existing + 1 < keys.length ? keys[existing + 1]!.line : end);
      replace.set(from, rendered);
      for (let k = from + 1; k <= to; k++) replace.set(k, []);
      continue;
    }
    const next = keys.find((k) => later(k.key, edit.cycle));
    const at = next ? next.line : lastContent(lines, progressLine, end) + 1;
    insertBefore.set(at, [...(insertBefore.get(at) ?? []), ...rendered]);
  }

  const out: string[] = [];
  let copyFrom = 0;
  const positions = [...new Set([...replace.keys(), ...insertBefore.keys()])].sort((a, b) => a - b);
  for (const index of positions) {
    const start = index < lines.length ? lines[index]!.start : text.length;
    out.push(text.slice(copyFrom, start));
    copyFrom = start;
    const inserted = insertBefore.get(index);
    if (inserted) {
      // At the very end of a file without a final newline, the new lines need one before them.
      if (start === text.length && text.length > 0 && !text.endsWith('\n')) out.push(eol);
      out.push(inserted.map((l) => l + eol).join(''));
    }
    const replaced = replace.get(index);
    if (replaced && index < lines.length) {
      const line = lines[index]!;
      const lineEnd = index + 1 < lines.length ? lines[index + 1]!.start : text.length;
      const ending = text.slice(line.start + line.text.length, lineEnd);
      out.push(replaced.map((l, i) => l + (i === replaced.length - 1 ? ending : eol)).join(''));
      copyFrom = lineEnd;
    }
  }
  out.push(text.slice(copyFrom));
  return out.join('');
}
