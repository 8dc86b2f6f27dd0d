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
/** The yaml package, loaded on first use: only apply runs that write need it. */
export const yaml = (): YamlModule => (yamlModule ??= createRequire(import.meta.url)('yaml') as YamlModule);

export interface EntryEdit {
  action: string;
  cycle: string;
  entry: ProgressEntry;
}

/** The lines written for one edit, and how to read them back on their own. */
export interface Written {
  action: string;
  cycle: string;
  /** The lines, without their common indentation. */
  yaml: string;
  /** What they are: the cycle's entry ({cycle: entry}), or a whole progress map ({progress: {...}}). */
  holds: 'entry' | 'progress';
  /** For a whole progress map: the map as the file held it before (empty when it had none). */
  before?: Record<string, ProgressEntry>;
  /**
   * Every key and value written by the rules in scalar() (plain or single-quoted words, a rating),
   * which read back as written by construction (a test holds them to it); the yaml package's
   * renderings, and a one-line map rewritten whole, are read back to be sure (see splice-file.ts).
   */
  ruled: boolean;
}

export class SpliceError extends Error {
  constructor(
    readonly action: string,
    message: string,
  ) {
    super(message);
  }
}

/** The file's lines, measured in one pass without cutting the text into strings. */
class Lines {
  readonly count: number;
  readonly start: Int32Array;
  /** Where the line's text ends (before "\r\n" or "\n"). */
  readonly end: Int32Array;
  readonly indent: Int32Array;
  /** Blank, or a comment alone. */
  readonly empty: Uint8Array;

