// What a report shows, mapped from the plan and the report's data (rollup/report-data.ts) to the
// strings and markup templates lay out. Nothing here computes a figure or picks a cycle.
// Strings stay raw (Handlebars escapes them); fields ending in Html hold markup that this module
// built from escaped text (Markdown, SVG charts) and templates print with {{{ }}}.
import { fundingSummary } from '../compliance/funding.js';
import { interventionEvidence, planFundingSources } from '../compliance/funding-sources.js';
import type { PlanHistory } from '../history/history.js';
import { updatesView } from '../history/updates-view.js';
import type { ReportType } from '../plan/calendar.js';
import { itemMeasures, type MetricPoint, type PlanModel } from '../plan/model.js';
import { planInYear, schoolPlans } from '../plan/calendar.js';
import { footWord, kindWord, type TreeItem } from '../plan/tree.js';
import { reportData, type ReportData } from '../rollup/report-data.js';
import { goalProgress, type GoalProgress } from '../rollup/goals.js';
import type { Figure, ItemNode, Rollup, Trend } from '../rollup/rollup.js';
import type { ScaleLevel } from '../plan/scale.js';
import { goalBar, legend, ratingDistribution, resetChartIds, textWidth, thresholdChart, trendChart, type ChartWords } from './charts.js';
import { inkOn } from '../color.js';
import { formatDay } from '../dates.js';
import { formatValue, meter, money, nameOf, numberFormat, ownerNames, TREND_LABELS } from '../labels.js';
import { englishLocale, type Locale } from './locale.js';
import type { RollupCap, RollupMethod } from '../rollup/bands.js';
import { renderMarkdown } from './markdown.js';

export { REPORT_TYPES, type ReportType } from '../plan/calendar.js';

export interface RatingView {
  value: number | null;
  label: string;
  color: string;
  ink: string;
  meter: string;
  css: string;
}

export interface FigureView {
  rating: RatingView;
  computed: string | null;
  /** The value the level was rounded from, on the scale: "2.57 of 3". */
  value: string;
  /** Why the level is below the value's band (the majority rule), else empty. */
  heldText: string;
  /** What the figure summarises, each level counted: "Theories of Action: 1 On track, 3 In progress". */
  spreads: string[];
  holistic: boolean;
  rationaleHtml: string;
  ratedBy: string;
  divergent: boolean;
  coverage: string;
  coverageShare: number | null;
  trend: Trend;
  trendText: string;
  trendArrow: string;
  reporting: boolean;
}


export interface ReportOptions {
  type: ReportType;
  /** Where the plan was read from, for the colophon: "revision 1a2b3c4 (June 1, 2020)". */
  builtFrom?: string;
  cycle?: string;
  school?: string;
  asOf: string;
  /** A data: URI of the district's logo, already read by the caller. */
  logoDataUri?: string;
  /** The report's own words, in its language; English when absent. */
  locale?: Locale;
  /** The report's language (BCP 47), when the caller has not loaded its locale: default the plan's language, else English. */
  lang?: string;
  /** Which of the plan's fields are shown in the report's language (from plan.yaml's translations). */
  translated?: import('./translate.js').TranslatedFields;
  /** false: leave out the plan's context sections (its design notes), shown otherwise in an appendix. */
  context?: boolean;
  /** The plan's history of targets over a span (plan report --changes-since): an appendix of the district reports. */
  updates?: PlanHistory;
}

function localeOf(options: Pick<ReportOptions, 'locale'>): Locale {
  return options.locale ?? englishLocale();
}

// Each scale's badges, made once per list of levels: a website shows tens of thousands of them.
const badgesOf = new WeakMap<readonly ScaleLevel[], { byValue: Map<number, Omit<RatingView, 'value'>>; none: Omit<RatingView, 'value' | 'label'> }>();

export function ratingView(levels: ScaleLevel[], value: number | null, notRated = 'Not rated'): RatingView {
  let badges = badgesOf.get(levels);
  if (!badges) {
    const sorted = [...levels].sort((a, b) => a.value - b.value);
    badges = {
      // The first level of a value, as a search would find it.
      byValue: new Map(sorted.map((level, index) => [level.value, { label: level.label, color: level.color, ink: inkOn(level.color), meter: meter(sorted, level.value), css: `level-${index}` }] as const).reverse()),
      none: { color: '#ffffff', ink: '#333333', meter: meter(sorted, null), css: 'unrated' },
    };
    badgesOf.set(levels, badges);
  }
  const badge = value === null ? undefined : badges.byValue.get(value);
  // A fresh object each time: a caller may reword its label ("not enough ratings").
  return badge ? { value, ...badge } : { value, label: notRated, ...badges.none };
}

// Figures' values in each language, formatted once: a website formats the same few hundred
// values thousands of times, and Intl's formatting is the slow part of mapping a figure.
const formatted = new Map<string, Map<number, string>>();

function formattedNumber(lang: string, value: number): string {
  let byValue = formatted.get(lang);
  if (!byValue) formatted.set(lang, (byValue = new Map()));
  let text = byValue.get(value);
  if (text === undefined) {
    text = numberFormat(lang, 2).format(value);
    // Bounded: a run of a plan with millions of distinct values keeps formatting them as it goes.
    if (byValue.size < 100_000) byValue.set(value, text);
  }
  return text;
}

/**
 * A figure as a report shows it. `below` names what lies directly beneath it in the plan's words
 * ("Theories of Action"); `actions` the plan's word for actions, counted under every figure.
 */
