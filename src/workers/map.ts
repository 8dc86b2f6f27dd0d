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

export interface MapOptions<R> {
  /** Items per message; 32 by default. */
  batch?: number;
  /** Hears of each result as it arrives, while other items are still at work. */
  onResult?: (result: R, index: number) => void;
  /**
   * Every batch is handed out at the start, in turn, rather than each as a thread asks for more: for
   * a caller that goes on to long synchronous work of its own, during which it could hand out none.
   */
  eager?: boolean;
}

export async function mapInWorkers<T, R>(task: MapTask, items: readonly T[], threads: number, options: MapOptions<R> = {}): Promise<R[]> {
  const batch = options.batch ?? 32;
  const results: R[] = new Array(items.length);
  const starts: number[] = [];
  for (let start = 0; start < items.length; start += batch) starts.push(start);
  let next = 0;
  const count = Math.min(threads, starts.length);
  await Promise.all(
    Array.from({ length: count }, (_, w) =>
      new Promise<void>((resolve, reject) => {
        const worker = new Worker(fileURLToPath(workerUrl()), { workerData: { module: runnable(task.module), fn: task.fn } });
        let finished = false;
        let outstanding = 0;
        const post = (start: number) => {
          outstanding++;
          worker.postMessage({ start, items: items.slice(start, start + batch) });
        };
        const done = () => {
          finished = true;
          void worker.terminate().then(() => resolve());
        };
        const send = () => {
          if (next >= starts.length) return done();
          post(starts[next++]!);
        };
        worker.on('message', (message: { start: number; results?: R[]; error?: string }) => {
          if (message.error !== undefined) {
            finished = true;
            void worker.terminate();
            reject(new Error(message.error));
            return;
          }
          outstanding--;
          message.results!.forEach((r, i) => {
            results[message.start + i] = r;
            options.onResult?.(r, message.start + i);
          });
          if (!options.eager) send();
          else if (outstanding === 0) done();
        });
        worker.on('error', reject);
        worker.on('exit', (code) => {
          if (!finished) reject(new Error(`a worker thread stopped unexpectedly (exit code ${code})`));
        });
        if (options.eager) for (let k = w; k < starts.length; k += count) post(starts[k]!);
        else send();
      }),
    ),
  );
  return results;
}
