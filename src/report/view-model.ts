// What a report shows, prepared from the plan and the rollup engine: templates only lay it out.
// Every figure comes from computeRollup / schoolTheoryGrid; nothing here rates anything again.
// Strings stay raw (Handlebars escapes them); fields ending in Html hold markup that this module
// built from escaped text (Markdown subset, SVG charts) and templates print with {{{ }}}.
import type { CycleData, PlanModel } from '../plan/model.js';
import { appliesTo, latestRatedCycle, previousCycle } from '../plan/calendar.js';
import { computeRollup, schoolTheoryGrid, type Figure, type Trend } from '../rollup/rollup.js';
import type { ScaleLevel } from '../plan/scale.js';
import { goalBar, heatGrid, legend, ratingDistribution, resetChartIds, trendChart } from './charts.js';
import { inkOn } from '../color.js';
import { formatDay } from '../dates.js';
import { formatValue, GOAL_STATUS_LABELS, meter, methodSentence, nameOf, TREND_LABELS } from '../labels.js';
import { renderMarkdown } from './markdown.js';
import { termFor } from '../plan/terminology.js';

export type ReportType = 'board' | 'midyear' | 'eoy' | 'school';
export const REPORT_TYPES: readonly ReportType[] = ['board', 'midyear', 'eoy', 'school'];

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

const TYPE_LABEL: Record<ReportType, string> = {
  board: 'Board Report',
  midyear: 'Mid-Year Report',
  eoy: 'End-of-Year Report',
  school: 'School Report',
};

export interface ReportOptions {
  type: ReportType;
  cycle?: string;
  school?: string;
  asOf: string;
  /** A data: URI of the district's logo, already read by the caller. */
  logoDataUri?: string;
}

export function ratingView(levels: ScaleLevel[], value: number | null): RatingView {
  const sorted = [...levels].sort((a, b) => a.value - b.value);
  const index = sorted.findIndex((l) => l.value === value);
  const level = index === -1 ? undefined : sorted[index]!;
  return {
    value,
    label: level ? level.label : 'Not rated',
    color: level ? level.color : '#ffffff',
    ink: level ? inkOn(level.color) : '#333333',
    meter: meter(sorted, value),
    css: index === -1 ? 'unrated' : `level-${index}`,
  };
}

function figureView(levels: ScaleLevel[], f: Figure): FigureView {
  const { arrow, phrase: text } = TREND_LABELS[f.trend];
  return {
    rating: ratingView(levels, f.rating),
    computed: f.computed ? f.computed.value.toFixed(1) : null,
    holistic: !!f.holistic,
    rationaleHtml: renderMarkdown(f.holistic?.rationale),
    ratedBy: f.holistic?.ratedBy ?? '',
    divergent: f.divergent,
    coverage: `${f.actions.rated} of ${f.actions.total}`,
    coverageShare: f.actions.total ? f.actions.rated / f.actions.total : null,
    trend: f.trend,
    trendText: f.rating === null ? '' : text,
    trendArrow: f.rating === null ? '' : arrow,
    reporting: f.reporting,
  };
}


/** The cycle a report shows when none is named: the latest of its kind with ratings. */
export function defaultCycle(model: PlanModel, type: ReportType, school: string | undefined): string | undefined {
  const wanted = (c: CycleData) =>
    type === 'midyear' ? c.kind === 'midyear' : type === 'eoy' ? c.kind === 'eoy' : type === 'school' ? appliesTo(c).schools : appliesTo(c).district;
  const actions = school ? model.actions.filter((p) => p.owner.kind === 'school' && p.owner.id === school) : model.actions;
  return (latestRatedCycle(model, actions, school, wanted) ?? model.cycles.filter(wanted).at(-1))?.id;
}

