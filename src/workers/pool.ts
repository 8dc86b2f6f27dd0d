// A few worker threads kept for the phases of one command, each phase a list of items handed out a
// batch at a time to whichever thread is free: for work whose items differ in size (one school's
// plan is ten times another's), where handing them out in turn would leave threads idle at the end.
import { Worker } from 'node:worker_threads';
import { startMapWorker, type MapTask, type WorkerReply } from './map.js';

interface Phase {
  batches: Array<{ start: number; items: unknown[] }>;
  next: number;
  results: unknown[];
  left: number;
  resolve: (results: unknown[]) => void;
  reject: (error: Error) => void;
  onResult?: (result: unknown, index: number) => void;
}

export class WorkerPool {
  private readonly workers: Worker[];
  private phase: Phase | null = null;
  private failure: Error | null = null;
  private closing = false;

  /**
   * `shared` is handed to every thread once, and to the function with each item. A caller that has
   * it only later starts the threads at once, to load their modules meanwhile, and share()s it then.
   */
  constructor(task: MapTask, threads: number, shared?: unknown) {
    this.workers = Array.from({ length: Math.max(1, threads) }, () => {
      const worker = startMapWorker(task, shared);
      worker.on('message', (reply: WorkerReply<unknown>) => this.heard(worker, reply));
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => {
        if (!this.closing) this.fail(new Error(`a worker thread stopped unexpectedly (exit code ${code})`));
      });
      return worker;
    });
  }

  /** Hands every thread what the function's second argument is from now on. */
  share(shared: unknown): void {
    for (const worker of this.workers) worker.postMessage({ shared });
  }

  /** Each item's result, in the items' order; `onResult` hears of each as it comes. One list at a time. */
  map<T, R>(items: readonly T[], batch = 16, onResult?: (result: R, index: number) => void): Promise<R[]> {
    if (this.phase) throw new Error('the worker pool is busy with another list');
    if (this.failure) return Promise.reject(this.failure);
    if (!items.length) return Promise.resolve([]);
    return new Promise<R[]>((resolve, reject) => {
      const batches: Phase['batches'] = [];
      for (let start = 0; start < items.length; start += batch) batches.push({ start, items: items.slice(start, start + batch) });
      this.phase = { batches, next: 0, results: new Array(items.length), left: items.length, resolve: resolve as (results: unknown[]) => void, reject, ...(onResult ? { onResult: onResult as (result: unknown, index: number) => void } : {}) };
      // Two batches each, so that a thread that finishes one starts the next without waiting to be sent it.
      for (const worker of this.workers) this.send(worker), this.send(worker);
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private send(worker: Worker): void {
    const phase = this.phase;
    if (!phase || phase.next >= phase.batches.length) return;
    worker.postMessage(phase.batches[phase.next++]);
  }

  private heard(worker: Worker, reply: WorkerReply<unknown>): void {
    const phase = this.phase;
    if (!phase) return;
    if (reply.error !== undefined) return this.fail(new Error(reply.error));
    reply.results!.forEach((result, i) => {
      phase.results[reply.start + i] = result;
      phase.onResult?.(result, reply.start + i);
    });
    phase.left -= reply.results!.length;
    if (phase.left === 0) {
      this.phase = null;
      phase.resolve(phase.results);
      return;
    }
    this.send(worker);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    const phase = this.phase;
    this.phase = null;
    phase?.reject(this.failure);
  }
}
