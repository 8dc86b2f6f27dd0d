// plan export's formats: the flat table as CSV or as a workbook, and the plan laid out as a state
// asks for it. The first layout follows the Kentucky Department of Education's Comprehensive
// Improvement Plan for schools and districts (703 KAR 5:225): a goal, its objectives, and for each
// strategy its activities, measure of success, progress monitoring and funding.
import { csvCell, UTF8_BOM } from '../format/csv.js';
import { escapeHtml } from '../report/escape.js';
import type { PlanModel } from '../plan/model.js';
import { EXPORT_COLUMNS, type ExportRow } from './table.js';

export function exportCsv(rows: readonly ExportRow[], { bom = false } = {}): string {
  const lines = [EXPORT_COLUMNS.map((c) => c.key).join(',')];
  for (const row of rows) lines.push(EXPORT_COLUMNS.map((c) => csvCell(row[c.key])).join(','));
  return `${bom ? UTF8_BOM : ''}${lines.join('\r\n')}\r\n`;
}

/** The table as a workbook: a header a person reads, frozen, filtered, the long columns wrapped. */
export async function exportXlsx(rows: readonly ExportRow[], title: string): Promise<Uint8Array> {
  const { loadExcelJS } = await import('../collect/xlsx.js');
  const ExcelJS = await loadExcelJS();
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'plan';
  workbook.title = title;
  // A fixed date, as the parts' (withFixedTimes): the same plan exports the same bytes.
  workbook.created = workbook.modified = new Date('2000-01-01T00:00:00Z');
  const sheet = workbook.addWorksheet('Plan', { views: [{ state: 'frozen', ySplit: 1, xSplit: 2 }] });
  const wide = new Set(['action', 'strategy', 'lineage', 'success_criteria', 'evidence_citation', 'funding', 'measures', 'progress_evidence', 'top']);
  sheet.columns = EXPORT_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: wide.has(c.key) ? 48 : Math.max(12, c.header.length + 2) }));
  for (const row of rows) sheet.addRow(Object.fromEntries(EXPORT_COLUMNS.map((c) => [c.key, row[c.key] ?? ''])));
  sheet.getRow(1).font = { bold: true };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: EXPORT_COLUMNS.length } };
  for (const key of wide) sheet.getColumn(key).alignment = { wrapText: true, vertical: 'top' };
  const money = sheet.getColumn('funding_total');
  money.numFmt = '"$"#,##0';
  const buffer = await workbook.xlsx.writeBuffer();
  const { withFixedTimes } = await import('../xlsx/zip-write.js');
  return withFixedTimes(new Uint8Array(buffer as ArrayBuffer));
}

/** The plan in the Kentucky Comprehensive Improvement Plan's layout: one section per school or office plan, one table per goal. */
export function exportKentucky(model: PlanModel, rows: readonly ExportRow[], madeOn: string): string {
  const e = (v: unknown) => escapeHtml(String(v ?? ''));
  const plans = new Map<string, ExportRow[]>();
  for (const row of rows) {
    const key = `${row.plan_kind}:${row.plan_id}:${row.school_year}`;
    (plans.get(key) ?? plans.set(key, []).get(key)!).push(row);
  }
  const title = `${model.plan.plan.title}: Comprehensive Improvement Plan`;
  const parts: string[] = [];
  // Schools first (the plan a school uploads), then the district's offices.
  const ordered = [...plans.values()].sort((a, b) => (a[0]!.plan_kind === b[0]!.plan_kind ? 0 : a[0]!.plan_kind === 'school' ? -1 : 1));
  for (const planRows of ordered) {
    const first = planRows[0]!;
    parts.push(`<section><h2>${e(first.plan_name)}${first.school_year ? ` (${e(first.school_year)})` : ''}</h2>`);
    const goals = new Map<string, ExportRow[]>();
    for (const row of planRows) (goals.get(String(row.top_id)) ?? goals.set(String(row.top_id), []).get(String(row.top_id))!).push(row);
    for (const goalRows of goals.values()) {
      const goal = goalRows[0]!;
      const objectives = [...new Set(goalRows.flatMap((r) => String(r.measures || '').split('; ').filter(Boolean)))];
      parts.push(`<h3>Goal: ${e(goal.top)}</h3>`);
      parts.push(objectives.length ? `<p><strong>Objectives:</strong></p><ul>${objectives.map((o) => `<li>${e(o)}</li>`).join('')}</ul>` : '<p><strong>Objectives:</strong> none recorded in the plan for this goal.</p>');
      parts.push(`<table><caption>Strategies and activities for the goal ${e(goal.top)}</caption><thead><tr><th scope="col">Strategy</th><th scope="col">Activity</th><th scope="col">Measure of success</th><th scope="col">Progress monitoring</th><th scope="col">Funding</th></tr></thead><tbody>`);
      for (const row of goalRows) {
        const who = [row.owner ? `Lead: ${row.owner}` : '', row.start && row.end ? `${row.start} to ${row.end}` : ''].filter(Boolean).join('; ');
        const monitoring = row.rated_in ? `${row.rated_in}: ${row.rating} ${row.rating_label}${row.progress_evidence ? `. ${row.progress_evidence}` : ''}` : 'Not yet rated';
        const evidence = row.evidence_tier ? `<br><span class="note">ESSA evidence tier ${e(row.evidence_tier)}${row.evidence_citation ? `: ${e(row.evidence_citation)}` : ''}</span>` : '';
        parts.push(`<tr><td>${e(row.strategy)}${evidence}</td><td>${e(row.action)}${who ? `<br><span class="note">${e(who)}</span>` : ''}</td><td>${e(row.success_criteria) || '—'}</td><td>${e(monitoring)}</td><td>${e(row.funding) || '—'}</td></tr>`);
      }
      parts.push('</tbody></table>');
    }
    parts.push('</section>');
  }
  const css = `body{font-family:system-ui,sans-serif;max-width:70rem;margin:0 auto;padding:1rem;color:#111111;line-height:1.4}table{border-collapse:collapse;width:100%;margin:0.5rem 0 1.5rem;table-layout:fixed}th:nth-child(1){width:26%}th:nth-child(2){width:22%}th:nth-child(3){width:16%}th:nth-child(4){width:20%}th:nth-child(5){width:16%}caption{text-align:left;font-weight:bold;padding:0.25rem 0}th,td{border:1px solid #666666;padding:0.35rem;vertical-align:top;text-align:left}th{background:#eeeeee}.note{color:#444444;font-size:0.9em}h2{border-bottom:2px solid #1f3a5f;margin-top:2rem}@media print{body{max-width:none}tr{break-inside:avoid}}@media (max-width:40rem){table,thead,tbody,tr,th,td{display:block}thead{position:absolute;left:-9999px}td{border:0;border-bottom:1px solid #cccccc}}`;
  return `<!DOCTYPE html>
<html lang="${e(model.plan.plan.language ?? 'en')}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="generator" content="plan">
<title>${e(title)}</title>
<style>${css}</style>
</head>
<body>
<main>
<h1>${e(title)}</h1>
<p>${e(model.plan.district.name)}. Laid out as the Kentucky Department of Education's Comprehensive Improvement Plan asks (goal, objectives, strategy, activity, measure of success, progress monitoring, funding), from the plan's own files on ${e(madeOn)}.</p>
${parts.length ? parts.join('\n') : `<p>${e(`The plan has no ${model.terms.action.plural.toLowerCase()} yet: this layout lists the activities of each ${model.terms.school.singular.toLowerCase()}'s and ${model.terms.office.singular.toLowerCase()}'s plan, and there are none to list.`)}</p>`}
</main>
</body>
</html>
`;
}
