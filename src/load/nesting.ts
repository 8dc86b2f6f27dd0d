// A guard run on the text before any parser builds a tree: a document nested a few thousand levels
// deep makes YAML parsers overflow the stack, and with the yaml package that can abort Node itself
// with an error no try/catch sees. The estimate only errs on the high side.
import type { Position } from '../diagnostics.js';

/** Real plans nest fewer than 15 levels; 2-space indentation makes this about 100 levels. */
export const MAX_NESTING_ESTIMATE = 200;

export function findExcessiveNesting(text: string, limit = MAX_NESTING_ESTIMATE): Position | null {
  let flowDepth = 0;
  // Offsets of the next "[" and "{": lines before them need no flow scan while no collection is open.
  let nextBracket = indexOrInfinity(text, '[', 0);
  let nextBrace = indexOrInfinity(text, '{', 0);
  let line = 0;
  let lineStart = 0;
  const length = text.length;
  while (lineStart <= length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = length;
    let i = lineStart;
    while (i < lineEnd && text.charCodeAt(i) === 32) i++;
    let depth = i - lineStart;
    // Compact nested sequences and complex keys ("- - - x", "? - x") nest without indenting.
    while (i + 1 < lineEnd) {
      const c = text.charCodeAt(i);
      if ((c === 45 || c === 63) && text.charCodeAt(i + 1) === 32) {
        depth++;
        i += 2;
        while (i < lineEnd && text.charCodeAt(i) === 32) i++;
      } else break;
    }
    if (depth + flowDepth > limit) return { line, column: Math.min(i, lineEnd) - lineStart };
    if (flowDepth > 0 || nextBracket < lineEnd || nextBrace < lineEnd) {
      const deepest = scanFlow(text, i, lineEnd, flowDepth, limit - depth);
      if (deepest.overflowAt !== -1) return { line, column: deepest.overflowAt - lineStart };
      flowDepth = deepest.depth;
      if (nextBracket < lineEnd) nextBracket = indexOrInfinity(text, '[', lineEnd);
      if (nextBrace < lineEnd) nextBrace = indexOrInfinity(text, '{', lineEnd);
    }
    line++;
    lineStart = lineEnd + 1;
  }
  return null;
}

function indexOrInfinity(text: string, char: string, from: number): number {
  const at = text.indexOf(char, from);
  return at === -1 ? Infinity : at;
}

// Counts flow collections that open where a node may start, skipping quoted text and comments.
function scanFlow(
  text: string,
  from: number,
  to: number,
  depth: number,
  limit: number,
): { depth: number; overflowAt: number } {
  let nodeStart = true;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9) continue;
    if (c === 35 /* # */ && (i === from || text.charCodeAt(i - 1) === 32)) break;
    if ((c === 34 || c === 39) && nodeStart) {
      i = skipQuoted(text, i, to, c);
      nodeStart = false;
      continue;
    }
    if ((c === 91 || c === 123) && nodeStart) {
      depth++;
      if (depth > limit) return { depth, overflowAt: i };
      continue;
    }
    if ((c === 93 || c === 125) && depth > 0) {
      depth--;
      nodeStart = false;
      continue;
    }
    if (c === 44 /* , */ || ((c === 58 || c === 45 || c === 63) && text.charCodeAt(i + 1) === 32)) {
      nodeStart = true;
      continue;
    }
    nodeStart = false;
  }
  return { depth, overflowAt: -1 };
}

function skipQuoted(text: string, start: number, to: number, quote: number): number {
  for (let i = start + 1; i < to; i++) {
    const c = text.charCodeAt(i);
    if (quote === 34 && c === 92) {
      i++;
      continue;
    }
    if (c === quote) {
      if (quote === 39 && text.charCodeAt(i + 1) === 39) {
        i++;
        continue;
      }
      return i;
    }
  }
  return to;
}
