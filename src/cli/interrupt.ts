// Ctrl-C (SIGINT) or a stop from CI or a process manager (SIGTERM) during a long command: undo what
// is half done, then exit as a shell expects (128 + the signal's number: 130, 143).
import { abandonWrites, StagedWrites } from '../write-file.js';

const EXIT_ON: Record<'SIGINT' | 'SIGTERM', number> = { SIGINT: 130, SIGTERM: 143 };

/** Until the returned function is called, a signal runs `cleanup`, removes temporary files and exits. */
export function exitCleanlyOnSignal(cleanup: () => Promise<void>, write: (message: string) => void, undoing = 'removing temporary files and stopping the browser'): () => void {
  let stopping = false;
  const handler = (signal: 'SIGINT' | 'SIGTERM') => {
    if (stopping) return;
    stopping = true;
    write(`\nplan: interrupted (${signal}); ${undoing}\n`);
    void Promise.allSettled([abandonWrites(), cleanup()]).then(([abandoning]) => {
      // The files had already been put in place, all of them, when the signal came: the command did
      // what it was asked, and says so rather than reporting a failure.
      if (abandoning.status === 'fulfilled' && abandoning.value.committed) {
        write('plan: the files had all been written before the interrupt; they stay written\n');
        process.exit(0);
      }
      process.exit(EXIT_ON[signal]);
    });
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}

/**
 * Runs `work` with files staged as it makes them: they are renamed into place together when it says
 * to keep them, and removed when it does not, when it fails, or on a signal.
 */
export async function withStagedWrites<T>(write: (message: string) => void, work: (staging: StagedWrites) => Promise<{ keep: boolean; value: T }>): Promise<{ kept: boolean; value: T }> {
  const staging = new StagedWrites();
  const stopWatching = exitCleanlyOnSignal(async () => undefined, write, 'removing temporary files');
  try {
    const { keep, value } = await work(staging);
    if (keep) await staging.commit();
    else await staging.discard();
    return { kept: keep, value };
  } catch (error) {
    await staging.discard();
    throw error;
  } finally {
    stopWatching();
  }
}
