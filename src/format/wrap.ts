// Lines for a terminal of a given width, broken at words, with colour codes kept intact.
import { stripVTControlCharacters } from 'node:util';
import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';

/** A line wrapped at word boundaries to the width, continuation lines indented under its text. */
export function wrapped(line: string, width: number): string[] {
  // A pipe or a file has no width; a line of n characters is at most 2n columns wide; most lines are
  // plain ASCII, whose width is their length. string-width, for the rest, costs a second for the
  // hundred thousand lines of a district's plan apply.
  if (width === Infinity) return [line];
  const plain = stripVTControlCharacters(line);
  if (2 * plain.length <= width || (/^[\x20-\x7e]*$/.test(plain) ? plain.length : stringWidth(line)) <= width) return [line];
  const lead = /^\s*/.exec(stripVTControlCharacters(line))![0].length;
  const body = wrapAnsi(line.trimStart(), Math.max(20, width - lead - 2), { hard: true, trim: true }).split('\n');
  return body.map((part, i) => `${' '.repeat(i === 0 ? lead : lead + 2)}${part}`);
}
