// What the rules over one action plan file need to know of plan.yaml. Plain data, so that it can be
// handed to worker threads once and shared by every file they check.
import { DEFAULT_FUNDING_SOURCES, fundingSourcesOf, type FundingSource } from '../compliance/funding-sources.js';
import { defaultTerminology, resolveTerminology, type Terminology } from '../plan/terminology.js';
import { DEFAULT_SCALE } from '../plan/scale.js';
import { isRealDate } from '../dates.js';
import type { CycleData } from '../plan/model.js';
import { levelScheme, visitItems, type PlanLevel } from '../plan/tree.js';
import { asArray, asRecord, idOf, stringOf } from './data.js';

export interface PlanContext {
  /** The district's words; with declared levels, `theory` and `strategy` name the top level and the level actions align to. */
  terms: Terminology;
  levels: PlanLevel[];
  /** The depth of the level actions align to. */
  align: number;
  /** Id of each item actions align to -> the id of the top item above it. */
  aligned: Record<string, string>;
  /** Id of every item of the plan -> its depth. */
  items: Record<string, number>;
  /** Where plan.yaml writes its top items. */
  rootKey: 'theories' | 'outline';
  cycles: string[];
  scaleValues: number[];
  /** "1 (Not yet on track)" for each level, for messages. */
  scaleLabels: string[];
  period: { start: string; end: string } | null;
  people: string[];
  offices: string[];
  schools: string[];
  /** People and offices with their names, so that a name written where an id belongs can be matched to its id. */
  named: Array<{ id: string; name: string }>;
  /** Whether plan.yaml could be read at all; without it, references cannot be checked. */
  known: boolean;
  /** Each cycle of plan.yaml by id, for rules that reason about the calendar (required ratings). */
  cycleData: Record<string, RequiredCycle>;
  /** Aligned items no action is expected to carry out (expects_actions: false on them, an ancestor, their level or the plan). */
  withoutActions: string[];
  /** Aligned item id -> the school years it is active (its own, else its nearest ancestor's), for those limited to some. */
  activeYears: Record<string, string[]>;
  /** The plan's funding sources by id (plan.yaml's, else the defaults), with the evidence tiers each requires. */
  fundingSources: Record<string, { name: string; tiers: number[] | null }>;
  /** Item id -> the ESSA evidence tier the plan gives the item (its own, else its nearest ancestor's): an action's intervention has its strategy's unless it gives its own. */
  evidenceTiers: Record<string, number>;
  /** The ids translations.<lang>.items gives words for, by language: checked against every file's items and goals (cross-file.ts). */
  translationIds: Record<string, string[]>;
  /** Compliance profiles of the plan directory's own (profiles/<id>.json), by id; plan's own come with it. */
  profiles: Record<string, import('../compliance/profile.js').ComplianceProfile>;
}

/** A cycle of plan.yaml as the rules see it (its data may not have passed the schema: rules look before they touch). */
export type RequiredCycle = Pick<CycleData, 'id' | 'name' | 'kind' | 'applies_to' | 'start' | 'end' | 'due' | 'school_year'>;

export function emptyPlanContext(): PlanContext {
  const terms = defaultTerminology();
  return {
    terms,
    levels: levelScheme({}, terms).levels,
    align: 1,
    aligned: {},
    items: {},
    rootKey: 'theories',
    cycles: [],
    scaleValues: DEFAULT_SCALE.levels.map((l) => l.value),
    scaleLabels: DEFAULT_SCALE.levels.map((l) => `${l.value} (${l.label})`),
    period: null,
    people: [],
    named: [],
    offices: [],
    schools: [],
    cycleData: {},
    withoutActions: [],
    activeYears: {},
    fundingSources: sourcesById(DEFAULT_FUNDING_SOURCES),
    evidenceTiers: {},
    translationIds: {},
    profiles: {},
    known: false,
  };
}

