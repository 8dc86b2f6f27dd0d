// The worker side of streamToWorkers and WorkerPool: imports the module once, then calls its function on each batch.
import { parentPort, workerData } from 'node:worker_threads';

const { module, fn, shared } = workerData as { module: string; fn: string; shared?: unknown };
const loaded = (await import(module)) as Record<string, (item: unknown, shared: unknown) => unknown>;
const run = loaded[fn];
if (typeof run !== 'function') throw new Error(`${module} exports no function ${fn}`);

parentPort!.on('message', (batch: { start: number; items: unknown[] }) => {
  void (async () => {
    try {
      const results = [];
      for (const item of batch.items) results.push(await run(item, shared));
      // Byte arrays, as results or as a result's fields, are handed over rather than copied.
      const whole = (v: unknown): v is Uint8Array => v instanceof Uint8Array && v.byteOffset === 0 && v.byteLength === v.buffer.byteLength;
      const arrays = results.flatMap((r) => (whole(r) ? [r] : r && typeof r === 'object' ? Object.values(r).filter(whole) : []));
      const transfer = [...new Set(arrays.map((bytes) => bytes.buffer as ArrayBuffer))];
      parentPort!.postMessage({ start: batch.start, results }, transfer);
    } catch (error) {
      parentPort!.postMessage({ start: batch.start, error: (error as Error)?.stack ?? String(error) });
    }
  })();
});