export function buildReportView(model: PlanModel, options: ReportOptions) {
  resetChartIds();
  const levels = [...model.scale.levels].sort((a, b) => a.value - b.value);
  const t = model.terms;
  const plan = model.plan;
  const cycleId = options.cycle ?? defaultCycle(model, options.type, options.school);
  const rollup = computeRollup(model, {
    ...(cycleId ? { cycle: cycleId } : {}),
    ...(options.type === 'school' && options.school ? { school: options.school } : {}),
    asOf: options.asOf,
  });
  const school = options.type === 'school' ? (plan.schools ?? []).find((s) => s.id === options.school) : undefined;
  const rv = (v: number | null) => ratingView(levels, v);
  const actionsById = new Map(model.actions.map((p) => [p.action.id, p]));
  const people = new Map<string, string>([...(plan.people ?? []).map((p) => [p.id, p.name] as const), ...(plan.offices ?? []).map((o) => [o.id, o.name] as const)]);
  const schoolPlan = school ? model.actionPlans.find((p) => p.kind === 'school' && p.data.school === school.id) : undefined;
  for (const member of schoolPlan?.data.team ?? []) people.set(member.id, member.name);

  const figures = new Map(rollup.actions.map((a) => [a.id, a]));
  const actionView = (id: string) => {
    const figure = figures.get(id)!;
    const placed = actionsById.get(id)!;
    const entry = placed.action.progress?.[rollup.cycle.id];
    const { arrow, phrase: text } = TREND_LABELS[figure.trend];
    return {
      id,
      title: placed.action.title,
      owner: placed.action.owner ? (people.get(placed.action.owner) ?? placed.action.owner) : '',
      timeline: placed.action.timeline ? `${formatDay(placed.action.timeline.start)} to ${formatDay(placed.action.timeline.end)}` : '',
      criteria: (placed.action.success_criteria ?? []).map((c) => (typeof c === 'string' ? c : `${c.measure}: ${c.target}`)),
      rating: rv(figure.rating),
      expected: figure.expected,
      trendArrow: figure.rating === null ? '' : arrow,
      trendText: figure.rating === null ? '' : text,
      evidenceHtml: renderMarkdown(entry?.evidence),
      nextStepsHtml: renderMarkdown(entry?.next_steps),
      plan: figure.plan,
    };
  };

  const theories = rollup.theories.map((theory) => {
    const data = plan.theories.find((x) => x.id === theory.id)!;
    return {
      id: theory.id,
      label: `${t.theory.singular}${theory.number !== undefined ? ` ${theory.number}` : ''}`,
      title: theory.title,
      statement: data.statement ?? '',
      figure: figureView(levels, theory.figure),
      strategies: theory.strategies
        .filter((s) => !rollup.scope.school || s.actions.length)
        .map((s) => {
          const data = model.strategies.get(s.id)!.strategy;
          // A school report lists its actions; district reports quote district evidence only, so a
          // large district's thousands of school actions are not rendered for nothing.
          const shown = school ? s.actions : s.actions.filter((id) => actionsById.get(id)!.owner.kind === 'office');
          const reporting = shown.filter((id) => figures.get(id)!.reporting).map(actionView);
          const evidence = reporting.filter((a) => a.plan.kind === 'office' && a.evidenceHtml).slice(0, 2);
          return {
            id: s.id,
            title: s.title,
            text: s.text,
            group: s.group ?? '',
            items: data.items ?? [],
            figure: figureView(levels, s.figure),
            narrativeHtml: renderMarkdown(s.figure.holistic?.rationale) || evidence.map((a) => a.evidenceHtml).join(''),
            actions: reporting,
          };
        }),
    };
  });

  const goals = rollup.goals.map((g) => {
    const unit = g.unit === 'percent' ? '%' : '';
    const status = GOAL_STATUS_LABELS[g.status];
    return {
      id: g.id,
      title: g.title,
      scope: g.scope === 'district' ? '' : nameOf(model, 'school', g.scope),
      metric: g.metric,
      baseline: `${formatValue(g.baseline.value, g.unit)}${g.baseline.school_year ? ` (${g.baseline.school_year})` : ''}`,
      latest: g.latest ? `${formatValue(g.latest.value, g.unit)}${g.latest.school_year ? ` (${g.latest.school_year})` : g.latest.cycle ? ` (${nameOf(model, 'cycle', g.latest.cycle)})` : ''}` : '—',
      target: `${formatValue(g.target.value, g.unit)}${g.target.school_year ? ` by ${g.target.school_year}` : ''}`,
      share: g.share === null ? '' : `${Math.round(g.share * 100)}%`,
      status,
      statusCss: g.status,
      barHtml: goalBar({ baseline: g.baseline.value, target: g.target.value, latest: g.latest?.value ?? null, elapsed: g.elapsed, unit, status }, `${g.title}: ${status}`),
    };
  });

  // What went well: top-rated figures that held or rose; what needs urgent attention: the engine's list.
  const top = levels[levels.length - 1]!.value;
  const wentWellAll = [
    ...rollup.theories.flatMap((th) => th.strategies.map((s) => ({ kind: t.strategy.singular, id: s.id, title: s.title, f: s.figure }))),
    ...rollup.schools.map((s) => ({ kind: t.school.singular, id: s.id, title: s.name, f: s.figure })),
  ]
    .filter((x) => x.f.rating === top && (x.f.trend === 'up' || x.f.trend === 'same' || x.f.trend === 'new'))
    .map((x) => ({ kind: x.kind, id: x.id, title: x.title, rating: rv(x.f.rating), note: x.f.trend === 'up' ? 'improved' : x.f.trend === 'same' ? 'held' : '' }))
    // Improvements first: they are what a board wants to celebrate.
    .sort((a, b) => (a.note === 'improved' ? 0 : 1) - (b.note === 'improved' ? 0 : 1));
  const wentWell = wentWellAll.slice(0, 8);
  const wentWellMore = wentWellAll.length - wentWell.length;
  const kindLabel = (kind: string) => termFor(t, kind);
  const urgent = rollup.attention.map((a) => ({
    kind: kindLabel(a.kind),
    id: a.id,
    title: a.title,
    rating: rv(a.rating),
    reason: a.reason === 'lowest' ? 'rated lowest' : a.reason === 'declined' ? 'declined' : 'holistic rating differs from the computed one by a level or more',
  }));

  const distributionHtml = ratingDistribution(
    rollup.theories.map((th) => ({
      label: `${th.number !== undefined ? `${th.number}. ` : ''}${th.title}`,
      counts: th.figure.distribution,
      unrated: th.figure.actions.total - th.figure.actions.rated,
    })),
    levels,
    `${t.action.plural}: ratings by ${t.theory.singular.toLowerCase()}`,
  );

  // The rating trend: this cycle and the earlier cycles of the same kind, rolled up one by one.
  const series = trendCycles(model, rollup.cycle, rollup.previousCycle);
  const trendRollups = series.map((c) => (c.id === rollup.cycle.id ? rollup : computeRollup(model, { cycle: c.id, asOf: options.asOf, ...(rollup.scope.school ? { school: rollup.scope.school } : {}) })));
  const trendHtml =
    series.length > 1
      ? trendChart(
          [
            { label: school ? school.name : 'Whole plan', points: trendRollups.map((r) => (school ? (r.schools[0]?.figure.rating ?? null) : r.plan.rating)), emphasis: true },
            ...rollup.theories.map((th) => ({
              label: `${th.number !== undefined ? `${th.number}. ` : ''}${th.title}`,
              points: trendRollups.map((r) => r.theories.find((x) => x.id === th.id)?.figure.rating ?? null),
            })),
          ],
          series.map((c) => c.name),
          levels,
          `Ratings across ${t.cycle.plural.toLowerCase()}`,
        )
      : '';

  // The board sees schools by theory, from the latest school cycle due by this report.
  let grid: { cycleName: string; html: string; rows: number; schools: Array<{ name: string; rating: RatingView; coverage: string }> } | null = null;
  if (options.type !== 'school' && (plan.schools ?? []).length) {
    const schoolCycle = [...model.cycles].reverse().find((c) => c.due <= rollup.cycle.due && appliesTo(c).schools);
    if (schoolCycle) {
      const g = schoolTheoryGrid(model, schoolCycle.id);
      if (g.schools.length) {
        const columns = g.theories.map((th) => `${th.number !== undefined ? `${th.number}. ` : ''}${th.title}`);
        const chunks: string[] = [];
        // At most 40 schools to a chart, so that a large district's grid breaks across pages cleanly.
        for (let i = 0; i < g.schools.length; i += 40) {
          chunks.push(heatGrid(g.schools.slice(i, i + 40).map((s) => ({ label: s.name, cells: s.ratings })), columns, levels, `${t.school.plural} by ${t.theory.singular.toLowerCase()}`));
        }
        grid = {
          cycleName: g.cycle.name,
          html: chunks.map((c) => `<div class="chart-block">${c}</div>`).join(''),
          rows: g.schools.length,
          schools: g.schools.map((s) => ({ name: s.name, rating: rv(s.rating), coverage: `${s.rated} of ${s.total}` })),
        };
      }
    }
  }

  const officePlans = options.type === 'midyear' || options.type === 'eoy'
    ? rollup.offices.map((o) => ({
        id: o.id,
        name: o.name,
        figure: figureView(levels, o.figure),
        actions: o.children.map(actionView).filter((a) => a.expected || a.rating.value !== null),
      }))
    : [];

  const overdue = rollup.overdue.map((o) => ({
    action: o.action,
    title: o.title,
    owner: o.owner ? (people.get(o.owner) ?? o.owner) : '',
    plan: nameOf(model, o.plan.kind, o.plan.id),
    cycle: nameOf(model, 'cycle', o.cycle),
  }));

  const typeLabel = TYPE_LABEL[options.type];
  const districtName = plan.district.name;
  const heading = school ? `${school.name}: ${typeLabel}` : typeLabel;
  return {
    type: options.type,
    isDetailed: options.type === 'midyear' || options.type === 'eoy',
    isSchool: options.type === 'school',
    typeLabel,
    documentTitle: school ? `${heading}, ${rollup.cycle.name}` : `${plan.plan.title}: ${typeLabel}, ${rollup.cycle.name}`,
    heading,
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
      context: (plan.plan.context ?? []).map((c) => ({ title: c.title, textHtml: renderMarkdown(c.text), items: c.items ?? [] })),
    },
    cycle: { id: rollup.cycle.id, name: rollup.cycle.name, due: formatDay(rollup.cycle.due), meeting: rollup.cycle.meeting ? formatDay(rollup.cycle.meeting) : '' },
    previousCycle: rollup.previousCycle ? rollup.previousCycle.name : '',
    asOf: formatDay(options.asOf),
    method: methodSentence(rollup.method),
    terms: {
      theory: t.theory.singular,
      theories: t.theory.plural,
      strategy: t.strategy.singular,
      strategies: t.strategy.plural,
      action: t.action.singular,
      actions: t.action.plural,
      goal: t.goal.singular,
      goals: t.goal.plural,
      school: t.school.singular,
      schools: t.school.plural,
      office: t.office.singular,
      offices: t.office.plural,
      districtActionPlans: t.district_action_plan.plural,
      schoolActionPlan: t.school_action_plan.singular,
    },
    scale: { name: model.scale.name, levels: levels.map((l) => ({ ...ratingView(levels, l.value), description: l.description ?? '' })), legendHtml: legend(levels) },
    whole: figureView(levels, school ? (rollup.schools.find((s) => s.id === school.id)?.figure ?? rollup.plan) : rollup.plan),
    theories,
    goals,
    wentWell,
    wentWellMore,
    urgent,
    overdue,
    charts: { distributionHtml, trendHtml, trendCycles: series.map((c) => c.name).join(', ') },
    grid,
    officePlans,
    school: school
      ? {
          id: school.id,
          name: school.name,
          grades: school.grades ?? '',
          summaryHtml: renderMarkdown(schoolPlan?.data.summary),
          team: (schoolPlan?.data.team ?? []).map((m) => ({ name: m.name, role: m.role ?? '' })),
          selected: (schoolPlan?.data.selected_strategies ?? []).map((id) => {
            const found = model.strategies.get(id);
            return { id, text: found?.strategy.title ?? found?.strategy.text ?? id, theory: found ? found.theory.title : '' };
          }),
        }
      : null,
  };
}

export type ReportView = ReturnType<typeof buildReportView>;

/** The cycles of the same kind as `cycle`, up to it, oldest first (at most six). */
function trendCycles(model: PlanModel, cycle: CycleData, previous: CycleData | null): CycleData[] {
  const chain: CycleData[] = [cycle];
  let before = previous;
  const seen = new Set([cycle.id]);
  while (before && !seen.has(before.id) && chain.length < 6) {
    chain.unshift(before);
    seen.add(before.id);
    before = previousCycle(model, before);
  }
  return chain;
}
