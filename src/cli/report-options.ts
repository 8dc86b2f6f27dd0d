// What `plan report` was asked for, shared by its two modules (report.ts, report-write.ts).
import type { ReportType } from '../report/view-model.js';

export interface ReportCommandOptions {
  type: ReportType;
  cycle?: string;
  school?: string;
  allSchools?: boolean;
  format: 'html' | 'pdf';
  out: string;
  paper: 'letter' | 'a4';
  templates?: string;
  browser?: string;
  timeout: number;
  asOf?: string;
  concurrency: number;
  rev?: string;
}

export type Printer = Awaited<ReturnType<typeof import('../report/pdf.js').PdfPrinter.launch>>;