function figureView(m: Pick<Mapping, 'levels' | 'locale'> & { model?: PlanModel; rollup?: Rollup }, f: Figure, below = ''): FigureView {
  const { t } = m.locale;
  const levels = m.levels;
  const lang = m.locale.lang;
  const number = (v: number) => formattedNumber(lang, v);
  const top = levels[levels.length - 1]!.value;
  const labelOf = (v: number | null) => levels.find((l) => l.value === v)?.label ?? '';
  const counts = (c: readonly number[]) =>
    levels
      .map((l, i) => ({ label: l.label, count: c[i] ?? 0 }))
      .filter((x) => x.count > 0)
      .reverse()
      .map((x) => t('levelCount', x))
      .join(', ');
  const spreads: string[] = [];
  const actionsWord = m.model ? footWord(m.model, m.rollup?.foot ?? 'actions') : '';
  if (below && below !== actionsWord && counts(f.spread)) spreads.push(t('spread', { below, counts: counts(f.spread) }));
  if (actionsWord && counts(f.distribution)) {
    const unrated = f.actions.total - f.actions.rated;
    spreads.push(t('spread', { below: actionsWord, counts: `${counts(f.distribution)}${unrated > 0 ? `, ${t('notRatedCount', { count: unrated })}` : ''}` }));
  }
  const held = f.computed?.held;
  const { arrow } = TREND_LABELS[f.trend];
  const text = t(`trend.${f.trend}`);
  const rating = ratingView(levels, f.rating, t('notRated'));
  if (f.rating === null && !f.enoughRatings && f.actions.rated + f.items.rated > 0) rating.label = t('notEnough', f.coverage);
  return {
    rating,
    computed: f.computed ? number(f.computed.value) : null,
    // A holistic rating is a person's, not rounded from a value: the value below is said beside it instead.
    value: f.computed && f.rating !== null && f.holistic?.rating == null ? t('valueOn', { value: number(f.computed.value), top: number(top) }) : '',
    heldText: held && f.computed ? t('heldAt', { level: labelOf(f.rating), value: number(f.computed.value), band: labelOf(held.band), reaching: held.reaching, of: held.of, below }) : '',
    spreads,
    holistic: !!f.holistic,
    rationaleHtml: renderMarkdown(f.holistic?.rationale),
    ratedBy: f.holistic?.ratedBy ?? '',
    divergent: f.divergent,
    // Items without actions report through holistic ratings: then the items rated are counted.
    coverage: f.actions.total || !f.items.total ? t('ratedOf', { rated: f.actions.rated, total: f.actions.total }) : t('ratedOf', f.items),
    coverageShare: f.actions.total ? f.actions.rated / f.actions.total : f.items.total ? f.items.rated / f.items.total : null,
    trend: f.trend,
    trendText: f.rating === null ? '' : text,
    trendArrow: f.rating === null ? '' : arrow,
    reporting: f.reporting,
  };
}


/** What lies directly below an item of the given depth (-1: the whole plan), in the plan's words. */
function belowOf(m: Pick<Mapping, 'model' | 'rollup'>, depth: number): string {
  const tree = m.model.tree;
  return depth < tree.align ? tree.levels[depth + 1]!.plural : footWord(m.model, m.rollup.foot);
}

/** What every part of a report maps with: the plan, its sorted levels, and names for people. */
interface Mapping {
  model: PlanModel;
  levels: ScaleLevel[];
  rollup: Rollup;
  /** The name of an action's owner: a member of the team of the action plan in `file`, a person or an office. */
  ownerName: (file: string, id: string) => string;
  /** In a school report, that school. */
  school: NonNullable<PlanModel['plan']['schools']>[number] | undefined;
  locale: Locale;
}

/**
 * The rating column's width: as wide as the widest badge of the scale ("●●○○ Needs urgent
 * attention"), so that no badge breaks across lines and every rating column is even; a scale with
 * labels too long for that keeps its badges wrapping in a column of the usual width (null).
 */
export function badgeColumn(levels: readonly ScaleLevel[], notRated: string): string | null {
  const meterWidth = textWidth('●', 9) * levels.length;
  // 9 pt bold, 6 pt of padding each side, the border, and the cell's own padding.
  const widest = Math.max(...[...levels.map((l) => l.label), notRated].map((label) => meterWidth + textWidth(` ${label}`, 9) * 1.1)) + 12 + 2 + 14;
  const inches = Math.max(1.5, Math.ceil((widest / 72) * 20) / 20);
  return inches <= 2.4 ? `${inches}in` : null;
}

/** The actions that explain a rating, lowest first: those below the scale's top level, or, when all reach it, all of them. */
function reasonsOf<A extends { rating: { value: number | null } }>(actions: readonly A[], top: number): A[] {
  const byRating = [...actions].sort((a, b) => (a.rating.value ?? -Infinity) - (b.rating.value ?? -Infinity));
  const below = byRating.filter((a) => a.rating.value === null || a.rating.value < top);
  return below.length ? below : byRating;
}

/** The most actions a school report's theory may hold and still be kept on one page with its heading. */
const KEEP_TOGETHER_ROWS = 4;

/** How many of a row's actions its evidence column lists, when it has no evidence of its own. */
const MAX_REASONS = 3;

// A plan's actions by id, made once per model: a website makes a view for each of thousands of schools.
const actionsByIdOf = new WeakMap<PlanModel, Map<string, PlanModel['actions'][number]>>();

/** A funding source's name in the report's language: the default sources in its words, a district's own as it names them. */
function sourceName(m: Pick<Mapping, 'model' | 'locale'>, id: string): string {
  const own = Boolean(m.model.plan.funding_sources?.length);
  return !own && m.locale.own(`funding.source.${id}`) ? m.locale.t(`funding.source.${id}`) : (planFundingSources(m.model.plan).get(id)?.name ?? id);
}

/** An action's evidence tier and what pays for it, in a line: "ESSA evidence tier 2 · Title I, section 1003: $48,000 (2019-20)". */
function supportLine(m: Pick<Mapping, 'model' | 'locale'>, placed: PlanModel['actions'][number]): string {
  const evidence = interventionEvidence(placed);
  const funding = placed.action.funding ?? [];
  if (!evidence && !funding.length) return '';
  const parts = [
    evidence ? m.locale.t('evidenceTier', { tier: evidence.tier }) : '',
    ...funding.map((f) => `${sourceName(m, f.source)}${f.amount !== undefined ? `: ${money(f.amount, m.locale.lang)}` : ''}${f.school_year ? ` (${f.school_year})` : ''}`),
  ];
  return parts.filter(Boolean).join(' · ');
}

