// The hot path parses with js-yaml: several times faster than the yaml package on plan-sized files,
// which matters for a district of thousands of schools. The yaml package, which keeps source ranges
// and comments, is used only where there is something to report (see locate.ts) or to edit.
import jsYaml from 'js-yaml';
import type { Position } from '../diagnostics.js';

export type ParseResult =
  | { ok: true; data: Record<string, unknown> }
  | { ok: false; code: ParseErrorCode; message: string; hint: string; position?: Position };

export type ParseErrorCode = 'YAML_SYNTAX' | 'DUPLICATE_KEY' | 'TAB_INDENTATION' | 'EMPTY_FILE' | 'NOT_A_MAPPING' | 'ALIAS_EXPANSION';

/** Expanded nodes allowed per node actually written: aliases may reuse, not multiply. */
const MAX_ALIAS_EXPANSION = 10;
const MIN_NODE_BUDGET = 10_000;

export function parseYaml(text: string): ParseResult {
  let data: unknown;
  try {
    // CORE_SCHEMA: unquoted dates stay strings (as in YAML 1.2 and the yaml package), no merge keys.
    data = jsYaml.load(text, { schema: jsYaml.CORE_SCHEMA });
  } catch (error) {
    return describeSyntaxError(text, error);
  }
  if (data === undefined || data === null) {
    return {
      ok: false,
      code: 'EMPTY_FILE',
      message: 'the file holds no data (only comments or blank lines)',
      hint: 'Add the content this file should hold, or delete the file.',
    };
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    return {
      ok: false,
      code: 'NOT_A_MAPPING',
      message: `the file must hold a mapping of keys to values, but it holds ${Array.isArray(data) ? 'a list' : `a single ${typeof data}`}`,
      hint: 'Start the file with the keys its schema lists (the yaml-language-server line at the top names the schema).',
      position: { line: 0, column: 0 },
    };
  }
  if (mayHaveAliases(text) && !aliasesAreBounded(data, text.length)) {
    return {
      ok: false,
      code: 'ALIAS_EXPANSION',
      message: 'YAML aliases in this file expand to far more data than the file contains (an "alias bomb"), or refer to themselves',
      hint: 'Write the repeated content out, or use each &anchor/*alias only a few times and never inside itself.',
    };
  }
  return { ok: true, data: data as Record<string, unknown> };
}

function mayHaveAliases(text: string): boolean {
  return text.includes('*') && text.includes('&');
}

// js-yaml resolves an alias to the very object of its anchor, so repeated aliases build a DAG (or, with
// an alias inside its own anchor, a cycle) whose expansion would make validation run for ever. Count
// the expanded size with memoisation, in time linear in the distinct objects.
function aliasesAreBounded(root: object, textLength: number): boolean {
  const budget = Math.max(MIN_NODE_BUDGET, textLength * MAX_ALIAS_EXPANSION);
  const sizes = new Map<object, number>();
  const inProgress = new Set<object>();
  const sizeOf = (node: unknown): number => {
    if (node === null || typeof node !== 'object') return 1;
    const known = sizes.get(node);
    if (known !== undefined) return known;
    if (inProgress.has(node)) return Infinity;
    inProgress.add(node);
    let size = 1;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      size += sizeOf(child);
      if (size > budget) break;
    }
    inProgress.delete(node);
    sizes.set(node, size);
    return size;
  };
  return sizeOf(root) <= budget;
}

interface YamlExceptionLike {
  name?: string;
  reason?: string;
  mark?: { line: number; column: number; position: number };
}

function describeSyntaxError(text: string, error: unknown): ParseResult {
  const e = error as YamlExceptionLike;
  if (e?.name !== 'YAMLException') {
    if (error instanceof RangeError) {
      return {
        ok: false,
        code: 'YAML_SYNTAX',
        message: 'the file is nested too deeply to read',
        hint: 'Flatten the structure: plan files need only a few levels of nesting.',
      };
    }
    throw error;
  }
  const position = e.mark ? { line: e.mark.line, column: e.mark.column } : undefined;
  const reason = e.reason ?? 'invalid YAML';
  if (/duplicated mapping key/.test(reason)) {
    const key = position ? keyAt(text, position) : undefined;
    return {
      ok: false,
      code: 'DUPLICATE_KEY',
      message: key ? `the key "${key}" appears twice in the same mapping` : 'a key appears twice in the same mapping',
      hint: 'Remove one of the two entries, or merge them; YAML keeps only one value per key.',
      position,
    };
  }
  if (position && lineIndentedWithTab(text, position.line)) {
    return {
      ok: false,
      code: 'TAB_INDENTATION',
      message: 'this line is indented with a tab; YAML allows only spaces for indentation',
      hint: 'Replace the tab with spaces (set your editor to insert spaces for YAML files).',
      position: { line: position.line, column: 0 },
    };
  }
  if (/single document/.test(reason)) {
    return {
      ok: false,
      code: 'YAML_SYNTAX',
      message: 'the file holds more than one YAML document (a second "---" line)',
      hint: 'Keep one YAML document per file: remove the extra "---" line, or move the second document to a file of its own.',
      position: secondDocumentStart(text) ?? position,
    };
  }
  const unclosed = /within a (double|single) quoted scalar/.exec(reason);
  if (unclosed) {
    const opened = unclosedQuoteStart(text, unclosed[1] === 'double' ? '"' : "'");
    if (opened) {
      return {
        ok: false,
        code: 'YAML_SYNTAX',
        message: `the YAML is malformed: the ${unclosed[1]}-quoted text that starts here is never closed`,
        hint: `Close the quote with ${unclosed[1] === 'double' ? '"' : "'"} at the end of the text.`,
        position: opened,
      };
    }
  }
  const early = position ? quoteClosedEarly(lineAt(text, position.line)) : undefined;
  if (early) {
    return {
      ok: false,
      code: 'YAML_SYNTAX',
      message: `the YAML is malformed: the quoted text ends at the ${early.quote === "'" ? 'apostrophe' : 'quotation mark'} in "${early.before}", and the rest of the line cannot follow it`,
      hint:
        early.quote === "'"
          ? `Inside single quotes, write an apostrophe twice (${early.doubled}), or put the text in double quotes.`
          : `Inside double quotes, write a quotation mark as \\" (${early.doubled}), or put the text in single quotes.`,
      position: { line: position!.line, column: early.column },
    };
  }
  return {
    ok: false,
    code: 'YAML_SYNTAX',
    message: `the YAML is malformed: ${reason}`,
    hint: syntaxHint(reason),
    position,
  };
}

