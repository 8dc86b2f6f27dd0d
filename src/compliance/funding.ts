// The plan by funding source: how much each source pays for in each school year, which actions it
// pays for and how they are rated in a cycle, as Kentucky's plans print an "Activity Summary by
// Funding Source" and a consolidated application asks. Read from the actions' funding lines.
import { interventionEvidence, planFundingSources } from './funding-sources.js';
import { latestRating } from '../plan/calendar.js';
import { nameOf } from '../labels.js';
import { levelOf, type PlanModel } from '../plan/model.js';
import type { Rollup } from '../rollup/rollup.js';

export interface FundedAction {
  id: string;
  title: string;
  /** The school or office whose plan holds it. */
  plan: { kind: 'school' | 'office'; id: string; name: string };
  /** What this source pays for it, in every school year. */
  amount: number;
  /** Its latest rating as of the summary's cycle (a school's action is rated at its own meetings); null when none yet. */
  rating: number | null;
  /** The cycle that rating is from. */
  ratedIn: string | null;
  tier: number | null;
}

export interface SourceSummary {
  id: string;
  name: string;
  /** Amount by school year, in the order of `years`; 0 where none. */
  byYear: number[];
  total: number;
  actions: FundedAction[];
  /** The actions it pays for at each level of the scale, lowest first. */
  distribution: number[];
  notRated: number;
}

export interface FundingSummary {
  cycle: { id: string; name: string };
  /** The school years any amount is budgeted for, oldest first ("" for lines with no year). */
  years: string[];
  sources: SourceSummary[];
  /** Per school year, across sources. */
  byYear: number[];
  total: number;
  /** Actions with a funding line, and all the actions of the cycle's plans. */
  funded: number;
  actions: number;
}

function ratedBy(latest: ReturnType<typeof latestRating>): { rating: number | null; ratedIn: string | null } {
  return latest ? { rating: latest.rating, ratedIn: latest.cycle.name } : { rating: null, ratedIn: null };
}

export function fundingSummary(model: PlanModel, rollup: Rollup): FundingSummary {
  const sources = [...planFundingSources(model.plan).values()];
  const levels = [...model.scale.levels].sort((a, b) => a.value - b.value);
  const years = new Set<string>();
  for (const placed of model.actions) for (const line of placed.action.funding ?? []) years.add(line.school_year ?? '');
  const yearList = [...years].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a < b ? -1 : 1));
  const bySource = new Map(sources.map((s) => [s.id, { id: s.id, name: s.name, byYear: yearList.map(() => 0), total: 0, actions: new Map<string, FundedAction>() }]));
  let funded = 0;
  for (const placed of model.actions) {
    const lines = placed.action.funding ?? [];
    if (lines.length) funded++;
    for (const line of lines) {
      // A source the plan does not list is an error plan validate reports; the summary still counts it.
      let source = bySource.get(line.source);
      if (!source) bySource.set(line.source, (source = { id: line.source, name: line.source, byYear: yearList.map(() => 0), total: 0, actions: new Map() }));
      const amount = line.amount ?? 0;
      source.byYear[yearList.indexOf(line.school_year ?? '')]! += amount;
      source.total += amount;
      const key = placed.action.id;
      const known = source.actions.get(key);
      if (known) known.amount += amount;
      else {
        source.actions.set(key, {
          id: key,
          title: placed.action.title,
          plan: { ...placed.owner, name: nameOf(model, placed.owner.kind, placed.owner.id) },
          amount,
          // The latest rating by the cycle: a school's actions report at its own meetings, not at the board's.
          ...ratedBy(latestRating(model, placed.action.progress, rollup.cycle.due)),
          tier: interventionEvidence(placed)?.tier ?? null,
        });
      }
    }
  }
  const summaries: SourceSummary[] = [...bySource.values()]
    .filter((s) => s.actions.size > 0)
    .map((s) => {
      const actions = [...s.actions.values()];
      const distribution = levels.map((l) => actions.filter((a) => a.rating === l.value).length);
      return { id: s.id, name: s.name, byYear: s.byYear, total: s.total, actions, distribution, notRated: actions.filter((a) => levelOf(model.scale, a.rating) === undefined).length };
    });
  return {
    cycle: { id: rollup.cycle.id, name: rollup.cycle.name },
    years: yearList,
    sources: summaries,
    byYear: yearList.map((_, i) => summaries.reduce((n, s) => n + s.byYear[i]!, 0)),
    total: summaries.reduce((n, s) => n + s.total, 0),
    funded,
    actions: model.actions.length,
  };
}
