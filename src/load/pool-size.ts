// How many worker threads a plan of a given size deserves. Kept apart from the pool itself so that
// a small plan never loads worker_threads.
import { availableParallelism } from 'node:os';

/** Below this much YAML, starting threads costs more than it saves (measured: 3.6 MB is faster in one thread). */
export const PARALLEL_MIN_BYTES = 8 * 1024 * 1024;

export function threadsFor(totalBytes: number, requested: number | 'auto'): number {
  if (requested !== 'auto') return Math.max(0, Math.floor(requested));
  if (totalBytes < PARALLEL_MIN_BYTES) return 0;
  return Math.max(1, Math.min(availableParallelism(), 8, Math.ceil(totalBytes / PARALLEL_MIN_BYTES)));
}

