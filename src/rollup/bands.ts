// How a computed value (a mean, a median) becomes a level of the scale.
import type { RatingScale } from '../plan/scale.js';

export type RollupMethod = 'mean' | 'median' | 'minimum' | 'weighted';
export const ROLLUP_METHODS: readonly RollupMethod[] = ['mean', 'median', 'minimum', 'weighted'];

export interface Band {
  rating: number;
  min: number;
  /** A value exactly at `min` earns the band (a district's own thresholds); the default midpoints do not. */
  inclusive?: boolean;
}

export interface RollupConfig {
  method: RollupMethod;
  /** Highest first. */
  bands: Band[];
  /** The smallest gap between adjacent levels: "a full level" when a holistic rating is compared. */
  levelGap: number;
  lowest: number;
  /** The scale's values, lowest first. */
  levels: number[];
  /** The share of what reports below a figure that must be rated for it to be shown. */
  minCoverage: number;
}

/**
 * The default bands: midpoints between adjacent levels, so a mean rounds to the nearest level, and
 * a value exactly between two levels rounds down: no figure is rounded up past what ratings support.
 */
export function defaultBands(scale: RatingScale): Band[] {
  const values = [...new Set(scale.levels.map((l) => l.value))].sort((a, b) => a - b);
  const bands: Band[] = [];
  for (let i = values.length - 1; i > 0; i--) bands.push({ rating: values[i]!, min: (values[i]! + values[i - 1]!) / 2 });
  return bands;
}

export function rollupConfig(scale: RatingScale, configured: { method?: string; thresholds?: Band[]; min_coverage?: number } | undefined): RollupConfig {
  const values = [...new Set(scale.levels.map((l) => l.value))].sort((a, b) => a - b);
  let levelGap = Infinity;
  for (let i = 1; i < values.length; i++) levelGap = Math.min(levelGap, values[i]! - values[i - 1]!);
  const method = ROLLUP_METHODS.includes(configured?.method as RollupMethod) ? (configured!.method as RollupMethod) : 'mean';
  const bands = configured?.thresholds?.length ? [...configured.thresholds].map((b) => ({ ...b, inclusive: true })).sort((a, b) => b.min - a.min) : defaultBands(scale);
  const minCoverage = typeof configured?.min_coverage === 'number' ? configured.min_coverage : 0.5;
  return { method, bands, levelGap: Number.isFinite(levelGap) ? levelGap : 1, lowest: values[0] ?? 1, levels: values, minCoverage };
}

export function band(value: number, config: RollupConfig): number {
  // A tiny tolerance so that 2.4999999 from floating-point sums still reads as 2.5.
  for (const b of config.bands) if (b.inclusive ? value >= b.min - 1e-9 : value > b.min + 1e-9) return b.rating;
  return config.lowest;
}
