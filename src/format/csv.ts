// CSV as RFC 4180 says, safe to open in a spreadsheet.

/** The UTF-8 byte-order mark: Excel on Windows reads a CSV as UTF-8 only when it starts with one. */
export const UTF8_BOM = '\uFEFF';

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'number' && !Number.isInteger(value) ? value.toFixed(3) : String(value);
  // Quote as RFC 4180; neutralise a leading formula character so a spreadsheet shows text, not a formula.
  const safe = /^[=+\-@\t\r]/.test(text) && typeof value === 'string' ? `'${text}` : text;
  // A semicolon or tab is quoted too: a spreadsheet in a locale that separates with them reads the text whole.
  return /[",;\t\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * The one delimiter a CSV plan wrote (a form, a translation table) is written with, read from its
 * header row: plan writes commas, and a spreadsheet saving in a locale that uses semicolons (or
 * tabs) uses them throughout. Its headers contain none of the three, so the header row says which
 * it is; a semicolon inside the plan's text (EH2020's success criteria have many) is then only text.
 */
export function delimiterOf(text: string): string {
  let end = text.indexOf('\n');
  if (end === -1) end = text.length;
  const header = text.slice(0, end);
  let best = ',';
  let most = 0;
  for (const candidate of [',', ';', '\t']) {
    let count = 0;
    let quoted = false;
    for (const ch of header) {
      if (ch === '"') quoted = !quoted;
      else if (ch === candidate && !quoted) count++;
    }
    if (count > most) {
      best = candidate;
      most = count;
    }
  }
  return best;
}