function actionViews(m: Mapping) {
  let actionsById = actionsByIdOf.get(m.model);
  if (!actionsById) actionsByIdOf.set(m.model, (actionsById = new Map(m.model.actions.map((p) => [p.action.id, p]))));
  const figures = new Map(m.rollup.actions.map((a) => [a.id, a]));
  const view = (id: string) => {
    const figure = figures.get(id)!;
    const placed = actionsById.get(id)!;
    const entry = placed.action.progress?.[m.rollup.cycle.id];
    const { arrow } = TREND_LABELS[figure.trend];
    const phrase = m.locale.t(`trend.${figure.trend}`);
    const day = (d: string) => formatDay(d, m.locale.lang);
    return {
      id,
      title: placed.action.title,
      owner: placed.action.owner ? m.ownerName(placed.file, placed.action.owner) : '',
      timeline: placed.action.timeline ? m.locale.t('timeline', { start: day(placed.action.timeline.start), end: day(placed.action.timeline.end) }) : '',
      criteria: (placed.action.success_criteria ?? []).map((c) => (typeof c === 'string' ? c : `${c.measure}: ${c.target}`)),
      rating: ratingView(m.levels, figure.rating, m.locale.t('notRated')),
      expected: figure.expected,
      trendArrow: figure.rating === null ? '' : arrow,
      trendText: figure.rating === null ? '' : phrase,
      evidenceHtml: renderMarkdown(entry?.evidence),
      nextStepsHtml: renderMarkdown(entry?.next_steps),
      plan: figure.plan,
      support: supportLine(m, placed),
    };
  };
  /** The actions among `ids` that report in the cycle, as views. */
  const reporting = (ids: string[]) => ids.filter((id) => figures.get(id)!.reporting).map(view);
  const isDistrict = (id: string) => actionsById.get(id)!.owner.kind === 'office';
  return { reporting, isDistrict };
}

/** The items under one the actions align to, by level: "Objectives" and their texts. */
function belowView(item: TreeItem): Array<{ label: string; texts: string[] }> {
  const out: Array<{ label: string; texts: string[] }> = [];
  const walk = (children: TreeItem[]) => {
    if (!children.length) return;
    out.push({ label: children[0]!.level.plural, texts: children.map((c) => c.data.text ?? c.data.title ?? c.id) });
    walk(children.flatMap((c) => c.children));
  };
  walk(item.children);
  return out;
}

/** "Priority 2", "Goal 1.3", or just the level's name for an item the plan does not number. */
function itemLabel(level: string, number: number | undefined): string {
  return `${level}${number !== undefined ? ` ${number}` : ''}`;
}

/**
 * The plan's tree as report sections: an article per top item; inside it, a section per item of the
 * levels between (headed by its level and title), each with a table of the items actions align to.
 */
function theoryViews(m: Mapping) {
  const tree = m.model.tree;
  const actions = actionViews(m);
  // An item's measures, beside its rating: "Chronic absence: 15.1% (2022-23), next 14.5% by 2023-24 · on track".
  const measuresOf = new Map<string, string[]>();
  for (const g of m.rollup.goals) {
    if (!g.item) continue;
    const { t } = m.locale;
    const latest = g.latest ? `${formatValue(g.latest.value, g.unit)}${g.latest.school_year ? ` (${g.latest.school_year})` : ''}` : t('goalStatus.no-data').toLowerCase();
    const threshold = g.direction === 'at_least' || g.direction === 'at_most' || g.direction === 'maintain';
    const next = threshold ? byWhen(m, thresholdWords(m.locale, g, g.next.value), g.next) : t(g.next === g.target ? 'goal.final' : 'goal.next', { value: byWhen(m, formatValue(g.next.value, g.unit), g.next) });
    measuresOf.set(g.item.id, [...(measuresOf.get(g.item.id) ?? []), `${g.title}: ${latest}, ${next} · ${t(`goalStatus.${g.status}`).toLowerCase()}`]);
  }
  const school = !!m.rollup.scope.school;
  const ownerOf = (id: string) => {
    const owner = tree.byId.get(id)?.data.owner;
    return owner ? m.ownerName('plan.yaml', owner) : '';
  };
  const top = Math.max(...m.levels.map((l) => l.value));
  const rowView = (s: ItemNode) => {
    // A school report lists its actions; district reports quote district evidence only, so a
    // large district's thousands of school actions are not rendered for nothing.
    const listed = actions.reporting(m.school ? s.actions : s.actions.filter(actions.isDistrict));
    const evidence = listed.filter((a) => a.plan.kind === 'office' && a.evidenceHtml).slice(0, 2);
    return {
      id: s.id,
      title: s.title,
      text: s.text ?? s.title,
      group: s.group ?? '',
      owner: ownerOf(s.id),
      items: tree.byId.get(s.id)!.data.items ?? [],
      // Below the level actions align to, items describe their parent: listed under it, with their level's name.
      below: belowView(tree.byId.get(s.id)!),
      measures: measuresOf.get(s.id) ?? [],
      figure: figureView(m, s.figure, belowOf(m, s.depth)),
      narrativeHtml: renderMarkdown(s.figure.holistic?.rationale) || evidence.map((a) => a.evidenceHtml).join(''),
      actions: listed,
      // With no evidence written, the reasons are its actions' own ratings: the board sees what the
      // rating is made of, lowest first, a few of them (a district's school actions are counted, not listed).
      reasons: reasonsOf(listed, top).slice(0, MAX_REASONS),
      moreReasons: Math.max(0, listed.length - Math.min(MAX_REASONS, reasonsOf(listed, top).length)),
      moreReasonsTerm: listed.length - Math.min(MAX_REASONS, reasonsOf(listed, top).length) === 1 ? 'action' : 'actions',
    };
  };
  const rowsOf = (parent: ItemNode) => parent.children.filter((s) => !school || s.actions.length).map(rowView);
  const sectionView = (node: ItemNode, heading: boolean) => ({
    id: node.id,
    // A group with no heading of its own is shown as its items, under no invented title.
    heading: heading && !node.untitled,
    // Headings below the article's h3: h4, then h5.
    headingLevel: Math.min(3 + node.depth, 6),
    label: itemLabel(node.level, node.number),
    title: node.title,
    statement: tree.byId.get(node.id)!.data.statement ?? '',
    owner: ownerOf(node.id),
    measures: measuresOf.get(node.id) ?? [],
    figure: figureView(m, node.figure, belowOf(m, node.depth)),
    rowsLabel: tree.levels[tree.align]!.singular,
    rows: node.depth === tree.align - 1 ? rowsOf(node) : [],
  });
  const sectionsOf = (top: ItemNode) => {
    if (top.depth === tree.align) return [];
    if (tree.align === 1) return [sectionView(top, false)];
    const out: Array<ReturnType<typeof sectionView>> = [];
    const walk = (node: ItemNode) => {
      const section = sectionView(node, true);
      if (school && node.depth === tree.align - 1 && !section.rows.length) return;
      out.push(section);
      if (node.depth < tree.align - 1) node.children.forEach(walk);
    };
    top.children.forEach(walk);
    return out;
  };
  return m.rollup.items.map((top) => {
    const sections = sectionsOf(top);
    /** At a one-level plan's top, its own actions, in a school report. */
    const own = top.depth === tree.align ? rowView(top).actions : [];
    const rows = own.length + sections.reduce((n, section) => n + section.rows.reduce((k, row) => k + row.actions.length, 0), 0);
    return {
      id: top.id,
      label: itemLabel(top.level, top.number),
      title: top.untitled ? '' : top.title,
      statement: tree.byId.get(top.id)!.data.statement ?? '',
      owner: ownerOf(top.id),
      measures: measuresOf.get(top.id) ?? [],
      figure: figureView(m, top.figure, belowOf(m, top.depth)),
      sections,
      actions: own,
      // A school's few actions under a theory go to a new page together with its heading, rather
      // than leave the heading alone at the foot of a page (Chromium does not always honour
      // break-after: avoid before a table).
      keepTogether: school && rows <= KEEP_TOGETHER_ROWS,
    };
  });
}

