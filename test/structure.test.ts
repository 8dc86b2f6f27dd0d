// The shape of the code: no import circles, and the bottom layer (src/plan: the model, the layout of
// files, the calendar of cycles, terminology, the scale) imports nothing above it.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCycles, importGraph } from '../scripts/import-cycles.js';
import { ROOT } from './helpers.js';

const graph = importGraph(join(ROOT, 'src'));

describe('the structure of src/', () => {
  it('has no import circles', () => {
    expect(importCycles(graph)).toEqual([]);
  });

  it('finds a circle when there is one', () => {
    const circular = new Map([
      ['a.ts', new Set(['b.ts'])],
      ['b.ts', new Set(['c.ts'])],
      ['c.ts', new Set(['a.ts'])],
      ['d.ts', new Set(['a.ts'])],
    ]);
    expect(importCycles(circular)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });

  it('keeps the plan layer at the bottom', () => {
    const bottom = new Set(['diagnostics.ts', 'dates.ts', 'color.ts', 'schema/definitions.ts']);
    for (const [module, imports] of graph) {
      if (!module.startsWith('plan/')) continue;
      for (const target of imports) expect(target.startsWith('plan/') || bottom.has(target), `${module} imports ${target}`).toBe(true);
    }
  });
});
