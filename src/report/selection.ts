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
  if (options.allSchools) {
    if (!withPlans.length) throw new ReportSelectionError('no school has an action plan in this plan', 'Add schools/<id>.yaml files first.');
    return withPlans;
  }
  if (!options.school) throw new ReportSelectionError('--type school needs --school ID or --all-schools', `Schools with action plans: ${withPlans.join(', ')}.`);
  if (!withPlans.includes(options.school)) {
    const listed = (model.plan.schools ?? []).some((s) => s.id === options.school);
    throw new ReportSelectionError(listed ? `school "${options.school}" has no action plan (schools/${options.school}.yaml)` : `unknown school "${options.school}"`, `Schools with action plans: ${withPlans.join(', ')}.`);
  }
  return [options.school];
}
