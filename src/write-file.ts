// Every file the toolkit writes goes to a temporary name in the same folder and is renamed into
// place, so that an interrupted or failed run never leaves a half-written file. Writes in flight
// are tracked, so that a command stopped by a signal can remove its temporary files before it exits.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const inFlight = new Set<Promise<unknown>>();

/** A hidden name beside the file, unique to this process and write. */
function temporaryPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}
let abandoned = false;

export class WritesAbandonedError extends Error {
  constructor() {
    super('the command was interrupted; nothing more is written');
  }
}

export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  if (abandoned) throw new WritesAbandonedError();
  const write = (async () => {
    await mkdir(dirname(path), { recursive: true });
    const temporary = temporaryPath(path);
    try {
      await writeFile(temporary, content);
      if (abandoned) throw new WritesAbandonedError();
      await rename(temporary, path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  })();
  inFlight.add(write);
  try {
    await write;
  } finally {
    inFlight.delete(write);
  }
}

/**
 * Stops all writing: writes in flight finish by removing their temporary files instead of renaming
 * them, staged files are removed, and later writes are refused. For a command that was interrupted.
 */
export async function abandonWrites(): Promise<void> {
  abandoned = true;
  await Promise.allSettled([...inFlight, ...[...openStages].map((stage) => stage.discard())]);
}

const openStages = new Set<StagedWrites>();

/**
 * Several files, all or none, each written to its temporary name as soon as it is ready, while the
 * rest are still being made; commit() renames them into place once all are there, discard()
 * removes them. Until commit, every file stays as it was.
 */
export class StagedWrites {
  private readonly staged: Array<{ temporary: string; path: string }> = [];
  private readonly writes: Array<Promise<void>> = [];
  /** Thousands of files go into a few folders: each is made once. */
  private readonly folders = new Map<string, Promise<unknown>>();
  constructor() {
    openStages.add(this);
  }

  stage(path: string, content: string | Uint8Array): void {
    if (abandoned) throw new WritesAbandonedError();
    const temporary = temporaryPath(path);
    this.staged.push({ temporary, path });
    const dir = dirname(path);
    let folder = this.folders.get(dir);
    if (!folder) this.folders.set(dir, (folder = mkdir(dir, { recursive: true })));
    const write = folder.then(() => writeFile(temporary, content));
    write.catch(() => undefined);
    this.writes.push(write);
  }

  /** Renames every staged file into place; if any failed to be written, removes them all and throws. */
  async commit(): Promise<void> {
    const done = (async () => {
      const results = await Promise.allSettled(this.writes);
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed || abandoned) {
        await this.discard();
        throw failed ? failed.reason : new WritesAbandonedError();
      }
      openStages.delete(this);
      // Several at a time: each rename waits on the disk, not on this thread.
      for (let i = 0; i < this.staged.length; i += 16) await Promise.all(this.staged.slice(i, i + 16).map((s) => rename(s.temporary, s.path)));
    })();
    inFlight.add(done);
    try {
      await done;
    } finally {
      inFlight.delete(done);
    }
  }

  /** Removes every staged file; the files they were for stay as they were. */
  async discard(): Promise<void> {
    openStages.delete(this);
    await Promise.allSettled(this.writes);
    // Each removed whatever becomes of the others (a temporary file that never was is no failure).
    await Promise.allSettled(this.staged.map((s) => rm(s.temporary, { force: true })));
  }
}

/**
 * Several files, all or none: every file is written to its temporary name first, and only when all
 * of them are there are they renamed into place. A failure before the renames leaves every file as
 * it was.
 */
export async function writeAll(files: ReadonlyArray<{ path: string; content: string | Uint8Array }>): Promise<void> {
  const staged = new StagedWrites();
  try {
    for (const file of files) staged.stage(file.path, file.content);
  } catch (error) {
    await staged.discard();
    throw error;
  }
  await staged.commit();
}
