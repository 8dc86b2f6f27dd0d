// Spreads file checks over worker threads. Parsing dominates validation, and parsing one file does
// not depend on another, so a district of thousands of schools is checked on every core.
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { FileResult } from '../plan/files.js';
import type { WorkerInit, WorkerTask } from './worker.js';

/** Files are handed to workers in batches of about this many bytes, so that work stays balanced. */
const BATCH_BYTES = 512 * 1024;

function workerUrl(): URL {
  // Under the test runner this module runs from src/*.ts; the worker always runs from the build.
  const here = import.meta.url;
  if (here.endsWith('.ts')) return new URL(here.replace('/src/load/pool.ts', '/dist/load/worker.js'));
  return new URL('./worker.js', here);
}

/**
 * Threads that check plan files, started before they have anything to do: a large plan starts them
 * as soon as its files are listed, so that they load their modules (some 100 ms each) while this
 * thread reads plan.yaml and sizes the files. What they check against comes with run().
 */
export class CheckPool {
  private readonly workers: Worker[];
  private closed = false;

  constructor(readonly threads: number) {
    const url = fileURLToPath(workerUrl());
    this.workers = Array.from({ length: Math.max(1, threads) }, () => new Worker(url));
  }

  /** Every task's result, in the tasks' order. One run per pool; the pool closes after it. */
  async run(tasks: Array<WorkerTask & { size: number }>, init: WorkerInit): Promise<FileResult[]> {
    // Largest files first: a district with one huge school file should not find it last in the
    // queue, with every other worker idle while one parses it. Results come back in the given order.
    const order = tasks.map((task, index) => ({ task, index })).sort((a, b) => b.task.size - a.task.size);
    const batches: Array<Array<{ task: WorkerTask; index: number }>> = [];
    let current: Array<{ task: WorkerTask; index: number }> = [];
    let currentBytes = 0;
    for (const { task: { size, ...task }, index } of order) {
      current.push({ task, index });
      currentBytes += size;
      if (currentBytes >= BATCH_BYTES) {
        batches.push(current);
        current = [];
        currentBytes = 0;
      }
    }
    if (current.length) batches.push(current);

    const results: FileResult[] = new Array(tasks.length);
    let next = 0;
    try {
      await Promise.all(
        this.workers.map(
          (worker) =>
            new Promise<void>((resolve, reject) => {
              let finished = false;
              const send = () => {
                if (next >= batches.length) {
                  finished = true;
                  resolve();
                  return;
                }
                const id = next++;
                const batch = batches[id]!.map((b) => b.task);
                // Hand over whole buffers without copying; a buffer that is a view into a larger one is copied.
                const transfer = batch.flatMap((t) =>
                  t.bytes && t.bytes.byteOffset === 0 && t.bytes.byteLength === t.bytes.buffer.byteLength ? [t.bytes.buffer as ArrayBuffer] : [],
                );
                worker.postMessage({ id, tasks: batch }, transfer);
              };
              worker.on('message', (message: { id: number; results: FileResult[] }) => {
                batches[message.id]!.forEach((b, i) => (results[b.index] = message.results[i]!));
                send();
              });
              worker.on('error', reject);
              worker.on('exit', (code) => {
                if (!finished && !this.closed) reject(new Error(`a validation worker stopped unexpectedly (exit code ${code})`));
              });
              worker.postMessage({ init });
              send();
            }),
        ),
      );
    } finally {
      await this.close();
    }
    return results;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

export function checkInWorkers(tasks: Array<WorkerTask & { size: number }>, threads: number, init: WorkerInit): Promise<FileResult[]> {
  return new CheckPool(Math.min(threads, Math.max(1, Math.ceil(tasks.reduce((n, t) => n + t.size, 0) / BATCH_BYTES)))).run(tasks, init);
}