  constructor(readonly source: string) {
    const starts: number[] = [0];
    for (let i = source.indexOf('\n'); i !== -1; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
    this.count = starts.length;
    this.start = Int32Array.from(starts);
    this.end = new Int32Array(this.count);
    this.indent = new Int32Array(this.count);
    this.empty = new Uint8Array(this.count);
    /** While in a block of text: the column its lines must be indented past; else -1. */
    let scalarAbove = -1;
    // Where a line may end in a block scalar's header: found in one pass over the text, since most
    // lines hold no "|" or ">" at all; each is then checked on its own line.
    const headers = headerCandidates(source);
    let nextHeader = 0;
    for (let k = 0; k < this.count; k++) {
      const from = this.start[k]!;
      let to = k + 1 < this.count ? this.start[k + 1]! - 1 : source.length;
      if (to > from && source.charCodeAt(to - 1) === 13) to--;
      this.end[k] = to;
      let i = from;
      while (i < to && source.charCodeAt(i) === 32) i++;
      this.indent[k] = i - from;
      const c = source.charCodeAt(i);
      // A line of a block of text (description: |) is text, whatever it starts with: "#1 priority"
      // there is no comment, and a line added above it would cut it out of the text.
      if (scalarAbove >= 0 && i < to && i - from > scalarAbove) continue;
      if (i < to) scalarAbove = -1;
      this.empty[k] = i === to || c === 35 || (c === 9 && /^\s*$/.test(source.slice(i, to))) ? 1 : 0;
      while (nextHeader < headers.length && headers[nextHeader]! < i) nextHeader++;
      if (!this.empty[k] && nextHeader < headers.length && headers[nextHeader]! < to && blockScalarStarts(source, i, to)) scalarAbove = blockParentColumn(source, from, i, to);
    }
  }

  text(k: number): string {
    return this.source.slice(this.start[k], this.end[k]);
  }

  /** Whether the line is a list item ("- ..."). */
  dash(k: number): boolean {
    const at = this.start[k]! + this.indent[k]!;
    if (this.source.charCodeAt(at) !== 45) return false;
    const next = this.source.charCodeAt(at + 1);
    return at + 1 >= this.end[k]! || next === 32 || next === 9;
  }
}

const HEADER_CANDIDATE = /[|>][-+0-9]{0,2}[ \t]*(?:#[^\r\n]*)?\r?$/gm;

/** The offsets of every "|" or ">" that ends a line (but for indicators, spaces and a comment), in order. */
function headerCandidates(source: string): number[] {
  const found: number[] = [];
  HEADER_CANDIDATE.lastIndex = 0;
  for (let m = HEADER_CANDIDATE.exec(source); m; m = HEADER_CANDIDATE.exec(source)) {
    found.push(m.index);
    if (m[0] === '') HEADER_CANDIDATE.lastIndex++;
  }
  return found;
}

/** Whether the line from `at` to `to` ends in a block scalar's header ("key: |", "- >-", "key: |2 # note"). */
function blockScalarStarts(source: string, at: number, to: number): boolean {
  return /(?:^|:[ \t]+|-[ \t]+)[|>][-+]?\d?[-+]?[ \t]*(?:#.*)?$/.test(source.slice(at, to));
}

/** The column a block scalar's lines must be indented past: its key's (after any "- "), or the dash's for a list item of text. */
function blockParentColumn(source: string, from: number, at: number, to: number): number {
  let i = at;
  if (source.charCodeAt(i) === 45) {
    let j = i + 1;
    while (j < to && source.charCodeAt(j) === 32) j++;
    const c = source.charCodeAt(j);
    if (c !== 124 && c !== 62) i = j;
  }
  return i - from;
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

/** A key character of the plain keys plan files use (id, progress, 2024-fall-sam). */
function plainKeyChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45 || c === 95 || c === 46;
}

/**
 * keyOf of line k. Thousands of lines a run hold a plain key (`progress:`, `2024-fall-sam:`), read
 * here without a pattern; anything else (quotes, a colon in the key, a comment) goes to keyOf.
 */
function keyAt(lines: Lines, k: number): { key: string; rest: string } | null {
  const source = lines.source;
  const end = lines.end[k]!;
  let i = lines.start[k]! + lines.indent[k]!;
  if (source.charCodeAt(i) === 45 && source.charCodeAt(i + 1) === 32) for (i += 2; source.charCodeAt(i) === 32; ) i++;
  const from = i;
  if (from >= end || source.charCodeAt(from) === 45) return keyOf(lines.text(k));
  while (i < end && plainKeyChar(source.charCodeAt(i))) i++;
  if (i === from || source.charCodeAt(i) !== 58) return keyOf(lines.text(k));
  const after = i + 1;
  if (after === end) return { key: source.slice(from, i), rest: '' };
  if (source.charCodeAt(after) !== 32) return keyOf(lines.text(k));
  const rest = source.slice(after, end);
  if (/[#\r\u2028\u2029]/.test(rest)) return keyOf(lines.text(k));
  return { key: source.slice(from, i), rest: rest.trim() };
}

interface Item {
  from: number;
  to: number;
  id: string | null;
  flow: boolean;
  /** The column of the item's keys: after its dash and the spaces that follow ("-   id: x" has them four past the dash). */
  keyIndent: number;
}

/** The column of an item's keys: where its first line's key starts after the dash, or the next line's indentation when the dash stands alone. */
function keyColumn(lines: Lines, from: number, to: number): number {
  const source = lines.source;
  const start = lines.start[from]!;
  let i = start + lines.indent[from]! + 1;
  while (i < lines.end[from]! && source.charCodeAt(i) === 32) i++;
  if (i < lines.end[from]! && source.charCodeAt(i) !== 35) return i - start;
  for (let k = from + 1; k < to; k++) if (!lines.empty[k]) return lines.indent[k]!;
  return lines.indent[from]! + 2;
}

function itemsOf(lines: Lines): { items: Item[] } | null {
  let top = -1;
  for (let k = 0; k < lines.count; k++) {
    if (lines.indent[k] === 0 && !lines.empty[k] && lines.source.startsWith('actions:', lines.start[k]!) && /^actions:\s*(#.*)?$/.test(lines.text(k))) {
      top = k;
      break;
    }
  }
  if (top === -1) return null;
  let itemIndent = -1;
  const items: Item[] = [];
  let i = top + 1;
  for (; i < lines.count; i++) {
    if (lines.empty[i]) continue;
    const indent = lines.indent[i]!;
    const dash = lines.dash(i);
    if (itemIndent === -1) {
      if (!dash) return null;
      itemIndent = indent;
    }
    if (indent < itemIndent || (indent === itemIndent && !dash)) break;
    if (indent === itemIndent && dash) {
      if (items.length) items.at(-1)!.to = i;
      const after = lines.text(i).slice(indent + 1).trimStart();
      items.push({ from: i, to: lines.count, id: null, flow: after.startsWith('{'), keyIndent: 0 });
    }
  }
  if (items.length) items.at(-1)!.to = i;
  for (const item of items) {
    item.keyIndent = keyColumn(lines, item.from, item.to);
    if (item.flow) {
      const m = /\bid:\s*("[^"]*"|'[^']*'|[^,}\s]+)/.exec(lines.text(item.from));
      item.id = m ? scalarKey(m[1]!) : null;
      continue;
    }
    for (let k = item.from; k < item.to; k++) {
      if (lines.empty[k] || (k !== item.from && lines.indent[k] !== item.keyIndent)) continue;
      const key = keyAt(lines, k);
      if (key?.key === 'id') {
        item.id = scalarKey(key.rest);
        break;
      }
    }
  }
  return { items };
}

function lastContent(lines: Lines, from: number, to: number): number {
  for (let k = to - 1; k >= from; k--) if (!lines.empty[k]) return k;
  return from;
}

// Most evidence is a line of ordinary prose: written plain where YAML reads it back as the same
// string, single-quoted where it is one line, and by the yaml package otherwise. Fifty thousand
// entries a run make the difference between these and a general stringifier worth having.
const PLAIN_BLOCK = /^[\p{L}\p{N}(][\p{L}\p{N} .,;()%'’/–—+-]*$/u;
const PLAIN_FLOW = /^[\p{L}\p{N}(][\p{L}\p{N} .;()%'’/–—+-]*$/u;
const KEYWORDS = /^(true|false|null|~|yes|no|on|off|y|n|\.nan|\.inf)$/i;

/** A value as plain or single-quoted YAML that reads back as itself; '' when it needs the yaml package's rendering. */
export function scalar(value: string | number | null, flow: boolean): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return String(value);
  const plain = flow ? PLAIN_FLOW : PLAIN_BLOCK;
  if (plain.test(value) && !/\s$/.test(value) && !KEYWORDS.test(value) && !/^[\d.+-]/.test(value)) return value;
  if (!/[\n\r\t\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/.test(value) && value.trim() === value) return `'${value.replace(/'/g, "''")}'`;
  return '';
}

const ENTRY_KEYS = ['rating', 'evidence', 'next_steps', 'reported_by'] as const;

/**
 * A cycle's id YAML reads back as the same text when written plain: letters, digits, dashes and
 * underscores, with a letter somewhere (2024-fall-sam), and not a word or number YAML 1.1 has a
 * meaning for (yes, 1e5, 0x1F).
 */
export function plainKey(key: string): boolean {
  return /^[A-Za-z0-9][\w-]*$/.test(key) && /[A-Za-z]/.test(key) && !KEYWORDS.test(key) && !/^0[xob]/i.test(key) && !/^[\d_]*e[-+]?[\d_]+$/i.test(key);
}

function blockEntry(entry: ProgressEntry): { lines: string[]; ruled: boolean } {
  const lines: string[] = [];
  let ruled = true;
  for (const key of ENTRY_KEYS) {
    const value = entry[key];
    if (value === undefined) continue;
    const text = scalar(value, false);
    if (text) lines.push(`${key}: ${text}`);
    else {
      ruled = false;
      lines.push(...yaml().stringify({ [key]: value }, { lineWidth: 0, singleQuote: true }).replace(/\n$/, '').split('\n'));
    }
  }
  return { lines, ruled };
}

function flowEntry(entry: ProgressEntry): { text: string; ruled: boolean } {
  const parts: string[] = [];
  for (const key of ENTRY_KEYS) {
    const value = entry[key];
    if (value === undefined) continue;
    const text = scalar(value, true);
    if (!text) return { text: yaml().stringify(entry, { lineWidth: 0, flowCollectionPadding: false, collectionStyle: 'flow', singleQuote: true }).trim(), ruled: false };
    parts.push(`${key}: ${text}`);
  }
  return { text: `{${parts.join(', ')}}`, ruled: true };
}

function flowMap(map: Record<string, ProgressEntry>): string {
  return `{${Object.entries(map).map(([cycle, entry]) => `${cycle}: ${flowEntry(entry).text}`).join(', ')}}`;
}

const pad = (n: number) => ' '.repeat(n);

/**
 * What the edits make of a file's lines: lines replaced, removed, or inserted before a line, and
 * what was written for each edit. Kept apart from the steps that fill it in, so that each step is
 * a function of its own: V8 optimizes small functions quickly, and one that meets a new shape of
 * data is optimized again at small cost.
 */
class Changes {
  /** Line index -> the lines that replace it. */
  readonly replace = new Map<number, string[]>();
  readonly removed = new Set<number>();
  readonly insertBefore = new Map<number, string[]>();
  readonly written: Written[] = [];

  insert(at: number, lines: readonly string[]): void {
    const there = this.insertBefore.get(at);
    this.insertBefore.set(at, there ? [...there, ...lines] : [...lines]);
  }

  wrote(edit: EntryEdit, lines: readonly string[], indent: number, holds: Written['holds'], ruled: boolean, before?: Record<string, ProgressEntry>): void {
    this.written.push({ action: edit.action, cycle: edit.cycle, yaml: lines.map((l) => l.slice(indent)).join('\n'), holds, ...(before ? { before } : {}), ruled });
  }
}

/** How the edits place cycles in time: `later(a, b)` when cycle a comes after cycle b. */
type Later = (a: string, b: string) => boolean;

/**
 * Sets each edit's entry in `text`. `order` gives each cycle's place in time, so that a new entry
 * goes where it falls among the others. Throws SpliceError for an action it cannot place safely.
 */
export function spliceEntries(text: string, edits: readonly EntryEdit[], order: ReadonlyMap<string, number>, parseFlow: (text: string) => unknown): { text: string; written: Written[] } {
  const lines = new Lines(text);
  const found = itemsOf(lines);
  if (!found) throw new SpliceError(edits[0]?.action ?? '', 'the file\'s actions are not a list written one item after another under "actions:"');
  const { items } = found;
  const byId = new Map(items.map((item) => [item.id, item]));
  const changes = new Changes();
  const later: Later = (a, b) => (order.get(a) ?? Infinity) > (order.get(b) ?? Infinity);
  // An action's edits are placed together, in the order of their cycles.
  const groups = new Map<string, EntryEdit[]>();
  for (const edit of edits) {
    const group = groups.get(edit.action);
    if (group) group.push(edit);
    else groups.set(edit.action, [edit]);
  }
  for (const group of groups.values()) {
    group.sort((a, b) => (later(a.cycle, b.cycle) ? 1 : later(b.cycle, a.cycle) ? -1 : 0));
    const edit = group[0]!;
    const item = byId.get(edit.action);
    if (!item) throw new SpliceError(edit.action, `${edit.action} was not found where expected in the file`);
    if (item.flow) throw new SpliceError(edit.action, `${edit.action} is written on one line in braces ({id: ...}); write it as a block, one key per line, to let plan apply add its progress`);
    const progressLine = progressLineOf(lines, item);
    if (progressLine === -1) addProgress(lines, changes, item, group);
    else if (keyAt(lines, progressLine)!.rest.startsWith('{')) setInFlowMap(lines, changes, progressLine, group, later, parseFlow);
    else setInBlockMap(lines, changes, item, progressLine, group, later);
  }
  return { text: assemble(text, lines, changes), written: changes.written };
}

function progressLineOf(lines: Lines, item: Item): number {
  for (let k = item.from; k < item.to; k++) {
    if (lines.empty[k] || (k !== item.from && lines.indent[k] !== item.keyIndent)) continue;
    if (keyAt(lines, k)?.key === 'progress') return k;
  }
  return -1;
}

/** No progress yet: the map goes after the action's last line. */
function addProgress(lines: Lines, changes: Changes, item: Item, group: readonly EntryEdit[]): void {
  const edit = group[0]!;
  const keyIndent = item.keyIndent;
  const at = lastContent(lines, item.from, item.to) + 1;
  keepChompingCheck(lines, item.from, item.to, edit.action);
  const entries = group.map((e) => blockEntry(e.entry));
  const added = [`${pad(keyIndent)}progress:`, ...group.flatMap((e, i) => [`${pad(keyIndent + 2)}${e.cycle}:`, ...entries[i]!.lines.map((l) => `${pad(keyIndent + 4)}${l}`.trimEnd())])];
  changes.insert(at, added);
  changes.wrote(edit, added, keyIndent, 'progress', entries.every((e) => e.ruled) && group.every((e) => plainKey(e.cycle)), {});
}

/** A flow map on one line, as HPS writes them: the line is rewritten with the entries in place. */
function setInFlowMap(lines: Lines, changes: Changes, progressLine: number, group: readonly EntryEdit[], later: Later, parseFlow: (text: string) => unknown): void {
  const edit = group[0]!;
  const text = lines.text(progressLine);
  const rest = keyAt(lines, progressLine)!.rest;
  let map: Record<string, ProgressEntry>;
  try {
    map = parseFlow(rest) as Record<string, ProgressEntry>;
  } catch {
    throw new SpliceError(edit.action, `the progress of ${edit.action} is a map in braces that spans lines; write it as a block, one cycle per line`);
  }
  let merged: Record<string, ProgressEntry> = { ...(map ?? {}) };
  for (const e of group) {
    if (e.cycle in merged) {
      merged[e.cycle] = e.entry;
      continue;
    }
    // A new cycle goes before the first that falls after it.
    const keys = Object.keys(merged);
    const at = keys.findIndex((k) => later(k, e.cycle));
    const entries = Object.entries(merged);
    entries.splice(at === -1 ? entries.length : at, 0, [e.cycle, e.entry]);
    merged = Object.fromEntries(entries);
  }
  const keyStart = text.indexOf('progress');
  const comment = /\s+#.*$/.exec(text.slice(keyStart))?.[0] ?? '';
  const oneLine = flowMap(merged);
  if (!oneLine.includes('\n')) {
    const line = `${text.slice(0, keyStart)}progress: ${oneLine}`;
    changes.replace.set(progressLine, [`${line}${comment}`]);
    changes.wrote(edit, [line], keyStart, 'progress', false, map ?? {});
    return;
  }
  // Text of several lines cannot stay inside braces on one line: the map becomes a block, each
  // cycle still on one line where it fits.
  const block = [`${text.slice(0, keyStart)}progress:${comment}`, ...Object.entries(merged).flatMap(([cycle, entry]) => renderEntry({ action: edit.action, cycle, entry }, keyStart + 2, true).rendered)];
  changes.replace.set(progressLine, block);
  changes.wrote(edit, block, keyStart, 'progress', false, map ?? {});
}

/** A block map: each entry replaces the cycle's lines, or goes in among the cycles' keys. */
function setInBlockMap(lines: Lines, changes: Changes, item: { to: number }, progressLine: number, group: readonly EntryEdit[], later: Later): void {
  const first = group[0]!;
  if (keyAt(lines, progressLine)!.rest !== '') throw new SpliceError(first.action, `the progress of ${first.action} is not a map of cycles`);
  const { keys, end, entryIndent } = cycleKeys(lines, progressLine, item.to, first.action);
  keepChompingCheck(lines, progressLine, end, first.action);
  for (const edit of group) {
    const existing = keys.findIndex((k) => k.key === edit.cycle);
    // An entry keeps its own style; a new one takes its neighbours'.
    const flowStyle = existing !== -1 ? isFlowLine(lines, keys[existing]!.line) : keys.length > 0 && keys.every((k) => isFlowLine(lines, k.line));
    const { rendered, ruled } = renderEntry(edit, entryIndent, flowStyle);
    changes.wrote(edit, rendered, entryIndent, 'entry', ruled && plainKey(edit.cycle));
    if (existing !== -1) {
      const from = keys[existing]!.line;
      const to = lastContent(lines, from, existing + 1 < keys.length ? keys[existing + 1]!.line : end);
      changes.replace.set(from, rendered);
      for (let k = from + 1; k <= to; k++) changes.removed.add(k);
      continue;
    }
    const next = keys.find((k) => later(k.key, edit.cycle));
    changes.insert(next ? keyBlockStart(lines, progressLine, next.line) : lastContent(lines, progressLine, end) + 1, rendered);
  }
}

/** The keys of a block map of cycles, at the first entry's indentation; `end` is the line after the map. */
function cycleKeys(lines: Lines, progressLine: number, to: number, action: string): { keys: Array<{ key: string; line: number }>; end: number; entryIndent: number } {
  const progressIndent = lines.indent[progressLine]!;
  let end = progressLine + 1;
  let entryIndent = -1;
  const keys: Array<{ key: string; line: number }> = [];
  for (; end < to; end++) {
    if (lines.empty[end]) continue;
    const indent = lines.indent[end]!;
    if (indent <= progressIndent) break;
    if (entryIndent === -1) entryIndent = indent;
    if (indent === entryIndent) {
      const key = keyAt(lines, end);
      if (!key) throw new SpliceError(action, `the progress of ${action} has a line plan apply cannot read: ${lines.text(end).trim()}`);
      keys.push({ key: key.key, line: end });
    }
  }
  return { keys, end, entryIndent: entryIndent === -1 ? progressIndent + 2 : entryIndent };
}

function isFlowLine(lines: Lines, line: number): boolean {
  return keyAt(lines, line)!.rest.startsWith('{');
}

/** A cycle's entry as lines at `indent`: one flow line where that style is wanted and fits, a block otherwise. */
function renderEntry(edit: EntryEdit, indent: number, flowStyle: boolean): { rendered: string[]; ruled: boolean } {
  const oneLine = flowStyle ? flowEntry(edit.entry) : null;
  if (oneLine && !oneLine.text.includes('\n') && indent + edit.cycle.length + oneLine.text.length < 160) return { rendered: [`${pad(indent)}${edit.cycle}: ${oneLine.text}`], ruled: oneLine.ruled };
  const block = blockEntry(edit.entry);
  return { rendered: [`${pad(indent)}${edit.cycle}:`, ...block.lines.map((l) => `${pad(indent + 2)}${l}`.trimEnd())], ruled: block.ruled };
}

/** Where a new cycle goes before the key at `line`: before the comment lines that introduce that key, too. */
function keyBlockStart(lines: Lines, progressLine: number, line: number): number {
  let at = line;
  while (at - 1 > progressLine && lines.empty[at - 1] && lines.indent[at - 1]! < lines.end[at - 1]! - lines.start[at - 1]!) at--;
  return at;
}

/** The file's text with the changes made: every other line copied as it was. */
function assemble(text: string, lines: Lines, changes: Changes): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const out: string[] = [];
  let copyFrom = 0;
  const positions = [...new Set([...changes.replace.keys(), ...changes.removed, ...changes.insertBefore.keys()])].sort((a, b) => a - b);
  for (const index of positions) {
    const start = index < lines.count ? lines.start[index]! : text.length;
    out.push(text.slice(copyFrom, start));
    copyFrom = start;
    const inserted = changes.insertBefore.get(index);
    if (inserted) {
      // At the very end of a file without a final newline, the new lines need one before them.
      if (start === text.length && text.length > 0 && !text.endsWith('\n')) out.push(eol);
      for (const line of inserted) out.push(line + eol);
    }
    if (index >= lines.count) continue;
    const lineEnd = index + 1 < lines.count ? lines.start[index + 1]! : text.length;
    if (changes.removed.has(index)) {
      copyFrom = lineEnd;
      continue;
    }
    const replaced = changes.replace.get(index);
    if (!replaced) continue;
    // The last line written keeps the line's own ending.
    for (let i = 0; i < replaced.length - 1; i++) out.push(replaced[i] + eol);
    out.push(replaced[replaced.length - 1]! + text.slice(lines.end[index], lineEnd));
    copyFrom = lineEnd;
  }
  out.push(text.slice(copyFrom));
  return out.join('');
}

// A block scalar that keeps its trailing blank lines (|+ or >+) would lose them to lines added
// after it; such layouts are rare, and left to a person.
function keepChompingCheck(lines: Lines, from: number, to: number, action: string): void {
  for (let k = from; k < to; k++) {
    const text = lines.text(k);
    if (text.includes('+') && /:\s+[|>](\d?\+|\+\d?)\s*(#.*)?$/.test(text)) {
      throw new SpliceError(action, `${action} has a block of text that keeps its trailing blank lines (|+ or >+); change it to | or > to let plan apply add its progress`);
    }
  }
}
