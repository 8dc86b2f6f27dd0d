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

export async function checkInWorkers(
  tasks: Array<WorkerTask & { size: number }>,
  threads: number,
  init: WorkerInit,
): Promise<FileResult[]> {
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
  const workerData: WorkerInit = init;
  const count = Math.min(threads, batches.length);
  const url = workerUrl();
  await Promise.all(
    Array.from({ length: count }, () =>
      new Promise<void>((resolve, reject) => {
        const worker = new Worker(fileURLToPath(url), { workerData });
        let finished = false;
        const send = () => {
          if (next >= batches.length) {
            finished = true;
            void worker.terminate().then(() => resolve());
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
          if (!finished) reject(new Error(`a validation worker stopped unexpectedly (exit code ${code})`));
        });
        send();
      }),
    ),
  );
  return results;
}
