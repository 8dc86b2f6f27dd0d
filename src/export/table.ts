// The plan as one flat table (plan export): a row per action with its lineage, owners, timeline,
// evidence, funding, the measures it serves and its latest rating, so that a district can map it
// column by column onto any state's form instead of typing the plan again. The columns are
// documented in docs/reference/export.md (EXPORT_COLUMNS is their one source).
import { interventionEvidence, planFundingSources } from '../compliance/funding-sources.js';
import { formatValue, money, nameOf, ownerNames } from '../labels.js';
import { latestRating } from '../plan/calendar.js';
import { itemMeasures, levelOf, type GoalData, type PlanModel } from '../plan/model.js';

export interface ExportColumn {
  key: string;
  header: string;
  description: string;
}

export const EXPORT_COLUMNS: readonly ExportColumn[] = [
  { key: 'action_id', header: 'Action id', description: "The action's id in the plan." },
  { key: 'action', header: 'Action', description: 'What will be done (the action\'s title): a state form\'s activity.' },
  { key: 'plan_kind', header: 'Plan', description: 'school or office: whose action plan holds it.' },
  { key: 'plan_id', header: 'Plan id', description: 'The id of the school or office.' },
  { key: 'plan_name', header: 'School or office', description: 'Its name.' },
  { key: 'school_year', header: 'School year', description: "The school year of the action plan file, when it names one." },
  { key: 'top_id', header: 'Top item id', description: 'The id of the item of the plan\'s top level above it (a theory of action, a priority, a goal).' },
  { key: 'top', header: 'Top item', description: 'Its name, as the plan numbers and titles it.' },
  { key: 'strategy_id', header: 'Strategy id', description: 'The id of the item the action carries out (the level actions align to).' },
  { key: 'strategy', header: 'Strategy', description: 'Its text.' },
  { key: 'lineage', header: 'Lineage', description: 'Every level from the top to the strategy, "Level: name" joined by " > ": for plans with levels between.' },
  { key: 'owner', header: 'Owner', description: 'Who is accountable, by name.' },
  { key: 'supporting', header: 'Supporting', description: 'Who supports it, by name, joined by "; ".' },
  { key: 'start', header: 'Start', description: 'The timeline\'s first day (YYYY-MM-DD).' },
  { key: 'end', header: 'End', description: 'The timeline\'s last day (YYYY-MM-DD).' },
  { key: 'success_criteria', header: 'Measure of success', description: 'Its success criteria, joined by "; ".' },
  { key: 'evidence_tier', header: 'Evidence tier', description: "The ESSA evidence tier (1-4) of its intervention: its own, else its strategy's." },
  { key: 'evidence_citation', header: 'Evidence', description: 'Where the evidence is.' },
  { key: 'funding', header: 'Funding', description: 'Each funding line as "source: amount (school year)", joined by "; ".' },
  { key: 'funding_total', header: 'Funding total', description: 'The sum of its funding lines, in dollars.' },
  { key: 'measures', header: 'Measures', description: 'The measures (goals) that serve its strategy or an item above it, or its own school\'s goals that do, each with its target, joined by "; ".' },
  { key: 'rating', header: 'Latest rating', description: 'Its latest rating (a number of the scale), as of the cycle exported.' },
  { key: 'rating_label', header: 'Rating', description: "That rating's label." },
  { key: 'rated_in', header: 'Rated in', description: 'The cycle that rating is from.' },
  { key: 'progress_evidence', header: 'Progress evidence', description: 'The evidence given with that rating.' },
];

export type ExportRow = Record<string, string | number | null>;

/** A row per action, in the plan's order of files and actions; ratings as of the cycle `asOfDue` (its due date), else the latest. */
export function exportRows(model: PlanModel, asOfDue?: string): ExportRow[] {
  const owner = ownerNames(model);
  const sources = planFundingSources(model.plan);
  // Thousands of actions: each finds its file's plan in a map, not by a search of every plan.
  const planOf = new Map(model.actionPlans.map((p) => [p.file, p.data]));
  // An item's measures serve it, whatever their own serves says.
  const planGoals: GoalData[] = [...(model.plan.goals ?? []), ...itemMeasures(model.tree).map(({ item, goal }) => ({ ...goal, serves: [...(goal.serves ?? []), item.id] }))];
  const goalText = (g: GoalData) => (g.metric ? `${g.title} (target ${formatValue(g.metric.target.value, g.metric.unit)}${g.metric.target.school_year ? ` by ${g.metric.target.school_year}` : ''})` : g.title);
  return model.actions.map((placed) => {
    const a = placed.action;
    const lineage = placed.item?.lineage ?? [];
    const ids = new Set(lineage.map((i) => i.id));
    const own = planOf.get(placed.file);
    const measures = [...planGoals, ...(own?.goals ?? [])].filter((g) => (g.serves ?? []).some((id) => ids.has(id)));
    const latest = latestRating(model, a.progress, asOfDue);
    const entry = latest ? a.progress![latest.cycle.id]! : null;
    const evidence = interventionEvidence(placed);
    const funding = a.funding ?? [];
    return {
      action_id: a.id,
      action: a.title,
      plan_kind: placed.owner.kind,
      plan_id: placed.owner.id,
      plan_name: nameOf(model, placed.owner.kind, placed.owner.id),
      school_year: own?.school_year ?? '',
      top_id: lineage[0]?.id ?? '',
      top: lineage[0]?.name ?? '',
      strategy_id: a.strategy,
      strategy: placed.item?.data.text ?? placed.item?.data.title ?? '',
      lineage: lineage.map((i) => `${i.level.singular}: ${i.name}`).join(' > '),
      owner: a.owner ? owner(placed.file, a.owner) : '',
      supporting: (a.supporting ?? []).map((id) => owner(placed.file, id)).join('; '),
      start: a.timeline?.start ?? '',
      end: a.timeline?.end ?? '',
      success_criteria: (a.success_criteria ?? []).map((c) => (typeof c === 'string' ? c : `${c.measure}: ${c.target}`)).join('; '),
      evidence_tier: evidence?.tier ?? null,
      evidence_citation: evidence?.citation ?? '',
      funding: funding.map((f) => `${sources.get(f.source)?.name ?? f.source}: ${f.amount !== undefined ? money(f.amount) : 'amount not given'}${f.school_year ? ` (${f.school_year})` : ''}`).join('; '),
      funding_total: funding.length ? funding.reduce((n, f) => n + (f.amount ?? 0), 0) : null,
      measures: measures.map(goalText).join('; '),
      rating: entry?.rating ?? null,
      rating_label: levelOf(model.scale, entry?.rating)?.label ?? '',
      rated_in: latest?.cycle.name ?? '',
      progress_evidence: entry?.evidence ?? '',
    };
  });
}
