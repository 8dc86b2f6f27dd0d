// Charts drawn as inline SVG when the report is rendered: no script runs in the page. Colour is
// never the only signal: every level also has a pattern (hatched, dotted, solid) and charts carry
// their numbers as text. Every string that reaches the SVG is escaped.
import type { MilestoneStatus } from '../rollup/goals.js';
import type { ScaleLevel } from '../plan/scale.js';
import { inkOn } from '../color.js';
import { formatValue } from '../labels.js';
import { escapeHtml } from './escape.js';

let chartCount = 0;

/** Unique ids for patterns: several charts share one HTML document. */
function nextId(): string {
  chartCount += 1;
  return `c${chartCount}`;
}

export function resetChartIds(): void {
  chartCount = 0;
}

/** Patterns by position on the scale: the lowest hatched, the middle dotted, the highest solid. */
function patternDefs(id: string, levels: ScaleLevel[]): string {
  return levels
    .map((level, i) => {
      const color = escapeHtml(level.color);
      const pid = `${id}-l${i}`;
      if (i === levels.length - 1) return `<pattern id="${pid}" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="${color}"/></pattern>`;
      if (i === 0) {
        return `<pattern id="${pid}" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="6" height="6" fill="${color}"/><rect width="2" height="6" fill="#ffffff" fill-opacity="0.55"/></pattern>`;
      }
      return `<pattern id="${pid}" width="6" height="6" patternUnits="userSpaceOnUse"><rect width="6" height="6" fill="${color}"/><circle cx="3" cy="3" r="1.3" fill="#ffffff" fill-opacity="0.6"/></pattern>`;
    })
    .join('');
}

function fillFor(id: string, levels: ScaleLevel[], rating: number | null): string {
  const i = levels.findIndex((l) => l.value === rating);
  return i === -1 ? '#ffffff' : `url(#${id}-l${i})`;
}


/** The words charts write, in the report's language; {value} and {count} are filled in. */
export interface ChartWords {
  legend: string;
  notRated: string;
  countNotRated: string;
  baseline: string;
  target: string;
  now: string;
  pace: string;
  /** "6/9 rated", with {rated} and {total}. */
  ratedShare: string;
  notReporting: string;
}

export const ENGLISH_CHART_WORDS: ChartWords = {
  legend: 'Rating scale',
  notRated: 'not rated',
  countNotRated: '{count} not rated',
  baseline: 'baseline {value}',
  target: 'target {value}',
  now: 'now {value}',
  pace: 'pace',
  ratedShare: '{rated}/{total} rated',
  notReporting: 'not reporting',
};

const fill = (template: string, values: Record<string, string | number>) => template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));

/**
 * How wide a line of text is drawn, in SVG units, at a font size: a generous estimate for the sans
 * fonts reports print with (DejaVu Sans is wide), so that a label measured by it is never cut.
 */
