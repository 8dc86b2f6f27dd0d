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
    const dir = dirname(path);
    await mkdir(dir, { recursive: true });
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
 * them, and later writes are refused. For a command that was interrupted.
 */
export async function abandonWrites(): Promise<void> {
  abandoned = true;
  await Promise.allSettled([...inFlight]);
}

/**
 * Several files, all or none: every file is written to its temporary name first, and only when all
 * of them are there are they renamed into place. A failure before the renames leaves every file as
 * it was.
 */
export async function writeAll(files: ReadonlyArray<{ path: string; content: string | Uint8Array }>): Promise<void> {
  if (abandoned) throw new WritesAbandonedError();
  const staged: Array<{ temporary: string; path: string }> = [];
  const write = (async () => {
    try {
      // Several at a time: each write waits on the disk, not on this thread.
      for (let i = 0; i < files.length; i += 16) {
        await Promise.all(
          files.slice(i, i + 16).map(async (file) => {
            const dir = dirname(file.path);
            await mkdir(dir, { recursive: true });
            const temporary = temporaryPath(file.path);
            staged.push({ temporary, path: file.path });
            await writeFile(temporary, file.content);
          }),
        );
        if (abandoned) throw new WritesAbandonedError();
      }
    } catch (error) {
      await Promise.all(staged.map((s) => rm(s.temporary, { force: true })));
      throw error;
    }
    for (let i = 0; i < staged.length; i += 16) await Promise.all(staged.slice(i, i + 16).map((s) => rename(s.temporary, s.path)));
  })();
  inFlight.add(write);
  try {
    await write;
  } finally {
    inFlight.delete(write);
  }
}
