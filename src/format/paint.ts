// Formatters colour through this interface, so that the core never decides whether a terminal
// wants colour: the CLI passes real colours or none.
export interface Paint {
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
  underline(text: string): string;
  /** Text in a colour given as #RRGGBB (the scale's colours). */
  hex(color: string, text: string): string;
}

const identity = (text: string) => text;

export const NO_PAINT: Paint = {
  red: identity,
  yellow: identity,
  green: identity,
  dim: identity,
  bold: identity,
  underline: identity,
  hex: (_color, text) => text,
};