/** "48% by 2024-25": a value with the school year or cycle it is due by, when it has one. */
function byWhen(m: Pick<Mapping, 'model' | 'locale'>, value: string, point: { school_year?: string; cycle?: string }): string {
  const when = point.school_year ?? (point.cycle ? nameOf(m.model, 'cycle', point.cycle) : undefined);
  return when ? m.locale.t('goal.by', { value, when }) : value;
}

function goalViews(m: Pick<Mapping, 'model' | 'locale'>, goals: readonly GoalProgress[], schoolYear?: string) {
  const { t } = m.locale;
  return goals.map((g) => {
    const status = t(`goalStatus.${g.status}`);
    // A level to hold reads "at least 8%" where a distance to cover reads "target 60% by 2024-25".
    const bar = g.baseline === null || g.direction === 'at_least' || g.direction === 'at_most' || g.direction === 'maintain' ? thresholdWords(m.locale, g, g.target.value) : '';
    return {
      id: g.id,
      title: g.title,
      scope: g.item ? t('goal.measureOf', { level: g.item.level, name: g.item.name }) : g.scope === 'district' ? '' : nameOf(m.model, 'school', g.scope),
      metric: g.metric,
      baseline: g.baseline ? `${formatValue(g.baseline.value, g.unit)}${g.baseline.school_year ? ` (${g.baseline.school_year})` : ''}` : '',
      asOf: g.asOf && schoolYear ? t('goal.asOf', { year: schoolYear }) : '',
      latest: g.latest ? `${formatValue(g.latest.value, g.unit)}${g.latest.school_year ? ` (${g.latest.school_year})` : g.latest.cycle ? ` (${nameOf(m.model, 'cycle', g.latest.cycle)})` : ''}` : '—',
      target: bar ? '' : byWhen(m, formatValue(g.target.value, g.unit), g.target.school_year ? { school_year: g.target.school_year } : {}),
      bar: bar ? byWhen(m, bar, g.target.school_year ? { school_year: g.target.school_year } : {}) : '',
      share: g.share === null ? '' : `${Math.round(g.share * 100)}%`,
      status,
      statusCss: g.status,
      milestones: g.milestones.map((ms) => `${byWhen(m, formatValue(ms.point.value, g.unit), ms.point)}: ${t(`milestone.${ms.status}`)}`).join('; '),
      // A group's figure names its year only where it differs from the measure's own: a phone's narrow table stays readable.
      groups: (g.groups ?? []).map(({ name, progress: p }) => {
        const value = (point: MetricPoint | null, same: MetricPoint | null) => (point ? `${formatValue(point.value, p.unit)}${point.school_year && point.school_year !== same?.school_year ? ` (${point.school_year})` : ''}` : '—');
        return { name, baseline: value(p.baseline, g.baseline), latest: value(p.latest, g.latest), target: value(p.target, g.target), status: t(`goalStatus.${p.status}`), statusCss: p.status };
      }),
      barHtml: bar
        ? thresholdChart(
            {
              bar: g.next.value,
              barLabel: thresholdWords(m.locale, g, g.next.value),
              ...(g.tolerance !== undefined ? { tolerance: g.tolerance } : {}),
              good: g.direction === 'at_least' ? 'above' : g.direction === 'at_most' ? 'below' : 'within',
              values: g.values.map((p) => ({ value: p.value, label: p.school_year ?? (p.cycle ? nameOf(m.model, 'cycle', p.cycle) : '') })),
              unit: g.unit,
            },
            `${g.title}: ${status}`,
            chartWords(m.locale),
          )
        : goalBar(
        {
          baseline: g.baseline!.value,
          target: g.target.value,
          latest: g.latest?.value ?? null,
          expected: g.expected,
          milestones: g.milestones.map((ms) => ({ value: ms.point.value, label: `${formatValue(ms.point.value, g.unit)}${ms.point.school_year ? ` ${ms.point.school_year}` : ''}`, status: ms.status })),
          unit: g.unit,
          status,
        },
        `${g.title}: ${status}`,
        chartWords(m.locale),
      ),
    };
  });
}

