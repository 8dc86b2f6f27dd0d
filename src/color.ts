// Colour arithmetic for the rating scale: how a colour prints in grey, and which text reads on it.

function channels(hex: string): [number, number, number] {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

/** WCAG relative luminance. */
export function luminance(hex: string): number {
  const lin = (c: number) => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  const [r, g, b] = channels(hex);
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** How light the colour prints in greyscale, 0 (black) to 1 (white). */
export function greyLevel(hex: string): number {
  const [r, g, b] = channels(hex);
  return (0.299 * r + 0.587 * g + 0.114 * b) / 255;
}

export function contrastRatio(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

/** Black or white text, whichever reads better on the colour. */
export function inkOn(hex: string): '#111111' | '#ffffff' {
  let ink = inks.get(hex);
  if (!ink) inks.set(hex, (ink = contrastRatio(hex, '#111111') >= contrastRatio(hex, '#ffffff') ? '#111111' : '#ffffff'));
  return ink;
}

// A scale has a few colours, and a report draws each thousands of times.
const inks = new Map<string, '#111111' | '#ffffff'>();

/** Levels printed in grey closer than this look alike. */
export const MIN_GREY_DISTANCE = 0.15;

export type BasicColor = 'red' | 'yellow' | 'green' | 'cyan' | 'blue' | 'magenta';

/**
 * The basic terminal colour nearest in hue, or null for a grey. A terminal with 16 or 256 colours
 * draws these from its own palette, which its theme keeps readable on its background; a #RRGGBB
 * squeezed into 16 colours is not (the scale's dark red came out white, its yellow bright yellow).
 */
export function basicColor(hex: string): BasicColor | null {
  const [r, g, b] = channels(hex).map((c) => c / 255) as [number, number, number];
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  if (max === 0 || (max - min) / max < 0.2) return null;
  const d = max - min;
  let hue = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  hue = (hue * 60 + 360) % 360;
  if (hue < 25 || hue >= 330) return 'red';
  if (hue < 70) return 'yellow';
  if (hue < 165) return 'green';
  if (hue < 200) return 'cyan';
  if (hue < 260) return 'blue';
  return 'magenta';
}
