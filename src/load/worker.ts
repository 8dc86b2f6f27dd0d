// A worker thread that checks plan files. It receives the plan context once (it may start before the
// context is known: see CheckPool), then batches of files (bytes, or paths it reads itself), and
// returns results without the parsed data unless asked.
import { parentPort } from 'node:worker_threads';
import type { PlanContext } from '../rules/context.js';
import type { FileResult } from '../plan/files.js';
import { checkFile, type CheckOptions, type FileTask } from './check-file.js';

export type WorkerTask = FileTask;

export interface WorkerInit {
  context: PlanContext;
  options: CheckOptions;
}

let init: WorkerInit | undefined;

parentPort!.on('message', (message: { init: WorkerInit } | { id: number; tasks: WorkerTask[] }) => {
  if ('init' in message) {
    init = message.init;
    return;
  }
  // A task without bytes is read here, from its path (see readPlanFile).
  const results: FileResult[] = message.tasks.map((task) => checkFile(task, init!.context, init!.options));
  parentPort!.postMessage({ id: message.id, results });
});