/** The plan by funding source (only where actions record their funding): amounts per school year, and how the actions each source pays for are rated. */
function fundingView(m: Mapping, rollup: Rollup) {
  if (!m.model.actions.some((a) => a.action.funding?.length)) return null;
  const summary = fundingSummary(m.model, rollup);
  const { t, lang } = m.locale;
  return {
    note: t('funding.note', { funded: summary.funded, total: summary.actions, action: m.model.terms.action.singular.toLowerCase(), actions: m.model.terms.action.plural.toLowerCase(), cycle: rollup.cycle.name }),
    years: summary.years.map((y) => y || t('funding.noYear')),
    rows: summary.sources.map((s) => ({
      name: sourceName(m, s.id),
      amounts: s.byYear.map((v) => (v ? money(v, lang) : '—')),
      total: money(s.total, lang),
      actions: s.actions.length,
      ratings: [...m.levels].map((l, i) => ({ rating: ratingView(m.levels, l.value), count: s.distribution[i]! })).filter((r) => r.count > 0),
      notRated: s.notRated,
    })),
    totals: summary.byYear.map((v) => money(v, lang)),
    total: money(summary.total, lang),
    funded: summary.funded,
  };
}

/** A threshold in words: "at least 8%", "at most 5 days", "95%, give or take 1". */
function thresholdWords(locale: Locale, g: GoalProgress, value: number): string {
  const v = formatValue(value, g.unit);
  if (g.direction === 'at_most') return locale.t('goal.atMost', { value: v });
  if (g.direction === 'maintain') return locale.t('goal.maintain', { value: v, tolerance: formatValue(g.tolerance ?? 0, g.unit) });
  return locale.t('goal.atLeast', { value: v });
}

function highlightViews(m: Mapping, data: ReportData) {
  const all = data.wentWell.map((x) => ({
    kind: kindWord(m.model, x.kind),
    id: x.id,
    title: x.title,
    rating: ratingView(m.levels, x.rating, m.locale.t('notRated')),
    note: x.change === 'improved' ? m.locale.t('improved') : x.change === 'held' ? m.locale.t('held') : '',
  }));
  // A board reads a handful: the rest is counted, and the full lists are in plan status.
  const wentWell = all.slice(0, SHORT_LIST);
  const { t } = m.locale;
  // Under a heading that is the lowest level's own name ("Needs urgent attention"), the badge does not say it again.
  const headingIsLevel = normalWords(t('urgent')) === normalWords(m.levels[0]!.label);
  const urgentAll = data.urgent.map((a) => ({
    kind: kindWord(m.model, a.kind),
    id: a.id,
    title: a.title,
    // A measure has a status, not a rating: its badge says the status, in the lowest level's colour, with no meter.
    rating: a.kind === 'goal' ? { ...ratingView(m.levels, m.levels[0]!.value), value: null, label: t(`goalStatus.${a.reason}`), meter: '', css: 'goal-status' } : withoutRepeat(ratingView(m.levels, a.rating, t('notRated')), headingIsLevel),
    under: a.under.length ? t('urgentUnder', { list: a.under.map((u) => `${kindWord(m.model, u.kind)}: ${u.title}`).join('; ') }) : '',
    of: a.of ? `${a.of.level}: ${a.of.name}` : '',
  }));
  const urgent = urgentAll.slice(0, SHORT_LIST);
  return { wentWell: byKind(m, wentWell), wentWellMore: all.length - wentWell.length, urgent: byKind(m, urgent), urgentMore: urgentAll.length - urgent.length };
}

const SHORT_LIST = 5;

/**
 * A short list's items under their kind, named once ("High Leverage District Strategies"), in the
 * order the kinds first come: a kind written before each of seven items says nothing after the first.
 */
function byKind<T extends { kind: string }>(m: Pick<Mapping, 'model'>, items: readonly T[]): Array<{ kind: string; items: T[] }> {
  const groups: Array<{ kind: string; items: T[] }> = [];
  for (const item of items) {
    const group = groups.find((g) => g.kind === item.kind);
    if (group) group.items.push(item);
    else groups.push({ kind: item.kind, items: [item] });
  }
  return groups.map((g) => ({ kind: g.items.length > 1 ? pluralOf(m, g.kind) : g.kind, items: g.items }));
}

/** The plural of a kind's word, from the plan's terms and levels ("Strategy" -> "Strategies"). */
function pluralOf(m: Pick<Mapping, 'model'>, singular: string): string {
  const t = m.model.terms as unknown as Record<string, { singular: string; plural: string }>;
  for (const term of Object.values(t)) if (term.singular === singular) return term.plural;
  for (const level of m.model.tree.levels) if (level.singular === singular) return level.plural;
  return singular;
}

const normalWords = (text: string) => text.trim().replace(/\s+/g, ' ').toLowerCase();

/** A badge under a heading that already names its level: the meter stays, the words are for screen readers only. */
function withoutRepeat(rating: RatingView, repeat: boolean): RatingView & { hidden?: boolean } {
  return repeat && rating.value !== null ? { ...rating, hidden: true } : rating;
}