/**
 * A value in quotes that a quote inside it closes too soon ('Coach teachers' skills.'): the most
 * common cause of "bad indentation" on a line whose indentation is fine. Null when the line's value
 * is not such a quote.
 */
function quoteClosedEarly(line: string): { quote: string; before: string; doubled: string; column: number } | undefined {
  const m = /^(\s*(?:-\s+)?(?:[^\s'"#][^:#]*:\s+)?)(['"])/.exec(line);
  if (!m) return undefined;
  const quote = m[2]!;
  const open = m[1]!.length;
  const body = line.slice(open + 1);
  // Where the quoted text ends as YAML reads it: the first quote not escaped (or doubled).
  let end = -1;
  for (let i = 0; i < body.length; i++) {
    if (quote === '"' && body[i] === '\\') i++;
    else if (body[i] === quote) {
      if (quote === "'" && body[i + 1] === "'") i++;
      else {
        end = i;
        break;
      }
    }
  }
  if (end === -1) return undefined;
  const after = body.slice(end + 1).replace(/\s+#.*$/, '').trim();
  if (after === '' || !body.slice(end + 1).trimEnd().endsWith(quote)) return undefined;
  const whole = body.slice(0, body.trimEnd().length - 1);
  const doubled = quote === "'" ? `'${whole.replace(/'/g, "''")}'` : `"${whole.replace(/(?<!\\)"/g, '\\"')}"`;
  return { quote, before: body.slice(Math.max(0, end - 20), end + 1).trimStart(), doubled, column: open + 1 + end };
}

function secondDocumentStart(text: string): Position | undefined {
  const lines = text.split('\n');
  let seenContent = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^---(\s|$)/.test(line) && seenContent) return { line: i, column: 0 };
    if (/^[^#\s-]/.test(line) || /^---\s+\S/.test(line)) seenContent = true;
  }
  return undefined;
}

// The last quote that opens a value (after "key: " or "- ") and is not closed on its line.
function unclosedQuoteStart(text: string, quote: string): Position | undefined {
  const lines = text.split('\n');
  const opener = new RegExp(`(^|:\\s+|-\\s+|[\\[{,]\\s*)${quote}`, 'g');
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i]!;
    for (const match of line.matchAll(opener)) {
      const at = match.index! + match[0].length - 1;
      const rest = line.slice(at + 1).replace(quote === '"' ? /\\./g : /''/g, '');
      if (!rest.includes(quote)) return { line: i, column: at };
    }
  }
  return undefined;
}

function lineAt(text: string, line: number): string {
  let start = 0;
  for (let i = 0; i < line; i++) {
    const next = text.indexOf('\n', start);
    if (next === -1) return '';
    start = next + 1;
  }
  const end = text.indexOf('\n', start);
  return text.slice(start, end === -1 ? undefined : end);
}

function lineIndentedWithTab(text: string, line: number): boolean {
  // js-yaml may report the line after the offending one.
  for (const l of [line, line - 1]) {
    if (l >= 0 && /^ *\t/.test(lineAt(text, l))) return true;
  }
  return false;
}

function keyAt(text: string, position: { line: number; column: number }): string | undefined {
  const match = /^\s*(?:-\s+)?["']?([^"':#]+?)["']?\s*:/.exec(lineAt(text, position.line).slice(position.column));
  return match?.[1] ?? /^\s*(?:-\s+)?["']?([^"':#]+?)["']?\s*:/.exec(lineAt(text, position.line))?.[1];
}

function syntaxHint(reason: string): string {
  if (/indentation/.test(reason)) return 'Check the indentation: items of the same list or mapping must line up exactly.';
  if (/unexpected end of the stream/.test(reason)) return 'A quote or bracket is not closed.';
  if (/unknown tag/.test(reason)) return 'Remove the "!" tag; plan files use plain YAML values.';
  return 'Fix the YAML at this position; quoting text that contains ":" or "#" often helps.';
}
