import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readForms } from './dist/apply/apply.js';
const dir = 'bench/.work/filled-2000';
const forms = readdirSync(dir).map((n) => ({ path: join(dir, n), label: n }));
for (let r = 0; r < 3; r++) {
  const a = performance.now();
  const read = await readForms(forms);
  console.log('read', read.filled.length, (performance.now() - a).toFixed(0));
}