export function textWidth(text: string, size: number): number {
  let em = 0;
  for (const ch of text) em += /[iljt.,:;'|!() ]/.test(ch) ? 0.36 : /[mwMW@%]/.test(ch) ? 0.92 : /[A-Z0-9]/.test(ch) ? 0.7 : 0.62;
  return em * size;
}


/**
 * A chart drawn twice: for paper and wide screens, and for a phone, where it is redrawn (not shrunk)
 * at NARROW_WIDTH units, the width it is shown at, so that its text stays at least 12 CSS px. The
 * report's style shows one or the other (.chart-wide, .chart-narrow); the hidden one is not read out.
 */
function bothWidths(draw: (narrow: boolean) => string): string {
  return draw(false).replace('<svg class="chart ', '<svg class="chart chart-wide ') + draw(true).replace('<svg class="chart ', '<svg class="chart chart-narrow ');
}

/** The width a chart is drawn at for a phone: the column a 375 px screen leaves it, or a little less. */
export const NARROW_WIDTH = 320;
/** The smallest text a phone's chart has, in its units (= CSS px at NARROW_WIDTH). */
const NARROW_TEXT = 12;

export function legend(levels: ScaleLevel[], words: ChartWords = ENGLISH_CHART_WORDS): string {
  return bothWidths((narrow) => legendAt(levels, words, narrow));
}

function legendAt(levels: ScaleLevel[], words: ChartWords, narrow: boolean): string {
  const id = nextId();
  // Each item as wide as its label needs ("1 Aún no va bien encaminado" is not cut at the next).
  const labels = levels.map((l) => `${l.value} ${l.label}`);
  const widths = labels.map((label) => (narrow ? Math.ceil(22 + textWidth(label, 12) + 12) : Math.max(120, Math.ceil(22 + textWidth(label, 12) + 18))));
  // On a phone the items wrap into rows within the screen's width; elsewhere they stand in one row.
  const places: Array<{ x: number; y: number }> = [];
  let x = 0;
  let y = 0;
  for (const w of widths) {
    if (narrow && x > 0 && x + w > NARROW_WIDTH) {
      x = 0;
      y += 22;
    }
    places.push({ x, y });
    x += w;
  }
  const total = narrow ? NARROW_WIDTH : widths.reduce((a, b) => a + b, 0);
  const height = y + 18;
  const items = levels
    .map(
      (_level, i) =>
        `<g transform="translate(${places[i]!.x},${places[i]!.y})"><rect width="16" height="16" fill="url(#${id}-l${i})" stroke="#444" stroke-width="0.5"/><text x="22" y="13" font-size="12">${escapeHtml(labels[i]!)}</text></g>`,
    )
    .join('');
  const alt = `${words.legend}: ${labels.join(', ')}`;
  return `<svg class="chart legend" role="img" aria-label="${escapeHtml(alt)}" viewBox="0 0 ${total} ${height}" width="${total}" height="${height}"><defs>${patternDefs(id, levels)}</defs>${items}</svg>`;
}

export interface DistributionRow {
  label: string;
  /** Count of ratings per level, in the order of `levels`. */
  counts: number[];
  unrated: number;
}

/** Rating distribution: one stacked bar per row (a theory), counts written in each segment. */
/** `describedBy`: the id of a table in the report that holds the chart's data. */
export function ratingDistribution(rows: DistributionRow[], levels: ScaleLevel[], title: string, words: ChartWords = ENGLISH_CHART_WORDS, describedBy?: string): string {
  return bothWidths((narrow) => distributionAt(rows, levels, title, words, describedBy, narrow));
}

function distributionAt(rows: DistributionRow[], levels: ScaleLevel[], title: string, words: ChartWords, describedBy: string | undefined, narrow: boolean): string {
  const id = nextId();
  const size = narrow ? NARROW_TEXT : 11;
  // Room at the right for the longest "2/2 rated" in the report's language.
  const summaries = rows.map((row) => {
    const total = row.counts.reduce((a, b) => a + b, 0) + row.unrated;
    return total ? fill(words.ratedShare, { rated: row.counts.reduce((a, b) => a + b, 0), total }) : '';
  });
  const summaryWidth = Math.ceil(8 + Math.max(0, ...summaries.map((t) => textWidth(t, size))) + 4);
  // On a phone each row's label stands above its bar, which takes the screen's width.
  const labelWidth = narrow ? 0 : 230;
  const width = narrow ? NARROW_WIDTH : labelWidth + 400 + Math.max(90, summaryWidth);
  const barWidth = narrow ? width - summaryWidth : 400;
  const labelLines = rows.map((row) => (narrow ? wrapMeasured(row.label, width, size, 2, false) : []));
  const tops: number[] = [];
  let height = 4;
  for (const lines of labelLines) {
    tops.push(height + lines.length * (size + 3));
    height += lines.length * (size + 3) + 27;
  }
  height += 6;
  const body = rows
    .map((row, r) => {
      const total = row.counts.reduce((a, b) => a + b, 0) + row.unrated;
      const y = tops[r]!;
      let x = labelWidth;
      const segments = row.counts
        .map((count, i) => {
          if (!count || !total) return '';
          const w = (count / total) * barWidth;
          const level = levels[i]!;
          const seg = `<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="20" fill="url(#${id}-l${i})" stroke="#ffffff" stroke-width="1"><title>${escapeHtml(`${count} ${level.label}`)}</title></rect>${
            w >= 16 ? `<text x="${(x + w / 2).toFixed(1)}" y="${y + 14}" font-size="${size}" font-weight="bold" text-anchor="middle" fill="${inkOn(level.color)}" stroke="${level.color === '#ffffff' ? 'none' : escapeHtml(level.color)}" stroke-width="2.5" paint-order="stroke">${count}</text>` : ''
          }`;
          x += w;
          return seg;
        })
        .join('');
      const unrated =
        row.unrated && total
          ? `<rect x="${x.toFixed(1)}" y="${y}" width="${((row.unrated / total) * barWidth).toFixed(1)}" height="20" fill="#ffffff" stroke="#888" stroke-dasharray="3 2"><title>${escapeHtml(fill(words.countNotRated, { count: row.unrated }))}</title></rect>`
          : '';
      const summary = total ? fill(words.ratedShare, { rated: row.counts.reduce((a, b) => a + b, 0), total }) : words.notReporting;
      // A dark edge round the bar: a light level (yellow on white) still stands out from the page (WCAG 1.4.11).
      const edge = total ? `<rect x="${labelWidth}" y="${y}" width="${barWidth}" height="20" fill="none" stroke="#555555" stroke-width="0.75"/>` : '';
      // A row with nothing reporting has no bar: it says so where the bar would be, with room for the words.
      const note = total ? `<text x="${labelWidth + barWidth + 8}" y="${y + 14}" font-size="${size}" fill="#333">${summary}</text>` : `<text x="${labelWidth}" y="${y + 14}" font-size="${size}" fill="#333" font-style="italic">${escapeHtml(summary)}</text>`;
      const label = narrow
        ? `<text x="0" y="${y - labelLines[r]!.length * (size + 3) + size}" font-size="${size}">${labelLines[r]!.map((l, k) => `<tspan x="0" dy="${k ? size + 3 : 0}">${escapeHtml(l)}</tspan>`).join('')}</text>`
        : rowLabel(row.label, labelWidth - 8, y + 10, 11.5);
      return `${label}${segments}${unrated}${edge}${note}`;
    })
    .join('');
  // The chart's data as its text alternative: what a screen reader says and the PDF's /Alt holds.
  const alt = `${title}: ${rows
    .map((row) => {
      const parts = row.counts.flatMap((count, i) => (count ? [`${count} ${levels[i]!.label}`] : []));
      if (row.unrated) parts.push(fill(words.countNotRated, { count: row.unrated }));
      return `${row.label}, ${parts.join(', ') || words.notReporting}`;
    })
    .join('; ')}.`;
  return `<svg class="chart distribution" role="img" aria-label="${escapeHtml(alt)}"${describedBy ? ` aria-describedby="${escapeHtml(describedBy)}"` : ''} viewBox="0 0 ${width} ${height}" width="100%"><defs>${patternDefs(id, levels)}</defs>${body}</svg>`;
}

export interface GoalBarData {
  baseline: number;
  target: number;
  latest: number | null;
  /** Where the path through the milestones stands by now (the pace marker), if it can be said. */
  expected: number | null;
  /** Interim targets on the axis, with whether each was met. */
  milestones?: Array<{ value: number; label: string; status: MilestoneStatus }>;
  /** The metric's unit, as plan.yaml gives it (percent, dollars, days). */
  unit: string | undefined;
  status: string;
}

/** A goal on its own axis from baseline to target: the actual value, and where a straight line would be by now. */
export function goalBar(goal: GoalBarData, title: string, words: ChartWords = ENGLISH_CHART_WORDS): string {
  return bothWidths((narrow) => goalBarAt(goal, title, words, narrow));
}

/** A goal's or a threshold's axis, for paper or for a phone: its width, its ends, its label rows and sizes. */
function axisLayout(narrow: boolean): { width: number; left: number; right: number; rows: number[]; size: (s: number) => number; heightFor: (rows: number) => number } {
  const width = narrow ? NARROW_WIDTH : 560;
  const inset = narrow ? 24 : 70;
  return {
    width,
    left: inset,
    right: width - inset,
    // A phone's labels are larger and have less room: a third row.
    rows: narrow ? [56, 71, 86] : [52, 65],
    size: (s) => (narrow ? Math.max(NARROW_TEXT, s) : s),
    heightFor: (rows) => (narrow ? 44 + rows * 15 : rows > 1 ? 70 : 58),
  };
}

function goalBarAt(goal: GoalBarData, title: string, words: ChartWords, narrow: boolean): string {
  const { width, left, right, rows, size, heightFor } = axisLayout(narrow);
  // The axis runs from baseline (left) to target (right) whichever way the goal moves, in the
  // share of the way covered; a value past the target or behind the baseline widens it.
  const way = (v: number) => (goal.target === goal.baseline ? 1 : (v - goal.baseline) / (goal.target - goal.baseline));
  const lo = Math.min(0, goal.latest === null ? 0 : way(goal.latest));
  const hi = Math.max(1, goal.latest === null ? 1 : way(goal.latest));
  const x = (v: number) => left + ((way(v) - lo) / (hi - lo)) * (right - left);
  const fmt = (v: number) => formatValue(v, goal.unit);
  const parts = [`<line x1="${left}" y1="28" x2="${right}" y2="28" stroke="#cccccc" stroke-width="10" stroke-linecap="round"/>`];
  // Labels under the axis, most important first, each in the first of two rows where it overlaps
  // no other; a milestone's label that finds no room is left out (its value is in the text beside).
  const labels = new LabelRows(rows, width);
  labels.place(x(goal.baseline), fill(words.baseline, { value: fmt(goal.baseline) }), size(11), false);
  labels.place(x(goal.target), fill(words.target, { value: fmt(goal.target) }), size(11), true);
  if (goal.latest !== null) {
    parts.push(`<line x1="${x(goal.baseline).toFixed(1)}" y1="28" x2="${x(goal.latest).toFixed(1)}" y2="28" stroke="#2b4c7e" stroke-width="10"/>`);
  }
  if (goal.expected !== null && way(goal.expected) > 0 && way(goal.expected) < 1) {
    const ex = x(goal.expected);
    parts.push(`<line x1="${ex.toFixed(1)}" y1="18" x2="${ex.toFixed(1)}" y2="38" stroke="#111111" stroke-width="2" stroke-dasharray="3 2"/>`);
    labels.place(ex, words.pace, size(9), false);
  }
  for (const m of goal.milestones ?? []) {
    const mx = x(m.value).toFixed(1);
    // A milestone is a diamond on the axis: filled when met, hollow otherwise.
    parts.push(
      `<polygon points="${mx},21 ${(Number(mx) + 5).toFixed(1)},28 ${mx},35 ${(Number(mx) - 5).toFixed(1)},28" fill="${m.status === 'met' ? '#2b4c7e' : '#ffffff'}" stroke="${m.status === 'missed' ? '#a11d1d' : '#2b4c7e'}" stroke-width="2"/>`,
    );
    labels.place(Number(mx), m.label, size(9), false);
  }
  parts.push(
    `<line x1="${x(goal.baseline).toFixed(1)}" y1="18" x2="${x(goal.baseline).toFixed(1)}" y2="38" stroke="#555555" stroke-width="2"/>`,
    `<polygon points="${x(goal.target).toFixed(1)},16 ${(x(goal.target) + 6).toFixed(1)},28 ${x(goal.target).toFixed(1)},40 ${(x(goal.target) - 6).toFixed(1)},28" fill="#111111"/>`,
    ...labels.svg(),
  );
  if (goal.latest !== null) {
    const lx = x(goal.latest).toFixed(1);
    parts.push(
      `<circle cx="${lx}" cy="28" r="6" fill="#ffffff" stroke="#2b4c7e" stroke-width="3"/>`,
      nowLabel(Number(lx), fill(words.now, { value: fmt(goal.latest) }), size(11), width),
    );
  }
  // A second row of labels only when the first has no room: a board report's goals stay compact.
  const height = heightFor(labels.rowsUsed());
  const milestoneText = (goal.milestones ?? []).map((m) => m.label).join(', ');
  const alt = [title, fill(words.baseline, { value: fmt(goal.baseline) }), ...(goal.latest !== null ? [fill(words.now, { value: fmt(goal.latest) })] : []), fill(words.target, { value: fmt(goal.target) }), ...(milestoneText ? [milestoneText] : [])].join('; ');
  return `<svg class="chart goal" role="img" aria-label="${escapeHtml(alt)}" viewBox="0 0 ${width} ${height}" width="100%">${parts.join('')}</svg>`;
}

export interface ThresholdData {
  /** The bar to stay on the right side of: "at least 8%". */
  bar: number;
  barLabel: string;
  /** For maintain: the band around the bar that still counts as kept. */
  tolerance?: number;
  /** Which side of the bar is good. */
  good: 'above' | 'below' | 'within';
  /** The values measured, oldest first, each with its label (the school year). */
  values: Array<{ value: number; label: string }>;
  unit: string | undefined;
}

/**
 * A level to hold (at least, at most, within): the bar as a line across the axis, the good side
 * shaded, and each year's value as a dot beside it, the latest named. Shape and words carry what
 * colour shows: a dot on the wrong side is hollow.
 */
export function thresholdChart(data: ThresholdData, title: string, words: ChartWords = ENGLISH_CHART_WORDS): string {
  return bothWidths((narrow) => thresholdAt(data, title, words, narrow));
}

function thresholdAt(data: ThresholdData, title: string, words: ChartWords, narrow: boolean): string {
  const { width, left, right, rows, size, heightFor } = axisLayout(narrow);
  const tolerance = data.tolerance ?? 0;
  const all = [...data.values.map((v) => v.value), data.bar - tolerance, data.bar + tolerance];
  const span = Math.max(...all) - Math.min(...all) || Math.abs(data.bar) || 1;
  const lo = Math.min(...all) - span * 0.15;
  const hi = Math.max(...all) + span * 0.15;
  const x = (v: number) => left + ((v - lo) / (hi - lo)) * (right - left);
  const fmt = (v: number) => formatValue(v, data.unit);
  const goodFrom = data.good === 'above' ? x(data.bar) : data.good === 'below' ? left : x(data.bar - tolerance);
  const goodTo = data.good === 'above' ? right : data.good === 'below' ? x(data.bar) : x(data.bar + tolerance);
  const holds = (v: number) => (data.good === 'above' ? v >= data.bar - 1e-9 : data.good === 'below' ? v <= data.bar + 1e-9 : Math.abs(v - data.bar) <= tolerance + 1e-9);
  const parts = [
    `<line x1="${left}" y1="28" x2="${right}" y2="28" stroke="#cccccc" stroke-width="10" stroke-linecap="round"/>`,
    `<rect x="${goodFrom.toFixed(1)}" y="23" width="${Math.max(2, goodTo - goodFrom).toFixed(1)}" height="10" fill="#9cc3a0"/>`,
    `<line x1="${x(data.bar).toFixed(1)}" y1="14" x2="${x(data.bar).toFixed(1)}" y2="42" stroke="#111111" stroke-width="2"/>`,
  ];
  const labels = new LabelRows(rows, width);
  labels.place(x(data.bar), data.barLabel, size(11), true);
  data.values.forEach((v, i) => {
    const last = i === data.values.length - 1;
    const cx = x(v.value).toFixed(1);
    parts.push(`<circle cx="${cx}" cy="28" r="${last ? 6 : 4}" fill="${holds(v.value) ? '#2b4c7e' : '#ffffff'}" stroke="${holds(v.value) ? '#2b4c7e' : '#a11d1d'}" stroke-width="${last ? 3 : 2}"/>`);
    if (last) parts.push(nowLabel(Number(cx), fill(words.now, { value: fmt(v.value) }), size(11), width));
    else labels.place(Number(cx), `${fmt(v.value)} ${v.label}`.trim(), size(9), false);
  });
  parts.push(...labels.svg());
  const height = heightFor(labels.rowsUsed());
  const alt = [title, data.barLabel, ...data.values.map((v) => `${v.label ? `${v.label}: ` : ''}${fmt(v.value)}`)].join('; ');
  return `<svg class="chart goal threshold" role="img" aria-label="${escapeHtml(alt)}" viewBox="0 0 ${width} ${height}" width="100%">${parts.join('')}</svg>`;
}

/** The latest value's label above the axis, centred on its point but kept inside the chart. */
function nowLabel(at: number, text: string, size: number, width: number): string {
  const half = (textWidth(text, size) * 1.1) / 2;
  const x = Math.min(Math.max(at, half + 1), width - half - 1);
  return `<text x="${x.toFixed(1)}" y="${size}" font-size="${size}" text-anchor="middle" font-weight="bold" fill="#2b4c7e">${escapeHtml(text)}</text>`;
}

/** Text labels centred on points along an axis, kept apart in a few rows. */
class LabelRows {
  private readonly placed: Array<{ row: number; from: number; to: number; x: number; text: string; size: number; bold: boolean }> = [];

  /** `width`: the chart's; a label near an edge moves inward rather than run past it. */
  constructor(
    private readonly rows: number[],
    private readonly width: number,
  ) {}

  /** Places the label in the first row with room for it; false when there is none. */
  place(at: number, text: string, size: number, bold: boolean): boolean {
    // The text's width, measured generously, and a clear space on each side: two labels side by
    // side must never read as one ("pace" beside "60.6% 2023-24" read as "pace 60.6% 2023-24").
    const drawn = (textWidth(text, size) * (bold ? 1.1 : 1)) / 2;
    const x = Math.min(Math.max(at, drawn + 1), this.width - drawn - 1);
    const half = drawn + 7;
    for (let row = 0; row < this.rows.length; row++) {
      if (this.placed.some((p) => p.row === row && x - half < p.to && x + half > p.from)) continue;
      this.placed.push({ row, from: x - half, to: x + half, x, text, size, bold });
      return true;
    }
    return false;
  }

  rowsUsed(): number {
    return this.placed.reduce((n, p) => Math.max(n, p.row + 1), 0);
  }

  svg(): string[] {
    return this.placed.map(
      (p) => `<text x="${p.x.toFixed(1)}" y="${this.rows[p.row]}" font-size="${p.size}" text-anchor="middle"${p.bold ? ' font-weight="bold"' : ''}>${escapeHtml(p.text)}</text>`,
    );
  }
}

export interface TrendSeries {
  label: string;
  /** Ratings per cycle, null where not rated. */
  points: Array<number | null>;
  emphasis?: boolean;
}

/**
 * Ratings across cycles: one row per series (the whole plan first, then each theory), a dot per
 * cycle placed by its level within the row and labelled with its value, joined by a line.
 */
export function trendChart(series: TrendSeries[], cycles: string[], levels: ScaleLevel[], title: string, words: ChartWords = ENGLISH_CHART_WORDS, describedBy?: string): string {
  return bothWidths((narrow) => trendAt(series, cycles, levels, title, words, describedBy, narrow));
}

function trendAt(series: TrendSeries[], cycles: string[], levels: ScaleLevel[], title: string, words: ChartWords, describedBy: string | undefined, narrow: boolean): string {
  const id = nextId();
  // On a phone each row's label stands above it, and the cycles' columns take the screen's width.
  const labelWidth = narrow ? 0 : 230;
  const columnWidth = narrow ? Math.floor((NARROW_WIDTH - 4) / Math.max(cycles.length, 1)) : Math.max(80, Math.min(140, Math.floor(440 / Math.max(cycles.length, 1))));
  // Tall enough that a level's step is plain (9 units a level on a three-level scale), not a nudge.
  const rowHeight = narrow ? 52 : 40;
  // Room above and below a row's dots, so that a dot at the foot of one row stays clear of one at
  // the head of the next: a dot's radius and as much again.
  const pad = narrow ? 14 : 11;
  const headSize = narrow ? NARROW_TEXT : 10;
  const headerLines = cycles.map((c) => wrapMeasured(c, columnWidth - 6, headSize, narrow ? 3 : 2, false));
  const headerHeight = 10 + Math.max(...headerLines.map((l) => l.length)) * (headSize + 2);
  const width = narrow ? NARROW_WIDTH : labelWidth + cycles.length * columnWidth + 10;
  const labelSize = narrow ? NARROW_TEXT : 11;
  const labels = series.map((s) => (narrow ? wrapMeasured(s.label, width, labelSize, 2, !!s.emphasis) : []));
  const tops: number[] = [];
  let height = headerHeight;
  for (const lines of labels) {
    height += lines.length * (labelSize + 3);
    tops.push(height);
    height += rowHeight;
  }
  height += 4;
  const values = levels.map((l) => l.value);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const cx = (i: number) => labelWidth + i * columnWidth + columnWidth / 2;
  const header = headerLines
    .map((lines, i) => `<text x="${cx(i)}" y="${headerHeight - 6 - (lines.length - 1) * (headSize + 2)}" font-size="${headSize}" text-anchor="middle">${lines.map((l, k) => `<tspan x="${cx(i)}" dy="${k ? headSize + 2 : 0}">${escapeHtml(l)}</tspan>`).join('')}</text>`)
    .join('');
  const valueSize = narrow ? NARROW_TEXT : 9;
  const radius = (emphasis?: boolean) => (narrow ? 10 : emphasis ? 8 : 7);
  const rows = series
    .map((s, r) => {
      const top = tops[r]!;
      const y = (v: number) => top + pad + (1 - (v - min) / (max - min || 1)) * (rowHeight - 2 * pad);
      const band = `<rect x="${labelWidth}" y="${top + 2}" width="${cycles.length * columnWidth}" height="${rowHeight - 4}" fill="${r % 2 ? '#ffffff' : '#f4f6f9'}"/>`;
      const points = s.points.map((p, i) => (p === null ? null : { x: cx(i), y: y(p), value: p }));
      const line: string[] = [];
      for (let i = 1; i < points.length; i++) {
        const a = points[i - 1];
        const b = points[i];
        if (a && b) line.push(`<line x1="${a.x}" y1="${a.y.toFixed(1)}" x2="${b.x}" y2="${b.y.toFixed(1)}" stroke="#333333" stroke-width="${s.emphasis ? 2.5 : 1.5}"/>`);
      }
      const dots = points
        .map((p, i) =>
          p
            ? `<circle cx="${p.x}" cy="${p.y.toFixed(1)}" r="${radius(s.emphasis)}" fill="${fillFor(id, levels, p.value)}" stroke="#333333" stroke-width="1"/><text x="${p.x}" y="${(p.y + valueSize * 0.38).toFixed(1)}" font-size="${valueSize}" font-weight="bold" text-anchor="middle" fill="${inkOn(levels.find((l) => l.value === p.value)?.color ?? '#ffffff')}">${p.value}</text>`
            : `<text x="${cx(i)}" y="${top + rowHeight / 2 + 4}" font-size="${narrow ? NARROW_TEXT : 10}" text-anchor="middle" fill="#777777">–</text>`,
        )
        .join('');
      const label = narrow
        ? `<text x="0" y="${top - labels[r]!.length * (labelSize + 3) + labelSize}" font-size="${labelSize}"${s.emphasis ? ' font-weight="bold"' : ''}>${labels[r]!.map((l, k) => `<tspan x="0" dy="${k ? labelSize + 3 : 0}">${escapeHtml(l)}</tspan>`).join('')}</text>`
        : rowLabel(s.label, labelWidth - 8, top + rowHeight / 2, 11, 3, s.emphasis);
      return band + line.join('') + dots + label;
    })
    .join('');
  const labelOf = (rating: number | null) => levels.find((l) => l.value === rating)?.label ?? words.notRated;
  const alt = `${title}: ${series.map((s) => `${s.label}: ${s.points.map((p, i) => `${cycles[i]} ${labelOf(p)}`).join(', ')}`).join('; ')}.`;
  return `<svg class="chart trend" role="img" aria-label="${escapeHtml(alt)}"${describedBy ? ` aria-describedby="${escapeHtml(describedBy)}"` : ''} viewBox="0 0 ${width} ${height}" width="100%"><defs>${patternDefs(id, levels)}</defs>${header}${rows}</svg>`;
}

/**
 * Splits text into at most `maxLines` lines each no wider than `maxWidth` as drawn (measured, not
 * counted in characters: "EarlyChildhood" is wider than its letters suggest), the last cut short.
 */
function wrapMeasured(text: string, maxWidth: number, fontSize: number, maxLines: number, bold: boolean): string[] {
  const measure = (t: string) => textWidth(t, fontSize) * (bold ? 1.1 : 1);
  const fit = (t: string) => {
    if (measure(t) <= maxWidth) return t;
    let cut = t;
    while (cut.length > 1 && measure(`${cut}…`) > maxWidth) cut = cut.slice(0, -1);
    return `${cut.trimEnd()}…`;
  };
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (current && measure(`${current} ${word}`) > maxWidth) {
      lines.push(current);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  if (current) lines.push(current);
  if (lines.length > maxLines) {
    const kept = lines.slice(0, maxLines);
    kept[maxLines - 1] = fit(`${kept[maxLines - 1]} ${lines.slice(maxLines).join(' ')}`);
    return kept;
  }
  return lines.map(fit);
}

/** A row's label, right-aligned at `x`, wrapped over up to `maxLines` lines centred on `middleY`, never wider than the space left of `x`. */
function rowLabel(text: string, x: number, middleY: number, fontSize: number, maxLines = 2, bold = false): string {
  const lines = wrapMeasured(text, x - 2, fontSize, maxLines, bold);
  const lineHeight = fontSize + 1.5;
  const first = middleY - ((lines.length - 1) * lineHeight) / 2 + fontSize * 0.35;
  const tspans = lines.map((l, i) => `<tspan x="${x}" dy="${i ? lineHeight : 0}">${escapeHtml(l)}</tspan>`).join('');
  return `<text x="${x}" y="${first.toFixed(1)}" font-size="${fontSize}" text-anchor="end"${bold ? ' font-weight="bold"' : ''}>${tspans}</text>`;
}
