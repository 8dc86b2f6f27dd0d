import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readForms, prepareApply } from './dist/apply/apply.js';
import { loadPlan } from './dist/load/load-plan.js';
import { DirectorySource } from './dist/load/source.js';
const dir = 'bench/.work/filled-2000';
const forms = readdirSync(dir).map((n) => ({ path: join(dir, n), label: n }));
const read = await readForms(forms);
const source = new DirectorySource('/tmp/apply-copy');
const before = await loadPlan(source, { keepData: true });
for (const threads of process.argv.slice(2).map(Number)) {
  const a = performance.now();
  const out = await prepareApply({ before, source, forms: read, overwrite: false });
  console.log('threads', threads, (performance.now() - a).toFixed(0), out.files.size);
}