/** The words charts write, from the report's locale. */
function chartWords(locale: Locale): ChartWords {
  const { t } = locale;
  return { legend: t('chart.legend'), notRated: t('chart.notRated'), countNotRated: t('chart.countNotRated'), baseline: t('chart.baseline'), target: t('chart.target'), now: t('chart.now'), pace: t('chart.pace'), ratedShare: t('chart.ratedShare'), notReporting: t('notReporting') };
}

function chartViews(m: Mapping, data: ReportData) {
  const t = m.model.terms;
  const words = chartWords(m.locale);
  const theoryLabel = (th: { number?: number; title: string }) => `${th.number !== undefined ? `${th.number}. ` : ''}${th.title}`;
  const distributionRows = m.rollup.items.map((th) => ({ label: theoryLabel(th), counts: th.figure.distribution, unrated: th.figure.actions.total - th.figure.actions.rated }));
  const distributionHtml = ratingDistribution(
    distributionRows,
    m.levels,
    m.locale.t('chart.distributionTitle', { actions: footWord(m.model, m.rollup.foot), theory: t.theory.singular.toLowerCase() }),
    words,
    // District reports carry the charts' data as tables at the end (appendix.hbs): the charts point to them.
    m.school ? undefined : 'data-distribution',
  );
  // A cycle in which nothing shown here was rated adds only a column of dashes.
  const rated = (r: Rollup) => (m.school ? r.schools[0]?.figure.rating != null : r.plan.rating !== null || r.items.some((th) => th.figure.rating !== null));
  const shown = data.history.filter((h) => rated(h.rollup));
  const history = shown.map((h) => h.rollup);
  const series = [
    { label: m.school ? m.school.name : m.locale.t('wholePlan'), points: history.map((r) => (m.school ? (r.schools[0]?.figure.rating ?? null) : r.plan.rating)), emphasis: true },
    ...m.rollup.items.map((th) => ({ label: theoryLabel(th), points: history.map((r) => r.items.find((x) => x.id === th.id)?.figure.rating ?? null) })),
  ];
  // The chart earns its place when something moved; flat lines are said in a sentence instead.
  const moved = series.some((s) => new Set(s.points.filter((p) => p !== null)).size > 1);
  const trendHtml = history.length > 1 && moved ? trendChart(series, shown.map((h) => h.cycle.name), m.levels, m.locale.t('chart.trendTitle', { cycles: t.cycle.plural.toLowerCase() }), words, 'data-trend') : '';
  const trendUnchanged = history.length > 1 && !moved;
  const labelOf = (rating: number | null) => (rating === null ? '–' : `${rating} ${m.levels.find((l) => l.value === rating)?.label ?? ''}`.trim());
  // Each chart's data as a table in the same figure: compact, but text (WCAG 1.1.1, and the PDF's structure).
  const distributionTable = {
    columns: [...m.levels.map((l) => `${l.value} ${l.label}`), m.locale.t('chart.notRated')],
    rows: distributionRows.map((r) => ({ label: r.label, cells: [...r.counts.map(String), String(r.unrated)] })),
  };
  const trendTable = trendHtml ? { columns: shown.map((h) => h.cycle.name), rows: series.map((s) => ({ label: s.label, cells: s.points.map(labelOf) })) } : null;
  return { distributionHtml, distributionTable, trendHtml, trendTable, trendUnchanged, trendCycles: shown.map((h) => h.cycle.name).join(', ') };
}

/**
 * The schools by top-level item as one table that is also the heat map: each cell a school's rating
 * for an item, in the level's colour and pattern (hatched, dotted, solid, as the charts draw them),
 * with its number shown and its label read out. A data table, so every value is text; it breaks
 * across pages with its header repeated, however many schools the district has.
 */
function gridView(m: Mapping, data: ReportData) {
  const g = data.grid;
  if (!g || !g.schools.length) return null;
  const { t } = m.locale;
  const columns = g.theories.map((th) => `${th.number !== undefined ? `${th.number}. ` : ''}${th.title}`);
  const patternOf = (index: number) => (index === m.levels.length - 1 ? 'solid' : index === 0 ? 'hatched' : 'dotted');
  const cell = (rating: number | null) => {
    const index = m.levels.findIndex((l) => l.value === rating);
    if (index < 0) return { value: '–', label: t('notRated'), css: 'unrated', color: '#ffffff', ink: '#555555' };
    const level = m.levels[index]!;
    return { value: String(level.value), label: level.label, css: `pattern-${patternOf(index)}`, color: level.color, ink: inkOn(level.color) };
  };
  return {
    cycleName: g.cycle.name,
    rows: g.schools.length,
    columns,
    schools: g.schools.map((s) => ({
      name: s.name,
      cells: s.ratings.map(cell),
      rating: ratingView(m.levels, s.rating, t('notRated')),
      coverage: t('ratedOf', { rated: s.rated, total: s.total }),
    })),
  };
}

/** The plan's words for the report; `foot`, in a plan rated item by item, stands for actions: "Items rated", not "Action Steps rated". */
function termsView(t: PlanModel['terms'], foot?: { singular: string; plural: string }) {
  return {
    theory: t.theory.singular,
    theories: t.theory.plural,
    strategy: t.strategy.singular,
    strategies: t.strategy.plural,
    action: foot?.singular ?? t.action.singular,
    actions: foot?.plural ?? t.action.plural,
    goal: t.goal.singular,
    goals: t.goal.plural,
    school: t.school.singular,
    schools: t.school.plural,
    office: t.office.singular,
    offices: t.office.plural,
    districtActionPlans: t.district_action_plan.plural,
    schoolActionPlan: t.school_action_plan.singular,
  };
}

