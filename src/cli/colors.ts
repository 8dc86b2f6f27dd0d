// Colour when the output is a terminal, unless NO_COLOR is set (and non-empty) or --no-color given;
// FORCE_COLOR forces it. chalk ignores NO_COLOR on purpose, so the level is chosen here.
import { basicColor } from '../color.js';
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
  const truecolor = env.COLORTERM === 'truecolor' || env.COLORTERM === '24bit';
  const chalk = new Chalk({ level: truecolor ? 3 : 1 });
  // With 16 or 256 colours, a scale colour is drawn as the basic colour of its hue (red, yellow,
  // green by default), from the terminal's own palette.
  const basic = (color: string, t: string) => {
    const name = basicColor(color);
    return name ? chalk[name](t) : t;
  };
  return {
    red: (t) => chalk.red(t),
    yellow: (t) => chalk.yellow(t),
    green: (t) => chalk.green(t),
    dim: (t) => chalk.dim(t),
    bold: (t) => chalk.bold(t),
    underline: (t) => chalk.underline(t),
    hex: (color, t) => (truecolor ? chalk.hex(color)(t) : basic(color, t)),
  };
}
