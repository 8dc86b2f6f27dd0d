// The worker side of streamToWorkers and WorkerPool: imports the module once, then calls its function on each batch.
import { parentPort, workerData } from 'node:worker_threads';

const { module, fn } = workerData as { module: string; fn: string; shared?: unknown };
let shared = (workerData as { shared?: unknown }).shared;
const loaded = (await import(module)) as Record<string, (item: unknown, shared: unknown) => unknown>;
const run = loaded[fn];
if (typeof run !== 'function') throw new Error(`${module} exports no function ${fn}`);

parentPort!.on('message', (message: { start: number; items: unknown[] } | { shared: unknown }) => {
  if ('shared' in message) {
    shared = message.shared;
    return;
  }
  const batch = message;
  void (async () => {
    try {
      const results = [];
      for (const item of batch.items) results.push(await run(item, shared));
      // Byte arrays, as results or anywhere in a result's objects (not its lists), are handed over rather than copied.
      const transfer = new Set<ArrayBuffer>();
      const collect = (value: unknown, depth: number): void => {
        if (value instanceof Uint8Array) {
          if (value.byteOffset === 0 && value.byteLength === value.buffer.byteLength) transfer.add(value.buffer as ArrayBuffer);
        } else if (value && typeof value === 'object' && !Array.isArray(value) && depth < 4) for (const field of Object.values(value)) collect(field, depth + 1);
      };
      for (const result of results) collect(result, 0);
      parentPort!.postMessage({ start: batch.start, results }, [...transfer]);
    } catch (error) {
      parentPort!.postMessage({ start: batch.start, error: (error as Error)?.stack ?? String(error) });
    }
  })();
});
