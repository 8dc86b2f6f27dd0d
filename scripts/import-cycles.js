// Lists the import circles among the modules of src/: every static, type-only and dynamic import
// counts, since each ties one module's meaning to another's. Run by the test suite (and by hand:
// node scripts/import-cycles.js), which expects none. A few lines of our own rather than a
// dependency graph package: the sources are TypeScript with one import style, and this reads them
// without compiling anything.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const IMPORT = /(?:import|export)\s+(?:type\s+)?(?:[^'"]*?\s+from\s+)?['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

function modules(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...modules(full));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

/** The import graph: module (relative to src) -> the modules it imports. */
export function importGraph(src) {
  const graph = new Map();
  for (const file of modules(src)) {
    const from = relative(src, file);
    const targets = new Set();
    for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const spec = match[1] ?? match[2];
      const target = relative(src, resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      if (!target.startsWith('..')) targets.add(target);
    }
    graph.set(from, targets);
  }
  return graph;
}

/** Every strongly connected group of two or more modules (or a module importing itself), as lists. */
export function importCycles(graph) {
  let index = 0;
  const stack = [];
  const state = new Map();
  const cycles = [];
  const visit = (node) => {
    const entry = { index, low: index, onStack: true };
    index++;
    state.set(node, entry);
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (!graph.has(next)) continue;
      const seen = state.get(next);
      if (!seen) {
        visit(next);
        entry.low = Math.min(entry.low, state.get(next).low);
      } else if (seen.onStack) entry.low = Math.min(entry.low, seen.index);
    }
    if (entry.low === entry.index) {
      const group = [];
      let member;
      do {
        member = stack.pop();
        state.get(member).onStack = false;
        group.push(member);
      } while (member !== node);
      if (group.length > 1 || graph.get(node).has(node)) cycles.push(group.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const src = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'src');
  const cycles = importCycles(importGraph(src));
  for (const cycle of cycles) console.log(`circle: ${cycle.join(' -> ')}`);
  console.log(cycles.length ? `${cycles.length} import circle${cycles.length === 1 ? '' : 's'} in src/` : 'no import circles in src/');
  process.exit(cycles.length ? 1 : 0);
}
