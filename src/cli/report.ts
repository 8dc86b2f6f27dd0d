// `plan report [DIR]`: Mid-Year, End-of-Year, Board and school reports, to HTML and PDF. For a PDF
// the browser is the slowest part, so this module starts it before anything heavy is loaded (the
// loader, the templates, Markdown): those come with report-write.ts, while the browser starts.
import { resolve } from 'node:path';
import { BrowserNotFoundError, findBrowser, installHint } from '../report/browser.js';
import { exitCleanlyOnSignal } from './interrupt.js';
import { requirePlanDirectory, UsageError, type CliIO } from './io.js';
import type { ReportCommandOptions } from './options.js';
import type { PdfPrinter as Printer } from '../report/pdf.js';

export async function runReport(dirArg: string, options: ReportCommandOptions, io: CliIO): Promise<number> {
  const dir = await requirePlanDirectory(dirArg, io.cwd);
  if (options.allSchools && options.type !== 'school') throw new UsageError('--all-schools goes with --type school');
  if (options.school && options.type !== 'school') throw new UsageError('--school goes with --type school', 'For a district report, leave --school out.');
  if (options.changesSince !== undefined && options.type === 'school') throw new UsageError('--changes-since goes with the district reports (board, midyear, eoy)', "The plan's updates are an appendix of the district's reports.");
  // The browser starts while the plan is read and rendered: it is the slowest part of a single report.
  let rendered = () => {};
  const renderedHtml = new Promise<void>((resolve) => (rendered = resolve));
  const printing = options.format === 'pdf' ? startPrinter(options, io, renderedHtml) : null;
  const closePrinter = async () => {
    if (printing) await printing.then((p) => p.close()).catch(() => undefined);
  };
  const stopWatching = exitCleanlyOnSignal(closePrinter, (message) => io.stderr.write(message));
  try {
    const { renderAndWrite } = await import('./report-write.js');
    return await renderAndWrite(dir, dirArg, options, io, printing, rendered);
  } finally {
    rendered();
    stopWatching();
    await closePrinter();
  }
}

function startPrinter(options: ReportCommandOptions, io: CliIO, connectAfter: Promise<void>): Promise<Printer> {
  let browserPath: string;
  try {
    browserPath = findBrowser(options.browser ? resolve(io.cwd, options.browser) : undefined, io.env);
  } catch (error) {
    if (error instanceof BrowserNotFoundError) {
      throw new UsageError(options.browser ? `--browser ${options.browser}: no such file` : error.message, error.hint);
    }
    throw error;
  }
  const launching = import('../report/pdf.js').then(({ PdfPrinter }) =>
    PdfPrinter.launch(browserPath, { timeoutMs: options.timeout * 1000, pages: options.concurrency, connectAfter }).catch((error: Error) => {
      throw new UsageError(`could not start ${browserPath}: ${error.message.split('\n')[0]}`, installHint());
    }),
  );
  // Awaited later; until then a failure must not count as unhandled.
  launching.catch(() => undefined);
  return launching;
}
