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
