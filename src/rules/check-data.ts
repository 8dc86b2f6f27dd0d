// Checks one file's data: its JSON Schema, then the registered rules of its kind. Findings are
// placed at their line and column only when there are any, through a locator the caller makes on
// demand (a second, position-keeping parse of the text). Also the summary of the ids the file
// declares, for the rules that span files.
import type { DataPath, Diagnostic } from '../diagnostics.js';
import type { DeclaredId, FileResult, FileSummary } from '../plan/files.js';
import { schemasByKind, type FileKind } from '../schema/definitions.js';
import { reportSchemaErrors } from '../schema/errors.js';
import * as validators from '../schema/validators.js';
import { checkActionPlanFile } from './action-plan-rules.js';
import { buildPlanContext, type PlanContext } from './context.js';
import { asArray, asRecord, idOf, stringOf } from './data.js';
import { Findings } from './findings.js';
import { RULES } from './codes.js';
import { levelScheme, visitItems } from '../plan/tree.js';
import type { Terminology } from '../plan/terminology.js';
import { placeFindings, type Locator } from './place.js';
import { checkPlanFile } from './plan-rules.js';
import type { RuleOptions } from './rule.js';

export function checkData(
  file: string,
  kind: FileKind,
  data: Record<string, unknown>,
  ctx: PlanContext,
  options: { keepData: boolean; rules?: RuleOptions },
  locate: () => Locator,
): FileResult & { context?: PlanContext } {
  const context = kind === 'plan' ? buildPlanContext(data) : ctx;
  const findings = new Findings();
  const validate = validators[kind];
  if (!validate(data)) reportSchemaErrors(validate.errors ?? [], data, schemasByKind[kind].schema, context.terms, findings);
  const fromSchema = findings.list.length;
  if (kind === 'plan') checkPlanFile(data, context, findings, options.rules);
  else checkActionPlanFile({ data, kind, stem: stemOf(file) }, context, findings, options.rules);
  oneFindingPerMistake(findings, fromSchema);

  let diagnostics: Diagnostic[] = [];
  if (findings.list.length) {
    const locator = locate();
    diagnostics = placeFindings(findings.list, file, () => locator);
  }
  return {
    file,
    kind,
    diagnostics,
    summary: summarize(kind, data, context.terms),
    ...(options.keepData ? { data } : {}),
    ...(kind === 'plan' ? { context } : {}),
  };
}

/**
 * One mistake, one message: where a rule speaks of the very value the schema already refused (an
 * owner written as a name is not an id, and names no one), the rule's message, in the plan's terms
 * and with its fix, stands alone.
 */
function oneFindingPerMistake(findings: Findings, fromSchema: number): void {
  if (fromSchema === 0 || findings.list.length === fromSchema) return;
  const key = (f: { path: DataPath; target: string }) => `${f.target}|${f.path.join('\u0000')}`;
  // Only an error replaces an error: a warning beside a refused value leaves the refusal standing.
  const ruled = new Set(findings.list.slice(fromSchema).filter((f) => RULES[f.code].severity === 'error').map(key));
  const kept = findings.list.filter((f, i) => i >= fromSchema || !ruled.has(key(f)));
  findings.list.length = 0;
  findings.list.push(...kept);
}

export function stemOf(file: string): string {
  const base = file.slice(file.lastIndexOf('/') + 1);
  return base.replace(/\.ya?ml$/i, '');
}

function summarize(kind: FileKind, data: Record<string, unknown>, terms: Terminology): FileSummary {
  const declared: DeclaredId[] = [];
  const declare = (items: unknown, path: DataPath) =>
    asArray(items).forEach((item, i) => {
      const id = idOf(item);
      if (id !== undefined) declared.push([id, [...path, i, 'id']]);
    });
  if (kind === 'plan') {
    visitItems(data, levelScheme(data, terms), (item) => {
      if (item.id !== undefined) declared.push([item.id, [...item.path, 'id']]);
      declare(item.record.measures, [...item.path, 'measures']);
    });
    for (const key of ['goals', 'offices', 'schools', 'networks', 'partners', 'people']) declare(data[key], [key]);
    return { declared, strategiesCarried: [] };
  }
  declare(data.actions, ['actions']);
  declare(data.goals, ['goals']);
  const strategiesCarried: string[] = [];
  for (const action of asArray(data.actions)) {
    const strategy = stringOf(asRecord(action)?.strategy);
    if (strategy !== undefined) strategiesCarried.push(strategy);
  }
  const owner = stringOf(data[kind]);
  const schoolYear = stringOf(data.school_year);
  // Approvals are checked against the file's history in git (plan validate): the few files that have them are read again then.
  const approved = asArray(data.approvals).length > 0;
  return { ...(owner !== undefined ? { owner } : {}), ...(schoolYear !== undefined ? { schoolYear } : {}), ...(approved ? { approved } : {}), declared, strategiesCarried };
}
