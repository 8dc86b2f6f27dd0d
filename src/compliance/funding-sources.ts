// The money a plan's actions are paid from. A district lists its own sources in plan.yaml
// (funding_sources); without them, the federal programs most school improvement plans draw on, and
// the state's and the district's own money. Title I section 1003 school improvement funds may pay
// only for interventions with evidence of tier 1 to 3 (ESSA 1003(b)(1)(B) and 8101(21)).
import { asArray, asRecord, stringOf } from '../rules/data.js';

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
