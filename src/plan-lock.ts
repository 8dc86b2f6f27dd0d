// One writer of a plan at a time. Two runs of plan apply on the same plan at once would each read
// the files, and the second to finish would put back what the first changed: the lock makes the
// second wait until the first has finished, then read the files as the first left them. A lock
// whose process is gone (killed, a power cut) is taken over.
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isRunning } from './process-alive.js';

export const LOCK_NAME = '.plan.lock';

/** The plan is held by another run for longer than this run would wait. */
export class PlanLockedError extends Error {
  constructor(
    readonly holder: number,
    readonly path: string,
  ) {
    super(`another run of plan (process ${holder}) is still writing this plan`);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` holding the plan's lock (a file in the plan directory, made only if it is not there).
 * `onWait` hears once that another run holds it; after `patience` milliseconds of waiting the run
 * gives up with PlanLockedError, having changed nothing.
 */
export async function withPlanLock<T>(dir: string, work: () => Promise<T>, onWait: (holder: number) => void, patience = 10 * 60 * 1000): Promise<T> {
  const path = join(dir, LOCK_NAME);
  const started = Date.now();
  let waited = false;
  for (;;) {
    try {
      await writeFile(path, `${process.pid}\n`, { flag: 'wx' });
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number.parseInt(await readFile(path, 'utf8').catch(() => ''), 10);
    // A lock just made may not hold its number yet: it is someone's unless it has been empty for a while.
    const young = await stat(path).then((s) => Date.now() - s.mtimeMs < 5000).catch(() => false);
    if (Number.isInteger(holder) ? !isRunning(holder) : !young) {
      await rm(path, { force: true });
      continue;
    }
    if (!waited && Number.isInteger(holder)) onWait(holder);
    waited = true;
    if (Date.now() - started > patience) throw new PlanLockedError(holder, path);
    await sleep(50 + Math.random() * 100);
  }
  try {
    return await work();
  } finally {
    await rm(path, { force: true });
  }
}
