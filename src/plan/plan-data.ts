// The parts of plan files as written, shared by the model (plan/model.ts) and the tree (plan/tree.ts).
// Built from data that passed the schemas, so these types have the schemas' shape (test/types.test.ts).

export interface ProgressEntry {
  rating: number | null;
  evidence?: string;
  next_steps?: string;
  reported_by?: string;
}

export interface HolisticEntry {
  rating: number | null;
  rationale: string;
  rated_by?: string;
}

export type CycleMap<T> = Record<string, T>;

export interface MetricPoint {
  value: number;
  school_year?: string;
  cycle?: string;
  note?: string;
}

export type MetricDirection = 'increase' | 'decrease' | 'at_least' | 'at_most' | 'maintain';

/** Whether a direction is a threshold to stay on the right side of, rather than a distance to cover. */
export function isThreshold(direction: MetricDirection): boolean {
  return direction === 'at_least' || direction === 'at_most' || direction === 'maintain';
}

export interface GoalData {
  id: string;
  title: string;
  description?: string;
  serves?: string[];
  metric?: {
    name: string;
    unit?: string;
    /**
     * increase or decrease: move from the baseline to the target. at_least, at_most: stay at or
     * above (below) the target's value, each year; maintain: stay within `tolerance` of it.
     */
    direction: MetricDirection;
    /** Required for increase and decrease; optional for the thresholds. */
    baseline?: MetricPoint;
    /** For maintain: how far from the target's value still counts as kept (default 0). */
    tolerance?: number;
    target: MetricPoint;
    /** Interim targets, oldest first. */
    milestones?: MetricPoint[];
    actuals?: MetricPoint[];
    source?: string;
    /** The measure for each group of students, judged as the measure is. */
    groups?: StudentGroupData[];
  };
  /** Why the baseline, target or milestones changed: one note per change, oldest first. */
  changes?: ChangeNote[];
}

/** A measure's figures for one group of students: its own baseline, values and (else the measure's) target. */
export interface StudentGroupData {
  name: string;
  baseline?: MetricPoint;
  target?: MetricPoint;
  milestones?: MetricPoint[];
  actuals?: MetricPoint[];
}

/** Why something of the plan changed, given in the commit that changes it. */
export interface ChangeNote {
  date: string;
  what?: string;
  reason: string;
}

/** An item of the plan as written: the fields of a theory, a strategy or a declared level's item. */
export interface ItemData {
  id: string;
  number?: number;
  title?: string;
  text?: string;
  statement?: string;
  group?: string;
  /** Bullet points the plan lists under the item (programmes, themes, ...). */
  items?: string[];
  office?: string;
  /** Who answers for it: a person or an office. */
  owner?: string;
  school_years?: string[];
  expects_actions?: boolean;
  measures?: GoalData[];
  holistic?: CycleMap<HolisticEntry>;
  children?: ItemData[];
  /** Why it was added, moved or re-worded, or a measure or sub-item under it added or removed. */
  changes?: ChangeNote[];
}

