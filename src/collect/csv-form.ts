// An update form as CSV, for districts that work in other tools: the same columns as the workbook,
// and the form's record in the last two columns of every row (a CSV has no hidden sheet).
import { csvCell, UTF8_BOM } from '../format/csv.js';
import { cellText, META_HEADER, type UpdateForm } from './form.js';

export function formCsv(form: UpdateForm, { bom = true } = {}): string {
  const header = [...form.columns.map((c) => c.header), META_HEADER];
  const meta = form.meta.join('|');
  const lines = [header.map(csvCell).join(',')];
  for (const row of form.rows) lines.push([...form.columns.map((c) => cellText(row, c.key)), meta].map(csvCell).join(','));
  return `${bom ? UTF8_BOM : ''}${lines.join('\r\n')}\r\n`;
}
