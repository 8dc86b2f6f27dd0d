// Colour when the output is a terminal, unless NO_COLOR is set (and non-empty) or --no-color given;
// FORCE_COLOR forces it. chalk ignores NO_COLOR on purpose, so the level is chosen here.
import { NO_PAINT, type Paint } from '../format/paint.js';
import type { CliIO, OutStream } from './io.js';

export function wantsColor(stream: OutStream, env: CliIO['env'], flag: boolean | undefined): boolean {
  if (flag === false) return false;
  if (env.NO_COLOR) return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== '0' && force !== 'false') return true;
  if (force === '0' || force === 'false') return false;
  return stream.isTTY === true && env.TERM !== 'dumb';
}

/** Colours for `stream`; chalk is loaded only when there will be colour. */
export async function paintFor(stream: OutStream, env: CliIO['env'], flag: boolean | undefined): Promise<Paint> {
  if (!wantsColor(stream, env, flag)) return NO_PAINT;
  const { Chalk } = await import('chalk');
  // Truecolor where the terminal says so; chalk maps the scale's colours to the 16 basic ones otherwise.
  const chalk = new Chalk({ level: env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit' ? 3 : 1 });
  return {
    red: (t) => chalk.red(t),
    yellow: (t) => chalk.yellow(t),
    green: (t) => chalk.green(t),
    dim: (t) => chalk.dim(t),
    bold: (t) => chalk.bold(t),
    underline: (t) => chalk.underline(t),
    hex: (color, t) => chalk.hex(color)(t),
  };
}
