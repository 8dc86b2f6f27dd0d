// Filled update forms for the benchmark: the forms plan collect makes for a cycle, with every row
// given a new rating and evidence (a measure's, a value), as 2000 schools' principals and the
// planning office would send them back.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { booksOf } from '../dist/collect/book.js';
import { buildUpdateForms, choicesOf } from '../dist/collect/form.js';
import { FormWriter } from '../dist/collect/stamp.js';
import { loadPlan } from '../dist/load/load-plan.js';
import { DirectorySource } from '../dist/load/source.js';
import { buildModel } from '../dist/plan/model.js';

export async function writeFilledForms(planDir, cycleId, out) {
  const loaded = await loadPlan(new DirectorySource(planDir), { keepData: true });
  const model = buildModel(loaded);
  const cycle = model.cycles.find((c) => c.id === cycleId);
  const choices = choicesOf(model).filter((c) => c.value !== null);
  const forms = buildUpdateForms(model, cycle, { by: 'plan' }, '2024-11-01');
  mkdirSync(out, { recursive: true });
  let n = 0;
  const writer = new FormWriter();
  for (const form of forms) {
    for (const row of form.rows) {
      const i = n++;
      // A measure's row is given a value; every other row a rating.
      row.current =
        form.kind === 'measures'
          ? { rating: String(40 + (i % 50)), evidence: `Measured in the benchmark, row ${i}.`, next_steps: '', reported_by: '' }
          : { rating: choices[i % choices.length].text, evidence: `Updated in the benchmark, row ${i}: walkthroughs in ${i % 12} of 12 classrooms.`, next_steps: '', reported_by: 'Principal' };
    }
  }
  // A workbook per addressee, as plan collect writes them: a school's actions and its goals, a sheet each.
  const books = booksOf(forms);
  for (const book of books) writeFileSync(join(out, `${book.name}.xlsx`), await writer.write(book));
  return { forms: books.length, rows: n };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const [planDir, cycle, out] = process.argv.slice(2);
  console.log(await writeFilledForms(planDir, cycle, out));
}
