// Large plans are checked in worker threads; the result must be exactly that of one thread.
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadPlan } from '../src/load/load-plan.js';
import { DirectorySource, MemorySource } from '../src/load/source.js';
import { generateDistrict } from '../bench/generate.js';
import { materialize, readTree } from './helpers.js';

describe('worker threads', () => {
  it('give the same diagnostics as one thread, errors included', async () => {
    const dir = materialize({});
    generateDistrict(dir, 12);
    const files = readTree(dir);
    files['schools/school-0003.yaml'] = files['schools/school-0003.yaml']!.replace('strategy: t1-s', 'strategy: t9-s');
    files['schools/school-0007.yaml'] = files['schools/school-0007.yaml']!.replace('rating: 2', 'rating: 7');
    files['schools/school-0009.yaml'] = 'school: [unclosed\n';
    const onDisk = materialize(files);
    const single = await loadPlan(new DirectorySource(onDisk), { threads: 0 });
    const parallel = await loadPlan(new DirectorySource(onDisk), { threads: 2 });
    const fromMemory = await loadPlan(new MemorySource(onDisk, files), { threads: 2 });
    expect(single.errorCount).toBe(3);
    expect(parallel.diagnostics).toEqual(single.diagnostics);
    expect(fromMemory.diagnostics).toEqual(single.diagnostics);
    const kept = await loadPlan(new DirectorySource(onDisk), { threads: 2, keepData: true });
    expect(kept.files.filter((f) => f.data).length).toBe(12);
    rmSync(dir, { recursive: true, force: true });
    rmSync(onDisk, { recursive: true, force: true });
  });

  it('a stream of items to threads: results numbered in the order pushed, and a failure ends it in error', async () => {
    const { streamToWorkers } = await import('../src/workers/map.js');
    const { crc32 } = await import('../src/xlsx/zip-write.js');
    const task = { module: new URL('../src/xlsx/zip-write.ts', import.meta.url).href, fn: 'crc32' };
    const items = Array.from({ length: 50 }, (_, i) => new TextEncoder().encode(`item ${i}`));
    const results: number[] = [];
    const stream = streamToWorkers<Uint8Array, number>(task, 2, (crc, index) => (results[index] = crc));
    stream.push(items.slice(0, 7));
    stream.push(items.slice(7, 30));
    stream.push([]);
    stream.push(items.slice(30));
    await stream.end();
    expect(results).toEqual(items.map((bytes) => crc32(bytes)));
    // An item the function cannot take: the stream ends in the thread's error.
    const failing = streamToWorkers<unknown, number>(task, 1, () => undefined);
    failing.push([null]);
    await expect(failing.end()).rejects.toThrow();
  });
});
