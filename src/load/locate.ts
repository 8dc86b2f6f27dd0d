// Source positions for diagnostics. The yaml package keeps the ranges of every node; a file is parsed
// with it only when there is something to report in that file.
import { createRequire } from 'node:module';
import type { Document, LineCounter, Node as YamlNode } from 'yaml';
import type { DataPath, Range } from '../diagnostics.js';

type YamlModule = typeof import('yaml');
let yamlModule: YamlModule | undefined;

// Loaded on first use: a valid plan never needs it, and it costs more to load than js-yaml.
function yaml(): YamlModule {
  yamlModule ??= createRequire(import.meta.url)('yaml') as YamlModule;
  return yamlModule;
}

export type RangeTarget = 'value' | 'key';

export class SourceLocator {
  private parsed: { doc: Document.Parsed; lines: LineCounter } | null = null;

  constructor(private readonly text: string) {}

  private document(): { doc: Document.Parsed; lines: LineCounter } {
    if (!this.parsed) {
      const { LineCounter, parseDocument } = yaml();
      const lines = new LineCounter();
      const doc = parseDocument(this.text, { lineCounter: lines, uniqueKeys: false, prettyErrors: false, strict: false });
      this.parsed = { doc, lines };
    }
    return this.parsed;
  }

  /** The range of the node at `path`, or of its closest ancestor that exists in the file. */
  rangeOf(path: DataPath, target: RangeTarget = 'value'): Range {
    const { doc, lines } = this.document();
    const { isAlias, isMap, isPair, isSeq } = yaml();
    let node: unknown = doc.contents;
    let keyNode: unknown = null;
    for (const step of path) {
      if (isAlias(node)) node = node.resolve(doc);
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && scalarKey(p.key) === String(step));
        if (!pair) break;
        keyNode = pair.key;
        node = pair.value ?? pair.key;
      } else if (isSeq(node) && typeof step === 'number' && node.items[step] !== undefined) {
        keyNode = null;
        node = node.items[step];
      } else {
        keyNode = null;
        break;
      }
    }
    const chosen = (target === 'key' && keyNode ? keyNode : node) as YamlNode | null;
    return this.toRange(chosen?.range ?? [0, 0, 0], lines);
  }

  /** The range of the first alias in the file (where an alias problem starts). */
  firstAlias(): Range {
    const { doc, lines } = this.document();
    let found: [number, number, number] | undefined;
    const { visit } = yaml();
    visit(doc, {
      Alias(_, node) {
        found = node.range ?? undefined;
        return visit.BREAK;
      },
    });
    return this.toRange(found ?? [0, 0, 0], lines);
  }

  private toRange(range: readonly [number, number, number] | [number, number, number], lines: LineCounter): Range {
    const start = lines.linePos(range[0]);
    const end = lines.linePos(Math.max(range[0], range[1]));
    return {
      start: { line: start.line - 1, column: start.col - 1 },
      end: { line: end.line - 1, column: end.col - 1 },
    };
  }
}

function scalarKey(key: unknown): string | undefined {
  if (yaml().isScalar(key)) return String((key as { value: unknown }).value);
  return undefined;
}