export function buildPlanContext(plan: Record<string, unknown>): PlanContext {
  const given = resolveTerminology(plan.terminology);
  const scheme = levelScheme(plan, given);
  const terms = levelTerms(given, scheme.levels, scheme.align, scheme.declared);
  const aligned: Record<string, string> = {};
  const items: Record<string, number> = {};
  const withoutActions: string[] = [];
  const activeYears: Record<string, string[]> = {};
  const yearsOf = (item: Record<string, unknown>) => {
    const list = asArray(item.school_years).filter((y): y is string => typeof y === 'string');
    return list.length ? list : undefined;
  };
  const planExpects = asRecord(plan.plan)?.expects_actions !== false;
  visitItems(plan, scheme, (visit) => {
    if (!visit.id || visit.id in items) return;
    items[visit.id] = visit.depth;
    if (visit.depth !== scheme.align) return;
    const lineage = [...visit.ancestors, visit];
    aligned[visit.id] = lineage[0]!.id ?? '';
    const years = lineage.map((v) => yearsOf(v.record)).reduce<string[] | undefined>((found, own) => own ?? found, undefined);
    if (years) activeYears[visit.id] = years;
    const expects = planExpects && lineage.every((v) => v.record.expects_actions !== false && scheme.levels[v.depth]?.expectsActions !== false);
    if (!expects) withoutActions.push(visit.id);
  });
  const evidenceTiers: Record<string, number> = {};
  visitItems(plan, scheme, (visit) => {
    if (!visit.id) return;
    const tier = [...visit.ancestors, visit].map((v) => asRecord(v.record.evidence)?.tier).reduce<unknown>((found, own) => (typeof own === 'number' ? own : found), undefined);
    if (typeof tier === 'number') evidenceTiers[visit.id] = tier;
  });
  const levels = asArray(asRecord(plan.rating_scale)?.levels);
  const scale = levels.length
    ? levels.flatMap((l) => {
        const level = asRecord(l);
        return typeof level?.value === 'number' ? [{ value: level.value, label: stringOf(level.label) }] : [];
      })
    : DEFAULT_SCALE.levels;
  const scaleValues = scale.map((l) => l.value);
  const scaleLabels = scale.map((l) => (l.label ? `${l.value} (${l.label})` : String(l.value)));
  const period = asRecord(asRecord(plan.plan)?.period);
  const start = stringOf(period?.start);
  const end = stringOf(period?.end);
  const ids = (key: string) => asArray(plan[key]).map(idOf).filter((v): v is string => !!v);
  const cycleData: Record<string, RequiredCycle> = {};
  for (const cycle of asArray(plan.cycles).map(asRecord)) {
    const id = stringOf(cycle?.id);
    if (id !== undefined && !(id in cycleData)) cycleData[id] = cycle as unknown as RequiredCycle;
  }
  const translationIds: Record<string, string[]> = {};
  for (const [lang, words] of Object.entries(asRecord(plan.translations) ?? {})) {
    const items = asRecord(asRecord(words)?.items);
    if (items) translationIds[lang] = Object.keys(items);
  }
  return {
    translationIds,
    fundingSources: sourcesById(fundingSourcesOf(plan)),
    evidenceTiers,
    profiles: {},
    cycleData,
    terms,
    levels: scheme.levels,
    align: scheme.align,
    aligned,
    items,
    rootKey: scheme.rootKey,
    cycles: ids('cycles'),
    scaleValues,
    scaleLabels,
    // A reversed period is reported once by the plan rules; it must not put every date 'outside' it.
    period: start && end && isRealDate(start) && isRealDate(end) && start <= end ? { start, end } : null,
    people: ids('people'),
    offices: ids('offices'),
    schools: ids('schools'),
    named: ['people', 'offices'].flatMap((key) =>
      asArray(plan[key]).flatMap((x) => {
        const id = idOf(x);
        const name = stringOf(asRecord(x)?.name);
        return id && name ? [{ id, name }] : [];
      }),
    ),
    withoutActions,
    activeYears,
    known: true,
  };
}

/**
 * With declared levels, `theory` and `strategy` in messages and reports name the top level and the
 * level actions align to, in the district's words.
 */
export function levelTerms(terms: Terminology, levels: readonly PlanLevel[], align: number, declared: boolean): Terminology {
  if (!declared) return terms;
  const top = levels[0]!;
  const aligned = levels[align]!;
  return { ...terms, theory: { singular: top.singular, plural: top.plural }, strategy: { singular: aligned.singular, plural: aligned.plural } };
}

function sourcesById(sources: readonly FundingSource[]): PlanContext['fundingSources'] {
  return Object.fromEntries(sources.map((s) => [s.id, { name: s.name, tiers: s.tiers }]));
}
