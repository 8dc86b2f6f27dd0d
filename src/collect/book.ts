// One workbook per addressee: a school's action ratings and its own measures' values, or an owner's
// items to rate and measures to report, go out as the sheets of one file, so that a principal gets
// one thing to fill and send back. A CSV has no sheets: each form stays a file of its own.
import { decodeFiles, formMeta, type UpdateForm } from './form.js';

export interface FormBook {
  /** The file name without its extension. */
  name: string;
  /** Its forms, a sheet each, in the order they were made: actions first, then items, then measures. */
  forms: UpdateForm[];
  /**
   * The workbook's own record: the forms' plan and cycle, and every file any of them may change,
   * sealed once. Each row's record still names the one file it updates.
   */
  meta: string[];
}

/** Every form of the same addressee in one book, in the order of each addressee's first form. */
export function booksOf(forms: readonly UpdateForm[], sealKey?: string): FormBook[] {
  const byAddressee = new Map<string, UpdateForm[]>();
  for (const form of forms) {
    const list = byAddressee.get(form.addressee);
    if (list) list.push(form);
    else byAddressee.set(form.addressee, [form]);
  }
  return [...byAddressee.values()].map((list) => bookOf(list, sealKey));
}

export function bookOf(forms: readonly UpdateForm[], sealKey?: string): FormBook {
  const first = forms[0]!;
  if (forms.length === 1) return { name: first.name, forms: [first], meta: first.meta };
  // The record's fields, as formMeta wrote them for each form: the same plan, cycle and day.
  const [, planId, cycleId, cycleName, due, madeOn] = first.meta as [string, string, string, string, string, string];
  const files = [...new Set(forms.flatMap((form) => decodeFiles(form.meta[7] ?? '')))];
  return { name: bookName(forms, planId, cycleId), forms: [...forms], meta: formMeta(planId, cycleId, cycleName, due, madeOn, files, sealKey) };
}

/** A school's or an office's book keeps the name of its actions' form; an owner's is "<plan>-<cycle>-owner-<id>". */
function bookName(forms: readonly UpdateForm[], planId: string, cycleId: string): string {
  const actions = forms.find((form) => form.kind === undefined || form.kind === 'actions');
  if (actions) return actions.name;
  const addressee = forms[0]!.addressee;
  return `${planId}-${cycleId}-${addressee.replace(/:/, '-')}`;
}

/** How many rows of each kind a book asks for. */
export function rowsByKind(book: FormBook): { actions: number; items: number; measures: number } {
  const count = { actions: 0, items: 0, measures: 0 };
  for (const form of book.forms) count[form.kind ?? 'actions'] += form.rows.length;
  return count;
}
