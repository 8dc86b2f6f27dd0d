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

export interface GoalData {
  id: string;
  title: string;
  description?: string;
  serves?: string[];
  metric?: {
    name: string;
    unit?: string;
    direction: 'increase' | 'decrease';
    baseline: MetricPoint;
    target: MetricPoint;
    /** Interim targets, oldest first. */
    milestones?: MetricPoint[];
    actuals?: MetricPoint[];
    source?: string;
  };
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
  school_years?: string[];
  expects_actions?: boolean;
  measures?: GoalData[];
  holistic?: CycleMap<HolisticEntry>;
  children?: ItemData[];
}

