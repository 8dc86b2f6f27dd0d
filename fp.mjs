import { loadPlan } from './dist/load/load-plan.js';
import { DirectorySource } from './dist/load/source.js';
import { canonicalJson } from './dist/collect/fingerprint.js';
const before = await loadPlan(new DirectorySource('/tmp/apply-copy'), { keepData: true, threads: 0 });
const actions = before.files.flatMap((f) => f.data?.actions ?? []);
console.log(actions.length);
function sorted(v) {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(sorted);
  const keys = Object.keys(v).sort();
  const o = {};
  for (const k of keys) if (v[k] !== undefined) o[k] = sorted(v[k]);
  return o;
}
const quoted = new Map();
function canon2(value) {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    const parts = new Array(value.length);
    for (let i = 0; i < value.length; i++) parts[i] = canon2(value[i]);
    return `[${parts.join(',')}]`;
  }
  const keys = Object.keys(value);
  if (keys.length > 1) keys.sort();
  const parts = [];
  for (const key of keys) {
    const v = value[key];
    if (v === undefined) continue;
    let q = quoted.get(key);
    if (q === undefined) quoted.set(key, (q = JSON.stringify(key) + ':'));
    parts.push(q + canon2(v));
  }
  return `{${parts.join(',')}}`;
}
for (let r = 0; r < 3; r++) {
  let a = performance.now(); let n = 0;
  for (const x of actions) { const { progress, ...rest } = x; n += canonicalJson(rest).length; }
  const t1 = performance.now() - a; a = performance.now(); let m = 0;
  for (const x of actions) { const { progress, ...rest } = x; m += JSON.stringify(sorted(rest)).length; }
  const t2 = performance.now() - a; a = performance.now(); let k = 0;
  for (const x of actions) { const { progress, ...rest } = x; k += canon2(rest).length; }
  const t3 = performance.now() - a;
  console.log(t1.toFixed(0), t2.toFixed(0), t3.toFixed(0), n === m, n === k);
}
