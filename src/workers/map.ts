// Runs one exported function of a module over many items on worker threads, in batches, keeping the
// items' order: for work that is the same for each of thousands of items (stamping a school's form,
// reading one) and needs nothing from the others. Results that are byte arrays are handed back
// without copying.
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

export interface MapTask {
  /** The module's URL (under the test runner, a URL in src/ is mapped to the build in dist/). */
  module: string;
  /** The name of the exported function: (item) => result, or a promise of it. */
  fn: string;
}

// Under the test runner this module runs from src/*.ts; worker threads always run the build.
const fromSource = import.meta.url.endsWith('.ts');

function runnable(url: string): string {
  if (!fromSource) return url;
  const at = url.lastIndexOf('/src/');
  return `${url.slice(0, at)}/dist/${url.slice(at + '/src/'.length).replace(/\.ts$/, '.js')}`;
}

function workerUrl(): URL {
  return new URL(runnable(new URL(fromSource ? './map-worker.ts' : './map-worker.js', import.meta.url).href));
}

/** Worker threads worth starting for `count` items of about `each` milliseconds. */
export function threadsForItems(count: number, each: number): number {
  if (count * each < 400) return 0;
  return Math.max(1, Math.min(availableParallelism(), 4));
}

/** `onResult`, when given, hears of each result as it arrives, while other items are still at work. */
export async function mapInWorkers<T, R>(task: MapTask, items: readonly T[], threads: number, batch = 32, onResult?: (result: R, index: number) => void): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const count = Math.min(threads, Math.ceil(items.length / batch));
  await Promise.all(
    Array.from({ length: count }, () =>
      new Promise<void>((resolve, reject) => {
        const worker = new Worker(fileURLToPath(workerUrl()), { workerData: { module: runnable(task.module), fn: task.fn } });
        let finished = false;
        let current = 0;
        const send = () => {
          if (next >= items.length) {
            finished = true;
            void worker.terminate().then(() => resolve());
            return;
          }
          current = next;
          next = Math.min(items.length, next + batch);
          worker.postMessage({ start: current, items: items.slice(current, next) });
        };
        worker.on('message', (message: { start: number; results?: R[]; error?: string }) => {
          if (message.error !== undefined) {
            finished = true;
            void worker.terminate();
            reject(new Error(message.error));
            return;
          }
          message.results!.forEach((r, i) => {
            results[message.start + i] = r;
            onResult?.(r, message.start + i);
          });
          send();
        });
        worker.on('error', reject);
        worker.on('exit', (code) => {
          if (!finished) reject(new Error(`a worker thread stopped unexpectedly (exit code ${code})`));
        });
        send();
      }),
    ),
  );
  return results;
}
