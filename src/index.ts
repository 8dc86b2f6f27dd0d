// The library: open, validate, roll up, compare and report on a district plan kept as YAML. No
// terminal, no process. This is the package's one public entry (package.json "exports").
export {
  applyUpdateForms,
  collectUpdateForms,
  comparePlans,
  openPlan,
  PlanInvalidError,
  PlanNotFoundError,
  renderReportHtml,
  renderReportPdf,
  rollUp,
  validatePlan,
  type ApplyRequest,
  type CollectRequest,
  type OpenOptions,
  type PdfRequest,
  type Plan,
  type ReportRequest,
  type ValidationResult,
} from './api.js';
export type { DataPath, Diagnostic, Position, Range, Severity } from './diagnostics.js';
export { compareDiagnostics, countBySeverity, formatDataPath } from './diagnostics.js';
export { loadPlan, kindOfFile, type LoadedPlan, type LoadOptions } from './load/load-plan.js';
export type { FileResult, FileSummary } from './plan/files.js';
export { DirectorySource, MemorySource, type PlanSource } from './load/source.js';
export { buildTree, itemKind, type ItemKind, type PlanLevel, type PlanTree, type TreeItem } from './plan/tree.js';
export type { ItemData } from './plan/plan-data.js';
export { buildModel, type LevelData, type PlanData, type PlanModel, type ActionData, type ActionPlanData, type CycleData, type GoalData, type TheoryData, type StrategyData } from './plan/model.js';
export { RULES, type RuleCode, type RuleInfo } from './rules/codes.js';
export type { PlanContext } from './rules/context.js';
export { schemasByKind, type FileKind } from './schema/definitions.js';
export { DEFAULT_SCALE, type RatingScale, type ScaleLevel } from './plan/scale.js';
export { defaultTerminology, resolveTerminology, type Term, type TermKey, type Terminology } from './plan/terminology.js';
export { computeRollup, RollupError, type Figure, type Rollup, type RollupOptions, type ActionFigure, type ItemNode, type UnitNode, type OverdueItem, type Trend } from './rollup/rollup.js';
export type { GoalProgress, GoalStatus } from './rollup/goals.js';
export { diffPlans, isEmptyDiff, type PlanDiff, type ItemChange, type RatingChange, type RollupEffect } from './diff/diff.js';
export { formatDiffJson, formatDiffMarkdown, formatDiffText } from './format/diff.js';
export { BrowserNotFoundError, findBrowser } from './report/browser.js';
export { LocaleError, loadLocale, SHIPPED_LANGUAGES, type Locale } from './report/locale.js';
export { REPORT_TYPES, type ReportType } from './report/view-model.js';
export type { RenderedReport } from './report/render-html.js';
export { formatStylish } from './format/stylish.js';
export { formatJson } from './format/json.js';
export { formatGithub, formatStepSummary } from './format/github.js';
export { NO_PAINT, type Paint } from './format/paint.js';
export type { ValidationReport } from './format/report.js';
export { localToday, formatDay } from './dates.js';
export { writeFileAtomic } from './write-file.js';
export type { ApplyOutcome } from './apply/apply.js';
export type { Conflict, Update } from './apply/match-rows.js';
export type { FormProblem } from './apply/read-form.js';
