// Which reports a request asks for: one district report, one school's, or every school with an
// action plan (in the order plan.yaml lists the schools).
import type { PlanModel } from '../plan/model.js';
import type { ReportType } from './view-model.js';

/** A report request that names no school, or a school without a plan; `hint` lists the valid ones. */
export class ReportSelectionError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** The schools to report on, one entry per report; `undefined` is a district report. */
export function schoolsToReport(model: PlanModel, options: { type: ReportType; school?: string; allSchools?: boolean }): Array<string | undefined> {
  if (options.type !== 'school') return [undefined];
  const hasPlan = new Set(model.actionPlans.filter((p) => p.kind === 'school').map((p) => p.data.school!));
  // In the order plan.yaml lists the schools.
  const withPlans = (model.plan.schools ?? []).map((s) => s.id).filter((id) => hasPlan.has(id));
  // What to name instead: the schools that have plans, or, when none has, how to give one a plan.
  const choices = withPlans.length
    ? `Schools with action plans: ${withPlans.join(', ')}.`
    : `No school of this plan has an action plan yet: add schools/<id>.yaml for a school plan.yaml lists${(model.plan.schools ?? []).length ? '' : ' (the plan lists no schools)'}, or make a district report (--type board).`;
  if (options.allSchools) {
    if (!withPlans.length) throw new ReportSelectionError('no school has an action plan in this plan', choices);
    return withPlans;
  }
  if (!options.school) throw new ReportSelectionError('--type school needs --school ID or --all-schools', choices);
  if (!withPlans.includes(options.school)) {
    const listed = (model.plan.schools ?? []).some((s) => s.id === options.school);
    throw new ReportSelectionError(listed ? `school "${options.school}" has no action plan (schools/${options.school}.yaml)` : `unknown school "${options.school}"`, choices);
  }
  return [options.school];
}
