// The money a plan's actions are paid from. A district lists its own sources in plan.yaml
// (funding_sources); without them, the federal programs most school improvement plans draw on, and
// the state's and the district's own money. Title I section 1003 school improvement funds may pay
// only for interventions with evidence of tier 1 to 3 (ESSA 1003(b)(1)(B) and 8101(21)).
import { asArray, asRecord, stringOf } from '../rules/data.js';
import type { PlacedAction, PlanData } from '../plan/model.js';

export interface FundingSource {
  id: string;
  name: string;
  /** The evidence tiers an intervention it pays for must have; null: any. */
  tiers: number[] | null;
}

export const DEFAULT_FUNDING_SOURCES: readonly FundingSource[] = [
  { id: 'title-1a', name: 'Title I, Part A', tiers: null },
  { id: 'title-1003', name: 'Title I, section 1003 (school improvement)', tiers: [1, 2, 3] },
  { id: 'title-2a', name: 'Title II, Part A', tiers: null },
  { id: 'title-3', name: 'Title III', tiers: null },
  { id: 'title-4a', name: 'Title IV, Part A', tiers: null },
  { id: 'idea', name: 'IDEA', tiers: null },
  { id: 'state', name: 'State funds', tiers: null },
  { id: 'local', name: 'Local funds', tiers: null },
];

/** The plan's funding sources (plan.yaml's data, which may not have passed the schema): its own list, else the defaults. */
export function fundingSourcesOf(plan: Record<string, unknown>): FundingSource[] {
  const listed = asArray(plan.funding_sources).flatMap((entry) => {
    const record = asRecord(entry);
    const id = stringOf(record?.id);
    if (!record || id === undefined) return [];
    const tiers = asArray(record.evidence_tiers).filter((t): t is number => typeof t === 'number');
    return [{ id, name: stringOf(record.name) ?? id, tiers: tiers.length ? tiers : null }];
  });
  return listed.length ? listed : [...DEFAULT_FUNDING_SOURCES];
}

const sourcesOfPlan = new WeakMap<object, ReadonlyMap<string, FundingSource>>();

/** The plan's funding sources by id, found once per plan. */
export function planFundingSources(plan: PlanData): ReadonlyMap<string, FundingSource> {
  let sources = sourcesOfPlan.get(plan);
  if (!sources) sourcesOfPlan.set(plan, (sources = new Map(fundingSourcesOf(plan as unknown as Record<string, unknown>).map((s) => [s.id, s]))));
  return sources;
}

/** The evidence behind an action's intervention: its own, else that of its strategy or the nearest item above it. */
export function interventionEvidence(placed: Pick<PlacedAction, 'action' | 'item'>): { tier: number; citation?: string } | null {
  if (placed.action.evidence) return placed.action.evidence;
  for (const item of [...(placed.item?.lineage ?? [])].reverse()) {
    const evidence = (item.data as { evidence?: { tier: number; citation?: string } }).evidence;
    if (evidence) return evidence;
  }
  return null;
}
