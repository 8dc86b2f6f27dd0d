// A worker thread that checks plan files. It receives the plan context once, then batches of files
// (bytes, or paths it reads itself), and returns results without the parsed data unless asked.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import type { PlanContext } from '../rules/context.js';
import type { FileKind } from '../schema/definitions.js';
import type { FileResult } from '../plan/files.js';
import { checkFile, type CheckOptions } from './check-file.js';
import { unreadableFile } from './unreadable.js';

export interface WorkerTask {
  file: string;
  kind: FileKind;
  bytes?: Uint8Array;
  path?: string;
}

export interface WorkerInit {
  context: PlanContext;
  options: CheckOptions;
}

const { context, options } = workerData as WorkerInit;

parentPort!.on('message', (batch: { id: number; tasks: WorkerTask[] }) => {
  const results: FileResult[] = batch.tasks.map((task) => {
    let bytes = task.bytes;
    if (!bytes) {
      try {
        bytes = readFileSync(task.path!);
      } catch (error) {
        return unreadableFile(task.file, task.kind, error);
      }
    }
    return checkFile({ file: task.file, kind: task.kind, bytes }, context, options);
  });
  parentPort!.postMessage({ id: batch.id, results });
});
