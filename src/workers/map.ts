// Runs one exported function of a module over many items on worker threads, in batches, keeping the
// items' order: for work that is the same for each of thousands of items (stamping a school's form,
// writing a school's file) and needs nothing from the others. Results that are byte arrays, or hold
// them, are handed back without copying.
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

/**
 * Worker threads worth starting for `count` items of about `each` milliseconds. `besideThisThread`:
 * this thread has long work of its own meanwhile, so one core fewer is free for them.
 */
export function threadsForItems(count: number, each: number, besideThisThread = false): number {
  if (count * each < 400) return 0;
  return Math.max(1, Math.min(availableParallelism() - (besideThisThread ? 1 : 0), 4));
}

/**
 * Items handed to worker threads as the caller has them, in turn, with no need to wait for a thread
 * to ask: for a caller busy with long synchronous work of its own between pushes.
 */
export interface WorkStream<T> {
  /** Hands the items over now; their results come to onResult, numbered in the order pushed. */
  push(items: readonly T[]): void;
  /** Every result, in the order pushed, once all have come; nothing may be pushed after. */
  end(): Promise<void>;
}

export function streamToWorkers<T, R>(task: MapTask, threads: number, onResult: (result: R, index: number) => void, shared?: unknown): WorkStream<T> {
  let pushed = 0;
  let received = 0;
  let turn = 0;
  let failure: Error | null = null;
  let ended: (() => void) | null = null;
  let failed: ((error: Error) => void) | null = null;
  const workers = Array.from({ length: Math.max(1, threads) }, () => {
    const worker = startMapWorker(task, shared);
    const fail = (error: Error) => {
      failure ??= error;
      failed?.(failure);
    };
    worker.on('message', (message: WorkerReply<R>) => {
      if (message.error !== undefined) return fail(new Error(message.error));
      message.results!.forEach((r, i) => onResult(r, message.start + i));
      received += message.results!.length;
      if (ended && received === pushed) ended();
    });
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (!ended || received < pushed) fail(new Error(`a worker thread stopped unexpectedly (exit code ${code})`));
    });
    return worker;
  });
  const stop = () => Promise.all(workers.map((w) => w.terminate())).then(() => undefined);
  return {
    push(items) {
      if (!items.length) return;
      workers[turn++ % workers.length]!.postMessage({ start: pushed, items });
      pushed += items.length;
    },
    async end() {
      try {
        await new Promise<void>((resolve, reject) => {
          failed = reject;
          ended = resolve;
          if (failure) reject(failure);
          else if (received === pushed) resolve();
        });
      } finally {
        await stop();
      }
    },
  };
}

export interface WorkerReply<R> {
  start: number;
  results?: R[];
  error?: string;
}

/** A thread that runs the task's function on each batch it is sent; `shared` is the function's second argument. */
export function startMapWorker(task: MapTask, shared?: unknown): Worker {
  // A young generation larger than a thread's default: the work is thousands of short-lived views
  // and strings, and a small one is collected over and over.
  return new Worker(fileURLToPath(workerUrl()), { workerData: { module: runnable(task.module), fn: task.fn, shared }, resourceLimits: { maxYoungGenerationSizeMb: 64 } });
}
