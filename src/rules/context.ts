// What the rules over one action plan file need to know of plan.yaml. Plain data, so that it can be
// handed to worker threads once and shared by every file they check.
import { defaultTerminology, resolveTerminology, type Terminology } from '../plan/terminology.js';
import { DEFAULT_SCALE } from '../plan/scale.js';
import { isRealDate } from '../dates.js';
import type { CycleData } from '../plan/model.js';
import { asArray, asRecord, idOf, stringOf } from './data.js';

export interface PlanContext {
  terms: Terminology;
  /** Strategy id -> the id of its theory. */
  strategies: Record<string, string>;
  theories: string[];
  cycles: string[];
  scaleValues: number[];
  /** "1 (Not yet on track)" for each level, for messages. */
  scaleLabels: string[];
  period: { start: string; end: string } | null;
  people: string[];
  offices: string[];
  schools: string[];
  /** Whether plan.yaml could be read at all; without it, references cannot be checked. */
  known: boolean;
  /** Each cycle of plan.yaml by id, for rules that reason about the calendar (required ratings). */
  cycleData: Record<string, RequiredCycle>;
  /** Strategies no action is expected to carry out (expects_actions: false on them, their theory or the plan). */
  withoutActions: string[];
  /** Strategy id -> the school years it is active (its own, else its theory's), for those limited to some. */
  activeYears: Record<string, string[]>;
}

/** A cycle of plan.yaml as the rules see it (its data may not have passed the schema: rules look before they touch). */
export type RequiredCycle = Pick<CycleData, 'id' | 'name' | 'kind' | 'applies_to' | 'start' | 'end' | 'due' | 'school_year'>;

export function emptyPlanContext(): PlanContext {
  return {
    terms: defaultTerminology(),
    strategies: {},
    theories: [],
    cycles: [],
    scaleValues: DEFAULT_SCALE.levels.map((l) => l.value),
    scaleLabels: DEFAULT_SCALE.levels.map((l) => `${l.value} (${l.label})`),
    period: null,
    people: [],
    offices: [],
    schools: [],
    cycleData: {},
    withoutActions: [],
    activeYears: {},
    known: false,
  };
}

export function buildPlanContext(plan: Record<string, unknown>): PlanContext {
  const strategies: Record<string, string> = {};
  const theories: string[] = [];
  const withoutActions: string[] = [];
  const activeYears: Record<string, string[]> = {};
  const yearsOf = (item: unknown) => {
    const list = asArray(asRecord(item)?.school_years).filter((y): y is string => typeof y === 'string');
    return list.length ? list : undefined;
  };
  const planExpects = asRecord(plan.plan)?.expects_actions !== false;
  for (const theory of asArray(plan.theories)) {
    const theoryId = idOf(theory);
    if (!theoryId) continue;
    theories.push(theoryId);
    const theoryExpects = planExpects && asRecord(theory)?.expects_actions !== false;
    for (const strategy of asArray(asRecord(theory)?.strategies)) {
      const strategyId = idOf(strategy);
      if (strategyId && !(strategyId in strategies)) {
        strategies[strategyId] = theoryId;
        const years = yearsOf(strategy) ?? yearsOf(theory);
        if (years) activeYears[strategyId] = years;
        if (!theoryExpects || asRecord(strategy)?.expects_actions === false) withoutActions.push(strategyId);
      }
    }
  }
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
  return {
    cycleData,
    terms: resolveTerminology(plan.terminology),
    strategies,
    theories,
    cycles: ids('cycles'),
    scaleValues,
    scaleLabels,
    // A reversed period is reported once by the plan rules; it must not put every date 'outside' it.
    period: start && end && isRealDate(start) && isRealDate(end) && start <= end ? { start, end } : null,
    people: ids('people'),
    offices: ids('offices'),
    schools: ids('schools'),
    withoutActions,
    activeYears,
    known: true,
  };
}
