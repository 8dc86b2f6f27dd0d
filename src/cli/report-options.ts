// The printer `plan report` starts in report.ts and prints with in report-write.ts.
export type Printer = Awaited<ReturnType<typeof import('../report/pdf.js').PdfPrinter.launch>>;
