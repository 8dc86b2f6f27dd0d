// A worker thread that checks plan files. It receives the plan context once, then batches of files
// (bytes, or paths it reads itself), and returns results without the parsed data unless asked.
import { parentPort, workerData } from 'node:worker_threads';
import type { PlanContext } from '../rules/context.js';
import type { FileResult } from '../plan/files.js';
import { checkFile, type CheckOptions, type FileTask } from './check-file.js';

export type WorkerTask = FileTask;

export interface WorkerInit {
  context: PlanContext;
  options: CheckOptions;
}

const { context, options } = workerData as WorkerInit;

parentPort!.on('message', (batch: { id: number; tasks: WorkerTask[] }) => {
  // A task without bytes is read here, from its path (see readPlanFile).
  const results: FileResult[] = batch.tasks.map((task) => checkFile(task, context, options));
  parentPort!.postMessage({ id: batch.id, results });
});
