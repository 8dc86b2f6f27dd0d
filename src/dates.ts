// Calendar days as the plan writes them (YYYY-MM-DD): which ones exist, what day it is where the
// district is, and how a day is written for people to read.
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether a YYYY-MM-DD string names a real calendar day (2019-02-30 does not). */
export function isRealDate(value: string): boolean {
  const match = DATE_RE.exec(value);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export function isDateString(value: unknown): value is string {
  return typeof value === 'string' && DATE_RE.test(value);
}

/** Whether the runtime knows an IANA time zone name (America/New_York). */
export function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * Today's date where the district is: in its time zone when plan.yaml names one, else the machine's.
 * At 9 pm in Hartford it is already tomorrow in UTC, and a rating due today is not yet overdue.
 */
export function localToday(timeZone?: string, now: Date = new Date()): string {
  // en-CA writes dates as YYYY-MM-DD.
  const format = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', ...(timeZone && isTimeZone(timeZone) ? { timeZone } : {}) });
  return format.format(now);
}

/** A YYYY-MM-DD day written for people in a language ("June 16, 2020", "16 de junio de 2020"). */
export function formatDay(value: string, language = 'en-US'): string {
  // A plan has few distinct days and writes them thousands of times (every action's timeline on every form).
  const key = `${language} ${value}`;
  let written = daysWritten.get(key);
  if (written === undefined) {
    const match = DATE_RE.exec(value);
    written = !match || !isRealDate(value) ? value : dayFormat(language).format(new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))));
    if (daysWritten.size >= 10_000) daysWritten.clear();
    daysWritten.set(key, written);
  }
  return written;
}

const daysWritten = new Map<string, string>();

// Making an Intl formatter loads locale data: far dearer than formatting. One per language.
const dayFormats = new Map<string, Intl.DateTimeFormat>();
function dayFormat(language: string): Intl.DateTimeFormat {
  let format = dayFormats.get(language);
  if (!format) dayFormats.set(language, (format = new Intl.DateTimeFormat(language, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' })));
  return format;
}
