// Times the rollup engine alone on a loaded plan: load once (timed apart), then the median of several
// rollups of one cycle. Prints one JSON line for bench/run.js.
import { DirectorySource, loadPlan } from '../dist/index.js';
import { buildModel } from '../dist/plan/model.js';
import { computeRollup } from '../dist/rollup/rollup.js';

const [dir, cycle, rounds = '7'] = process.argv.slice(2);
let start = process.hrtime.bigint();
const loaded = await loadPlan(new DirectorySource(dir), { keepData: true });
const loadSeconds = Number(process.hrtime.bigint() - start) / 1e9;
if (loaded.errorCount) throw new Error(`${dir} has ${loaded.errorCount} errors`);
const model = buildModel(loaded);
const times = [];
let rollup;
for (let i = 0; i < Number(rounds); i++) {
  start = process.hrtime.bigint();
  rollup = computeRollup(model, { cycle, asOf: '2026-01-01' });
  times.push(Number(process.hrtime.bigint() - start) / 1e9);
}
times.sort((a, b) => a - b);
process.stdout.write(
  `${JSON.stringify({ loadSeconds, rollupSeconds: times[times.length >> 1], actions: rollup.actions.length, planRating: rollup.plan.rating })}\n`,
);
