// The library: load, check and describe a district plan kept as YAML. No terminal, no process.
export type { DataPath, Diagnostic, Position, Range, Severity } from './diagnostics.js';
export { compareDiagnostics, countBySeverity, formatDataPath } from './diagnostics.js';
export { loadPlan, kindOfFile, type LoadedPlan, type LoadOptions } from './load/load-plan.js';
export type { FileResult, FileSummary } from './load/check-file.js';
export { DirectorySource, MemorySource, type PlanSource } from './load/source.js';
export { RULES, type RuleCode, type RuleInfo } from './rules/codes.js';
export type { PlanContext } from './rules/context.js';
export { schemasByKind, type FileKind } from './schema/definitions.js';
export { DEFAULT_SCALE, type RatingScale, type ScaleLevel } from './scale.js';
export { defaultTerminology, resolveTerminology, type Term, type TermKey, type Terminology } from './terminology.js';
export { formatStylish } from './format/stylish.js';
export { formatJson } from './format/json.js';
export { formatGithub, formatStepSummary } from './format/github.js';
export { NO_PAINT, type Paint } from './format/paint.js';
export type { ValidationReport } from './format/report.js';
export { writeFileAtomic } from './write-file.js';