/** The district and the plan as every report's cover and foundation show them. */
function identityView(plan: PlanModel['plan'], options: ReportOptions) {
  const districtName = plan.district.name;
  return {
    district: { name: districtName, shortName: plan.district.short_name ?? districtName, address: plan.district.address ?? '', website: plan.district.website ?? '' },
    logoDataUri: options.logoDataUri ?? '',
    plan: {
      title: plan.plan.title,
      subtitle: plan.plan.subtitle ?? '',
      period: `${plan.plan.period.start.slice(0, 4)}–${plan.plan.period.end.slice(0, 4)}`,
      descriptionHtml: renderMarkdown(plan.plan.description),
      vision: plan.plan.vision ?? '',
      mission: plan.plan.mission ?? '',
      beliefs: plan.plan.core_beliefs ?? [],
      context: (options.context === false ? [] : (plan.plan.context ?? [])).map((c, i) => ({ title: c.title, textHtml: renderMarkdown(c.text), items: c.items ?? [], translated: Boolean(options.translated?.context?.[i]) })),
    },
  };
}

export function buildReportView(model: PlanModel, options: ReportOptions) {
  resetChartIds();
  const data = reportData(model, options);
  const { rollup } = data;
  const plan = model.plan;
  const levels = [...model.scale.levels].sort((a, b) => a.value - b.value);
  const school = options.type === 'school' ? (plan.schools ?? []).find((s) => s.id === options.school) : undefined;
  // A school that keeps one file per school year is presented by the file of the report's year.
  const schoolPlan = school ? schoolPlans(model, school.id).find((p) => planInYear(p, rollup.cycle)) : undefined;
  const ownerName = ownerNames(model);
  const locale = localeOf(options);
  const { t } = locale;
  const day = (d: string) => formatDay(d, locale.lang);
  const m: Mapping = { model, levels, rollup, ownerName, school, locale };
  const actions = actionViews(m);
  const detailed = options.type === 'midyear' || options.type === 'eoy';
  // Charts number their patterns in the order they are drawn: goals, distribution, trend, grid, legend.
  const theories = theoryViews(m);
  const goals = goalViews(m, rollup.goals, rollup.cycle.school_year);
  const charts = chartViews(m, data);
  const grid = options.type === 'school' ? null : gridView(m, data);

  const typeLabel = t(`type.${options.type}`);
  const heading = school ? `${school.name}: ${typeLabel}` : typeLabel;
  return {
    updates: options.updates && options.type !== 'school' ? updatesView(options.updates, model, locale, options.translated) : null,
    type: options.type,
    isDetailed: detailed,
    isSchool: options.type === 'school',
    typeLabel,
    documentTitle: school ? `${heading}, ${rollup.cycle.name}` : `${plan.plan.title}: ${typeLabel}, ${rollup.cycle.name}`,
    heading,
    ...identityView(plan, options),
    cycle: {
      id: rollup.cycle.id,
      name: rollup.cycle.name,
      due: day(rollup.cycle.due),
      meeting: rollup.cycle.meeting ? day(rollup.cycle.meeting) : '',
      summaryHtml: renderMarkdown(rollup.cycle.summary),
    },
    previousCycle: rollup.previousCycle ? rollup.previousCycle.name : '',
    ...reportWords(locale, options.asOf, options.builtFrom, plan.plan.language),
    translated: options.translated ?? null,
    goalCounts: goalCounts(locale, rollup),
    method: methodSentence(locale, rollup.method, rollup.minCoverage, rollup.cap),
    terms: termsView(model.terms, rollup.foot === 'items' ? model.tree.levels[model.tree.align] : undefined),
    scale: { name: model.scale.name, levels: levels.map((l) => ({ ...ratingView(levels, l.value), description: l.description ?? '' })), legendHtml: legend(levels, chartWords(locale)) },
    badgeColumn: badgeColumn(levels, locale.t('notRated')),
    whole: figureView(m, school ? (rollup.schools.find((s) => s.id === school.id)?.figure ?? rollup.plan) : rollup.plan, school ? model.terms.action.plural : belowOf(m, -1)),
    theories,
    goals,
    ...highlightViews(m, data),
    overdue: data.overdue.map((o) => ({
      action: o.action,
      title: o.title,
      owner: o.owner ? ownerName(o.file, o.owner) : '',
      plan: nameOf(model, o.plan.kind, o.plan.id),
      cycle: nameOf(model, 'cycle', o.cycle),
    })),
    funding: options.type === 'school' ? null : fundingView(m, rollup),
    charts,
    grid,
    officePlans: detailed
      ? rollup.offices.map((o) => ({ id: o.id, name: o.name, figure: figureView(m, o.figure, model.terms.action.plural), actions: actions.reporting(o.children) }))
      : [],
    school: school
      ? {
          id: school.id,
          name: school.name,
          grades: school.grades ?? '',
          summaryHtml: renderMarkdown(schoolPlan?.data.summary),
          identification: identificationText(locale, schoolPlan?.data),
          // A member named by their role ("Principal") is not followed by the same word again.
          team: (schoolPlan?.data.team ?? []).map((mem) => ({ name: mem.name, role: mem.role && mem.role.trim().toLowerCase() !== mem.name.trim().toLowerCase() ? mem.role : '' })),
          selected: (schoolPlan?.data.selected_strategies ?? []).map((id) => {
            const found = model.tree.byId.get(id);
            return { id, text: found?.data.title ?? found?.data.text ?? id, theory: found && found.depth > 0 ? found.lineage[0]!.data.title ?? found.lineage[0]!.name : '' };
          }),
        }
      : null,
  };
}

