// Checks one plan file from its bytes: decode, guard, parse, schema, rules. Source positions are
// computed (with a second, position-keeping parse) only for files that have something to report.
import type { DataPath, Diagnostic } from '../diagnostics.js';
import type { DeclaredId, FileResult, FileSummary } from '../plan/files.js';
import { schemasByKind, type FileKind } from '../schema/definitions.js';
import { reportSchemaErrors } from '../schema/errors.js';
import * as validators from '../schema/validators.js';
import { checkActionPlanFile } from '../rules/action-plan-rules.js';
import { buildPlanContext, type PlanContext } from '../rules/context.js';
import { asArray, asRecord, idOf, stringOf } from '../rules/data.js';
import { Findings } from '../rules/findings.js';
import { checkPlanFile } from '../rules/plan-rules.js';
import { diagnostic, type RuleCode } from '../rules/codes.js';
import { placeFindings } from '../rules/place.js';
import type { RuleOptions } from '../rules/rule.js';
import { decodeSource } from './decode.js';
import { SourceLocator } from './locate.js';
import { findExcessiveNesting } from './nesting.js';
import { parseYaml } from './parse.js';

export interface FileTask {
  /** Relative to the plan directory, with forward slashes. */
  file: string;
  kind: FileKind;
  bytes: Uint8Array;
}

export interface CheckOptions {
  keepData: boolean;
  /** What the rules are asked for beyond the plan (--require-ratings). */
  rules?: RuleOptions;
}

export function checkFile(task: FileTask, ctx: PlanContext, options: CheckOptions): FileResult & { context?: PlanContext } {
  const { file, kind } = task;
  const fail = (code: RuleCode, message: string, hint: string, position?: { line: number; column: number }): FileResult => ({
    file,
    kind,
    summary: null,
    diagnostics: [diagnostic(code, { message, file, path: [], hint, ...(position ? { range: { start: position, end: position } } : {}) })],
  });

  const decoded = decodeSource(task.bytes);
  if (!decoded.ok) return fail(decoded.code, capitalize(decoded.message), decoded.hint, decoded.position);
  const text = decoded.text;
  const deep = findExcessiveNesting(text);
  if (deep) {
    return fail(
      'NESTING_TOO_DEEP',
      "The YAML is nested far more deeply than a plan needs (over a hundred levels)",
      'Check this line for runaway indentation or unclosed brackets; plan files need only a few levels of nesting.',
      deep,
    );
  }
  const parsed = parseYaml(text);
  if (!parsed.ok) {
    const position = parsed.code === 'ALIAS_EXPANSION' ? new SourceLocator(text).firstAlias().start : parsed.position;
    return fail(parsed.code, capitalize(parsed.message), parsed.hint, position);
  }
  const data = parsed.data;
  const context = kind === 'plan' ? buildPlanContext(data) : ctx;

  const findings = new Findings();
  const validate = validators[kind];
  if (!validate(data)) reportSchemaErrors(validate.errors ?? [], data, schemasByKind[kind].schema, context.terms, findings);
  if (kind === 'plan') checkPlanFile(data, context, findings, options.rules);
  else checkActionPlanFile({ data, kind, stem: stemOf(file) }, context, findings, options.rules);

  let diagnostics: Diagnostic[] = [];
  if (findings.list.length) {
    const locator = new SourceLocator(text);
    diagnostics = placeFindings(findings.list, file, () => locator);
  }
  return {
    file,
    kind,
    diagnostics,
    summary: summarize(kind, data),
    ...(options.keepData ? { data } : {}),
    ...(kind === 'plan' ? { context } : {}),
  };
}

export function stemOf(file: string): string {
  const base = file.slice(file.lastIndexOf('/') + 1);
  return base.replace(/\.ya?ml$/i, '');
}

function summarize(kind: FileKind, data: Record<string, unknown>): FileSummary {
  const declared: DeclaredId[] = [];
  const declare = (items: unknown, path: DataPath) =>
    asArray(items).forEach((item, i) => {
      const id = idOf(item);
      if (id !== undefined) declared.push([id, [...path, i, 'id']]);
    });
  if (kind === 'plan') {
    asArray(data.theories).forEach((theory, i) => {
      const id = idOf(theory);
      if (id !== undefined) declared.push([id, ['theories', i, 'id']]);
      declare(asRecord(theory)?.strategies, ['theories', i, 'strategies']);
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
  return { ...(owner !== undefined ? { owner } : {}), declared, strategiesCarried };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
