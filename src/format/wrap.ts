// Lines for a terminal of a given width, broken at words, with colour codes kept intact.
import { stripVTControlCharacters } from 'node:util';

type StringWidth = typeof import('string-width').default;
type WrapAnsi = typeof import('wrap-ansi').default;

let measure: { stringWidth: StringWidth; wrapAnsi: WrapAnsi } | undefined;

/**
 * Loads what measuring and breaking lines takes (string-width and wrap-ansi build tables of
 * Unicode's widths: some 60 ms at start), for a command that has a terminal's width to fit; output
 * to a pipe or a file has none, and does without.
 */
export async function loadWrapping(): Promise<void> {
  if (measure) return;
  const [stringWidth, wrapAnsi] = await Promise.all([import('string-width'), import('wrap-ansi')]);
  measure = { stringWidth: stringWidth.default, wrapAnsi: wrapAnsi.default };
}

/** A line wrapped at word boundaries to the width, continuation lines indented under its text. */
export function wrapped(line: string, width: number): string[] {
  // A pipe or a file has no width; a line of n characters is at most 2n columns wide; most lines are
  // plain ASCII, whose width is their length. string-width, for the rest, costs a second for the
  // hundred thousand lines of a district's plan apply.
  if (width === Infinity) return [line];
  const plain = stripVTControlCharacters(line);
  if (2 * plain.length <= width) return [line];
  if (!measure) throw new Error('wrapped() to a width needs loadWrapping() first');
  if ((/^[\x20-\x7e]*$/.test(plain) ? plain.length : measure.stringWidth(line)) <= width) return [line];
  const lead = /^\s*/.exec(plain)![0].length;
  const body = measure.wrapAnsi(line.trimStart(), Math.max(20, width - lead - 2), { hard: true, trim: true }).split('\n');
  return body.map((part, i) => `${' '.repeat(i === 0 ? lead : lead + 2)}${part}`);
}
