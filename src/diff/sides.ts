// One side of a diff as far as it can be read. A pull request's base may hold no plan yet (the PR
// adds it) or have errors (the PR fixes them), and its head may have errors the PR still has to
// fix: the reviewer should see what changed all the same. A side without plan.yaml is an empty
// plan; files whose shape is broken are left out, and the diff says which.
import type { Diagnostic } from '../diagnostics.js';
import type { LoadedPlan } from '../load/load-plan.js';
import { PLAN_FILE } from '../load/source.js';
import { buildModel, type PlanModel } from '../plan/model.js';
import { DEFAULT_SCALE } from '../plan/scale.js';
import { defaultTerminology } from '../plan/terminology.js';
import { buildTree } from '../plan/tree.js';

export type SideState =
  /** The plan validates. */
  | { state: 'valid' }
  /** There is no plan.yaml: a plan added or removed by the change. */
  | { state: 'absent' }
  /** The plan has errors; files whose shape is broken were left out of the comparison. */
  | { state: 'partial'; errorCount: number; skipped: string[] };

export interface ComparableSide {
  model: PlanModel;
  side: SideState;
}

/** plan.yaml is there but cannot be compared: nothing of the plan's structure can be trusted. */
export class UnreadablePlanError extends Error {
  constructor(readonly errors: Diagnostic[]) {
    super('plan.yaml cannot be read');
  }
}

// Errors that leave a file's data in a shape the model cannot hold. Others (an unknown id, a
// rating off the scale, a date in the wrong place) are faults of meaning the diff can show.
const SHAPE_ERRORS = new Set(['MISSING_PROPERTY', 'WRONG_TYPE', 'NOT_A_MAPPING', 'DUPLICATE_SCHOOL_PLAN']);

function usable(file: LoadedPlan['files'][number]): boolean {
  return file.data !== undefined && !file.diagnostics.some((d) => d.severity === 'error' && SHAPE_ERRORS.has(d.code));
}

export function emptyModel(): PlanModel {
  return {
    plan: { version: 1, district: { id: '', name: '' }, plan: { id: '', title: '', period: { start: '', end: '' } }, theories: [] },
    // The empty side is never described: every output takes its words from the other side.
    terms: defaultTerminology(),
    scale: DEFAULT_SCALE,
    cycles: [],
    actionPlans: [],
    actions: [],
    tree: buildTree({ theories: [] }, defaultTerminology()),
  };
}

/** The model of a side for comparison; throws UnreadablePlanError when plan.yaml is there but unusable. */
export function comparableSide(loaded: LoadedPlan): ComparableSide {
  const planFile = loaded.files.find((f) => f.file === PLAN_FILE);
  const missing = !planFile || planFile.diagnostics.some((d) => d.code === 'PLAN_FILE_MISSING');
  if (missing) return { model: emptyModel(), side: { state: 'absent' } };
  if (loaded.errorCount === 0) return { model: buildModel(loaded), side: { state: 'valid' } };
  if (!usable(planFile)) throw new UnreadablePlanError(planFile.diagnostics.filter((d) => d.severity === 'error'));
  const kept = loaded.files.filter((f) => f === planFile || usable(f));
  const skipped = loaded.files.filter((f) => !kept.includes(f)).map((f) => f.file);
  try {
    return { model: buildModel({ ...loaded, files: kept }), side: { state: 'partial', errorCount: loaded.errorCount, skipped } };
  } catch {
    throw new UnreadablePlanError(planFile.diagnostics.filter((d) => d.severity === 'error'));
  }
}
