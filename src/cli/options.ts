// Every command's options, once: the choices commander offers (and checks), and the shape each
// command receives. main.ts declares the options from these; the command modules take these types.
// Light on purpose: main.ts loads it at start-up.
import type { ReportType } from '../plan/calendar.js';
import type { Depth, ViewBy } from '../status/view.js';

export { REPORT_TYPES } from '../plan/calendar.js';
export { DEPTHS, VIEW_BYS } from '../status/view.js';
/** status --by: the views of the rollup, and the plan by funding source. */
export const STATUS_BYS = ['theory', 'school', 'office', 'network', 'funding'] as const;

export const VALIDATE_FORMATS = ['stylish', 'json', 'github', 'sarif'] as const;
export const STATUS_FORMATS = ['text', 'json', 'csv', 'markdown'] as const;
export const REPORT_FORMATS = ['pdf', 'html'] as const;
export const PAPERS = ['letter', 'a4'] as const;
export const DIFF_FORMATS = ['text', 'markdown', 'json'] as const;

export type ValidateFormat = (typeof VALIDATE_FORMATS)[number];

export interface ValidateOptions {
  format: ValidateFormat;
  maxWarnings?: number;
  quiet?: boolean;
  /** False with --no-color. */
  color?: boolean;
  threads?: number | 'auto';
  requireRatings?: string;
  rev?: string;
  /** A revision or a date: warn for each change of a target since then that the plan gives no reason for. */
  changesSince?: string;
  /** The compliance profile school action plans without their own must meet. */
  profile?: string;
}

export interface StatusOptions {
  cycle?: string;
  by: ViewBy | 'funding';
  school?: string;
  theory?: string;
  depth: Depth;
  format: (typeof STATUS_FORMATS)[number];
  asOf?: string;
  color?: boolean;
  rev?: string;
  bom?: boolean;
}

export interface ReportCommandOptions {
  type: ReportType;
  cycle?: string;
  school?: string;
  allSchools?: boolean;
  format: (typeof REPORT_FORMATS)[number];
  out: string;
  paper: (typeof PAPERS)[number];
  /** The report's language (BCP 47); default the plan's. */
  lang?: string;
  /** false (--no-context): leave out the plan's context sections. */
  context?: boolean;
  /** Refuse a report in a language the plan's own text is not wholly translated into. */
  requireTranslation?: boolean;
  templates?: string;
  browser?: string;
  /** Seconds. */
  timeout: number;
  asOf?: string;
  concurrency: number;
  rev?: string;
  /** A revision or a date: the plan's updates since then, as an appendix. */
  changesSince?: string;
}

export interface DiffOptions {
  plan: string;
  format: (typeof DIFF_FORMATS)[number];
  exitCode?: boolean;
  color?: boolean;
}

export const TODO_FORMATS = ['text', 'json', 'csv', 'markdown'] as const;

export interface TodoOptions {
  cycle?: string;
  format: (typeof TODO_FORMATS)[number];
  asOf?: string;
  color?: boolean;
  rev?: string;
  bom?: boolean;
}

export interface CodeownersOptions {
  check?: boolean;
  out?: string;
}

export interface SchemaOptions {
  out?: string;
}

export const COLLECT_FORMATS = ['xlsx', 'csv'] as const;
export { COLLECT_BYS } from '../collect/form.js';

export interface CollectOptions {
  cycle?: string;
  by: import('../collect/form.js').CollectBy;
  school?: string;
  office?: string;
  owner?: string;
  format: (typeof COLLECT_FORMATS)[number];
  out: string;
  asOf?: string;
  rev?: string;
  /** Worker threads for stamping workbooks; by default, by the number of forms. */
  threads?: number;
}

export const APPLY_FORMATS = ['text', 'json'] as const;

export interface ApplyOptions {
  plan: string;
  dryRun?: boolean;
  overwrite?: boolean;
  format: (typeof APPLY_FORMATS)[number];
  color?: boolean;
}
