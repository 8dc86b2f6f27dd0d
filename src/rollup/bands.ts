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
  /**
   * 'majority' (default): a figure's level is no higher than the level that at least half of what
   * it summarises reaches, so a headline never reads above most of the page below it; 'none': the
   * banded value stands (rollup.cap in plan.yaml).
   */
  cap: RollupCap;
}

export type RollupCap = 'majority' | 'none';
export const ROLLUP_CAPS: readonly RollupCap[] = ['majority', 'none'];

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

export function rollupConfig(scale: RatingScale, configured: { method?: string; thresholds?: Band[]; min_coverage?: number; cap?: string } | undefined): RollupConfig {
  const values = [...new Set(scale.levels.map((l) => l.value))].sort((a, b) => a - b);
  let levelGap = Infinity;
  for (let i = 1; i < values.length; i++) levelGap = Math.min(levelGap, values[i]! - values[i - 1]!);
  const method = ROLLUP_METHODS.includes(configured?.method as RollupMethod) ? (configured!.method as RollupMethod) : 'mean';
  const bands = configured?.thresholds?.length ? [...configured.thresholds].map((b) => ({ ...b, inclusive: true })).sort((a, b) => b.min - a.min) : defaultBands(scale);
  const minCoverage = typeof configured?.min_coverage === 'number' ? configured.min_coverage : 0.5;
  const cap = ROLLUP_CAPS.includes(configured?.cap as RollupCap) ? (configured!.cap as RollupCap) : 'majority';
  return { method, bands, levelGap: Number.isFinite(levelGap) ? levelGap : 1, lowest: values[0] ?? 1, levels: values, minCoverage, cap };
}

export function band(value: number, config: RollupConfig): number {
  // A tiny tolerance so that 2.4999999 from floating-point sums still reads as 2.5.
  for (const b of config.bands) if (b.inclusive ? value >= b.min - 1e-9 : value > b.min + 1e-9) return b.rating;
  return config.lowest;
}

/**
 * The highest level that at least half of `levels` (each counted by its weight) reach: the cap of
 * the majority rule. With [2, 2, 2, 3] it is 2; with [2, 3, 3] it is 3; with [2, 2, 3, 3] it is 3.
 */
export function majorityLevel(levels: readonly number[], weights: readonly number[] | null): number | null {
  if (!levels.length) return null;
  const order = levels.map((_, i) => i).sort((a, b) => levels[b]! - levels[a]!);
  let total = 0;
  for (let i = 0; i < levels.length; i++) total += weights ? weights[i]! : 1;
  let reached = 0;
  for (const i of order) {
    reached += weights ? weights[i]! : 1;
    if (reached >= total / 2 - 1e-9) return levels[i]!;
  }
  return levels[order[order.length - 1]!]!;
}