/** A school identified for support: why, since when, and who approved its plan (the reason in the plan's words). */
function identificationText(locale: Locale, plan: PlanModel['actionPlans'][number]['data'] | undefined): { status: string; reason: string; approved: string } | null {
  const id = plan?.identification;
  if (!id) return null;
  const day = (d: string) => formatDay(d, locale.lang);
  const approvals = (plan.approvals ?? []).map((a) => locale.t(`approvedBy.${a.by}`, { date: day(a.date) }));
  return {
    status: locale.t(`identified.${id.status}`, { year: id.year ?? '' }).replace(/,\s*$/, ''),
    reason: id.reason ?? '',
    approved: approvals.length ? locale.t('approvedBy', { list: new Intl.ListFormat(locale.lang, { type: 'conjunction' }).format(approvals) }) : '',
  };
}

export type ReportView = ReturnType<typeof buildReportView>;

/**
 * Whether a report of the plan can only be an overview: the plan has no reporting cycles, or says
 * it has no actions yet, has none, and no item has been rated as a whole either. Then there is nothing to rate, and no empty rating table is drawn.
 */
export function isOverview(model: PlanModel): boolean {
  const rated = model.tree.items.some((item) => item.data.holistic && Object.keys(item.data.holistic).length > 0);
  return model.cycles.length === 0 || (model.plan.plan.expects_actions === false && model.actions.length === 0 && !rated);
}

/** The plan as a document: its foundation, each theory with its statement and strategies, its goals with their milestones. */
export function buildOverviewView(model: PlanModel, options: ReportOptions) {
  resetChartIds();
  const plan = model.plan;
  const locale = localeOf(options);
  const m = { model, locale };
  const goals = goalViews(m, [...(plan.goals ?? []).map((goal) => goalProgress(goal, 'district', model, null)), ...itemMeasures(model.tree).map(({ item, goal }) => {
    const progress = goalProgress({ ...goal, serves: [item.id] }, 'district', model, null);
    return progress ? { ...progress, item } : null;
  })].filter((g): g is GoalProgress => g !== null));
  const heading = locale.t('type.overview');
  return {
    overview: true,
    type: options.type,
    isDetailed: false,
    isSchool: false,
    typeLabel: heading,
    documentTitle: `${plan.plan.title}: ${heading}`,
    heading,
    ...identityView(plan, options),
    // Not a cycle: what the running header names after the heading.
    cycle: { id: 'overview', name: plan.plan.title, due: '', meeting: '', summaryHtml: '' },
    ...reportWords(locale, options.asOf, options.builtFrom, plan.plan.language),
    translated: options.translated ?? null,
    terms: termsView(model.terms),
    theories: overviewTree(model),
    goals,
    school: null,
  };
}

/** The plan's items as a document: an article per top item, a section per item of the levels between, the lowest items listed. */
function overviewTree(model: PlanModel) {
  const tree = model.tree;
  const lowest = tree.levels.length - 1;
  const itemView = (item: TreeItem) => ({
    id: item.id,
    label: itemLabel(item.level.singular, item.data.number),
    name: item.data.title ?? item.data.text ?? '',
    // An item stated only as a sentence is listed as that sentence, not set in bold.
    title: item.data.title ?? '',
    text: item.data.text ?? item.data.title ?? item.id,
    statement: item.data.statement ?? '',
    group: item.data.group ?? '',
    items: item.data.items ?? [],
    years: item.data.school_years?.join(', ') ?? '',
  });
  const sectionsOf = (top: TreeItem) => {
    if (top.depth === lowest) return [];
    const out: Array<ReturnType<typeof itemView> & { heading: boolean; headingLevel: number; listLabel: string; list: Array<ReturnType<typeof itemView>> }> = [];
    const walk = (item: TreeItem, heading: boolean) => {
      const list = item.depth === lowest - 1 ? item.children.map(itemView) : [];
      out.push({ ...itemView(item), heading: heading && (item.data.title ?? item.data.text) !== undefined, headingLevel: Math.min(3 + item.depth, 6), listLabel: tree.levels[lowest]!.plural, list });
      if (item.depth < lowest - 1) item.children.forEach((c) => walk(c, true));
    };
    if (lowest === 1) walk(top, false);
    else top.children.forEach((c) => walk(c, true));
    return out;
  };
  return tree.roots.map((top) => ({ ...itemView(top), sections: sectionsOf(top) }));
}

/** The goals by status, in words, for the first page: "2 of 4 on track, 1 of 4 off track, 1 of 4 with no data yet". */
function goalCounts(locale: Locale, rollup: Rollup): string {
  const order = ['met', 'on-track', 'off-track', 'missed', 'no-data', 'no-timeline'] as const;
  const total = rollup.goals.length;
  return order
    .map((status) => [status, rollup.goals.filter((g) => g.status === status).length] as const)
    .filter(([, n]) => n > 0)
    .map(([status, n]) => locale.t(`goalCount.${status}`, { count: n, total }))
    .join(', ');
}

/**
 * How a figure is computed, as the end of a sentence ("Each figure is ..."): the method, banding once
 * from unbanded values, the tie rule, and how much must be rated.
 */
function methodSentence(locale: Locale, method: RollupMethod, minCoverage: number, cap: RollupCap): string {
  const share = minCoverage === 0.5 ? locale.t('method.half') : `${Math.round(minCoverage * 100)}%`;
  const held = cap === 'majority' && method !== 'minimum' ? locale.t('method.cap') : '';
  return `${locale.t(`method.${method}`)}${held}${minCoverage > 0 ? locale.t('method.enough', { share }) : ''}`;
}

/** The report's words and dates in its language, for the templates: every {{t}} reads `locale`. */
function reportWords(locale: Locale, asOf: string, builtFrom: string | undefined, planLanguage = 'en') {
  const date = formatDay(asOf, locale.lang);
  return {
    lang: locale.lang,
    // The plan's own text keeps its language: marked where it differs from the report's.
    planLang: planLanguage.toLowerCase() === locale.lang.toLowerCase() ? '' : planLanguage,
    locale,
    asOf: date,
    builtFrom: builtFrom ?? '',
    prepared: builtFrom ? locale.t('preparedFrom', { date, source: builtFrom }) : locale.t('prepared', { date }),
  };
}

