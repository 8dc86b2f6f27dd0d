// Every file the toolkit writes goes to a temporary name in its folder (or a hidden folder in it) and is renamed into
// place, so that an interrupted or failed run never leaves a half-written file. Writes in flight
// are tracked, so that a command stopped by a signal can remove its temporary files before it exits.
import { randomBytes } from 'node:crypto';
import { closeSync, copyFileSync, fchmodSync, linkSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { chmod, copyFile, link, lstat, mkdir, mkdtemp, open, readdir, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { confinedPath, repositoryRoot, type FileStamp } from './confine.js';
import { isRunning } from './process-alive.js';

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

/** A file could not be written, or put in place; every file the command writes stays as it was. */
export class WriteFailedError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
    /** Where the files as they were are kept, when some could not be put back (rarely: none). */
    readonly keptIn: readonly string[] = [],
  ) {
    super(`could not write ${path}: ${reason}`);
  }
}

/** A file plan meant to replace was changed by someone else since plan read it: nothing is written. */
export class FileChangedError extends Error {
  constructor(readonly path: string) {
    super(`${path} changed while plan was working (another program, or another plan apply, wrote it)`);
  }
}

/** What the file system's refusals mean to a person. */
const REASONS: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'the operation is not permitted (the file may be immutable or held open)',
  EBUSY: 'the file is in use by another program',
  EMFILE: 'too many files are open',
  ENAMETOOLONG: 'the name is too long for the file system',
  EISDIR: 'a folder is in the way',
  ENOTDIR: 'a file is in the way of a folder',
};

function reasonOf(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e?.code && REASONS[e.code]) return `${REASONS[e.code]} (${e.code})`;
  return e?.code ? `${e.code}${e.syscall ? ` (${e.syscall})` : ''}` : String((error as Error)?.message ?? error);
}

/** Whether the file at `path` is still the one `stamp` describes (the same inode, size and time of change). */
async function unchanged(path: string, stamp: FileStamp): Promise<boolean> {
  try {
    const now = await stat(path, { bigint: true });
    return Number(now.ino) === stamp.ino && Number(now.size) === stamp.size && String(now.mtimeNs) === stamp.mtimeNs;
  } catch {
    return false;
  }
}

/** Puts a written file's bytes on the disk, so that the rename after it never leaves an empty file after a crash. */
async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** The folders' entries made durable too (a rename is an entry of its folder); a file system that cannot sync a folder is let be. */
async function syncFolders(paths: readonly string[]): Promise<void> {
  await Promise.allSettled([...new Set(paths.map((p) => dirname(p)))].map(syncFile));
}

/**
 * Renames each temporary file over its target, all or none. Each target there now first gets a
 * second name beside its temporary file (a hard link, so nothing is copied); if any rename fails,
 * the files already moved are put back from it, or removed if they are new, before the error is
 * thrown. A rename can fail where the write did not: a file held open on Windows, an immutable file.
 */
async function moveAllOrNone(entries: ReadonlyArray<{ temporary: string; path: string; kept?: boolean; stamp?: FileStamp }>): Promise<void> {
  const oldName = (e: { temporary: string }) => oldNameOf(e.temporary);
  try {
    await Promise.all(entries.map((e) => syncFile(e.temporary)));
  } catch (error) {
    throw asWriteFailed(error);
  }
  // Last of all before the renames: each file replaced must be the one read. Another plan apply, an
  // editor or a git checkout that wrote it meanwhile would otherwise lose its change to this one.
  const changed = await Promise.all(entries.map((e) => (e.stamp ? unchanged(e.path, e.stamp) : true)));
  const first = changed.indexOf(false);
  if (first !== -1) throw new FileChangedError(entries[first]!.path);
  let kept: boolean[];
  try {
    kept = await Promise.all(entries.map((e) => e.kept ?? keepAsWas(e.path, oldName(e))));
  } catch (error) {
    throw new WriteFailedError((error as { path?: string }).path ?? entries[0]!.path, reasonOf(error));
  }
  // All asked for at once: each waits on the file system, not on this thread, which goes on meanwhile.
  const moved = await Promise.allSettled(entries.map((e) => rename(e.temporary, e.path)));
  const failed = moved.findIndex((m) => m.status === 'rejected');
  if (failed === -1) {
    // The files as they were are not needed now: removed by name, with no listing of the folder.
    await Promise.allSettled([...entries.map((e, i) => (kept[i] ? unlink(oldName(e)) : undefined)), syncFolders(entries.map((e) => e.path))]);
    return;
  }
  const putBack = await Promise.allSettled(entries.map((e, i) => (moved[i]!.status === 'rejected' ? undefined : kept[i] ? rename(oldName(e), e.path) : rm(e.path, { force: true }))));
  const stuck = entries.filter((_, i) => putBack[i]!.status === 'rejected').map((e) => e.path);
  throw new WriteFailedError(entries[failed]!.path, reasonOf((moved[failed] as PromiseRejectedResult).reason), stuck.length ? [...new Set(entries.map((e) => dirname(e.temporary)))] : []);
}

/** A write's failure in the plan's terms: which file, and why. */
function asWriteFailed(error: unknown): Error {
  if (error instanceof WriteFailedError || error instanceof WritesAbandonedError) return error;
  const path = (error as NodeJS.ErrnoException)?.path;
  return path ? new WriteFailedError(path, reasonOf(error)) : (error as Error);
}

/** Where the file a temporary file replaces keeps a second name until the commit is done. */
function oldNameOf(temporary: string): string {
  return `${temporary}.was`;
}

/** Gives the file at `path` a second name, `as`; false when there is no such file (it is new). */
async function keepAsWas(path: string, as: string): Promise<boolean> {
  try {
    await link(path, as);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    // A file system without hard links (FAT, some network shares): a copy.
    await copyFile(path, as);
    return true;
  }
}

/**
 * Where a write to `path` goes: the path itself, or, when it is a symbolic link, the file it leads
 * to, which must lie inside the repository that holds the link (confine.ts); a link elsewhere is
 * refused rather than replaced or written through.
 */
export async function writeTarget(path: string): Promise<string> {
  const info = await lstat(path).catch(() => null);
  if (!info?.isSymbolicLink()) return path;
  return confinedPath(path, [repositoryRoot(dirname(path))]);
}

/** The mode of the file a new one replaces, for the new one to keep (a 0640 file stays 0640). */
async function keepMode(temporary: string, path: string): Promise<void> {
  const info = await stat(path).catch(() => null);
  if (info?.isFile()) await chmod(temporary, info.mode & 0o7777);
}

export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  if (abandoned) throw new WritesAbandonedError();
  const write = (async () => {
    await mkdir(dirname(path), { recursive: true });
    const target = await writeTarget(path);
    const temporary = temporaryPath(target);
    try {
      await writeFile(temporary, content);
      await keepMode(temporary, target);
      await syncFile(temporary);
      if (abandoned) throw new WritesAbandonedError();
      await rename(temporary, target);
    } catch (error) {
      await rm(temporary, { force: true });
      throw asWriteFailed(error);
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
export async function abandonWrites(): Promise<{ committed: boolean }> {
  abandoned = true;
  await Promise.allSettled([...inFlight, ...[...openStages].map((stage) => stage.discard())]);
  return { committed: committedOnce };
}

/** Whether a set of staged files was put in place by this process: an interrupt after it undoes nothing. */
let committedOnce = false;

/**
 * Writes a file reserved in a FileStaging at once, on the thread that made it (a worker thread); the
 * error's message, if it could not be written, for the thread that settles it.
 */
export function writeReserved(temporary: string, content: Uint8Array, mode?: number): string | undefined {
  try {
    if (mode === undefined) writeFileSync(temporary, content);
    else {
      // The new file keeps the mode of the one it replaces (read with it): set on the open file, whatever the umask.
      const fd = openSync(temporary, 'w');
      try {
        for (let at = 0; at < content.byteLength; ) at += writeSync(fd, content, at);
        fchmodSync(fd, mode);
      } finally {
        closeSync(fd);
      }
    }
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Gives the file a reserved name replaces (`path`) its second name at once, on the thread that
 * wrote the new text, so that the commit has only the renames left to do (see moveAllOrNone). The
 * outcome is for settle(): whether the file was there to keep, or null when it could not be kept
 * here (the commit then tries again, and says why if it cannot).
 */
export function keepReplaced(path: string, temporary: string): boolean | null {
  try {
    linkSync(path, oldNameOf(temporary));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    try {
      copyFileSync(path, oldNameOf(temporary));
      return true;
    } catch {
      return null;
    }
  }
}

const openStages = new Set<StagedWrites>();

/**
 * Files written to temporary names by another thread, renamed into place by this one: prepare()
 * the folders, reserve() a temporary name for each file (at once, with no waiting), and settle()
 * it once the other thread has written it or failed to.
 */
export interface FileStaging {
  prepare(paths: Iterable<string>): Promise<void>;
  reserve(path: string): string;
  /**
   * `kept`: what keepReplaced said, when the thread that wrote the file asked it; `stamp`: the file
   * it replaces as it was read, which it must still be when the files move into place.
   */
  settle(temporary: string, error?: Error, kept?: boolean | null, stamp?: FileStamp): void;
  /** A reserved name that is not written after all: the file stays as it is. */
  release(temporary: string): void;
}

/**
 * Several files, all or none, each written to its temporary name as soon as it is ready, while the
 * rest are still being made; commit() renames them into place once all are there, discard()
 * removes them. Until commit, every file stays as it was.
 *
 * The temporary files go into one hidden folder made inside each target folder (same file system, so
 * the rename stays atomic): creating a file in a folder of thousands of files costs the file system
 * ten times what it costs in a small one, and apply and collect write thousands into one folder.
 */
export class StagedWrites implements FileStaging {
  /** By target path: a file staged again replaces what was staged for it before. */
  private readonly staged = new Map<string, { temporary: string; path: string; kept?: boolean; stamp?: FileStamp }>();
  private count = 0;
  /** Writes of this thread's, and files another thread writes (settled when it says so). */
  private readonly writes: Array<Promise<void>> = [];
  private readonly reserved = new Map<string, { settled: Promise<void>; settle: (error?: Error) => void }>();
  private readonly reservedFor = new Map<string, string>();
  /** Each target folder's staging folder, made once; those made, for reserve(). */
  private readonly folders = new Map<string, Promise<string>>();
  private readonly ready = new Map<string, string>();
  private made: string[] = [];
  private committing: Promise<void> | undefined;
  constructor() {
    openStages.add(this);
  }

  stage(path: string, content: string | Uint8Array): void {
    if (abandoned) throw new WritesAbandonedError();
    const entry = this.entry(path);
    const write = this.folderFor(dirname(path)).then((made) => writeFile((entry.temporary = join(made, entry.temporary)), content));
    write.catch(() => undefined);
    this.writes.push(write);
  }

  async prepare(paths: Iterable<string>): Promise<void> {
    await Promise.all([...new Set([...paths].map((path) => dirname(path)))].map((dir) => this.folderFor(dir)));
  }

  reserve(path: string): string {
    if (abandoned) throw new WritesAbandonedError();
    const made = this.ready.get(dirname(path));
    if (made === undefined) throw new Error(`no staging folder for ${path}: prepare() it first`);
    const entry = this.entry(path);
    entry.temporary = join(made, entry.temporary);
    let settle: (error?: Error) => void = () => undefined;
    const settled = new Promise<void>((resolve, reject) => (settle = (error) => (error ? reject(error) : resolve())));
    settled.catch(() => undefined);
    this.reserved.set(entry.temporary, { settled, settle });
    this.reservedFor.set(entry.temporary, path);
    return entry.temporary;
  }

  settle(temporary: string, error?: Error, kept?: boolean | null, stamp?: FileStamp): void {
    const entry = this.staged.get(this.reservedFor.get(temporary)!);
    if (entry?.temporary === temporary) {
      if (typeof kept === 'boolean') entry.kept = kept;
      if (stamp) entry.stamp = stamp;
    }
    this.reserved.get(temporary)?.settle(error);
  }

  release(temporary: string): void {
    const path = this.reservedFor.get(temporary);
    if (path !== undefined && this.staged.get(path)?.temporary === temporary) this.staged.delete(path);
    this.reserved.get(temporary)?.settle();
    this.reserved.delete(temporary);
  }

  /**
   * Renames every staged file into place; if any failed to be written, removes them all and throws.
   * Called again, the same commit: a caller may start it early, and work on while the files move.
   */
  commit(): Promise<void> {
    this.committing ??= this.renameAll();
    return this.committing;
  }

  private async renameAll(): Promise<void> {
    const done = (async () => {
      const results = await Promise.allSettled([...this.writes, ...[...this.reserved.values()].map((r) => r.settled)]);
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed || abandoned) {
        await this.discard();
        throw failed ? asWriteFailed(failed.reason) : new WritesAbandonedError();
      }
      openStages.delete(this);
      let keepFolders = false;
      try {
        await moveAllOrNone([...this.staged.values()]);
        committedOnce = true;
      } catch (error) {
        // The files as they were could not all be put back: their copies stay, named in the message.
        keepFolders = error instanceof WriteFailedError && error.keptIn.length > 0;
        throw error;
      } finally {
        if (!keepFolders) await this.removeFolders();
      }
    })();
    inFlight.add(done);
    try {
      await done;
    } finally {
      inFlight.delete(done);
    }
  }

  /**
   * Removes every staged file; the files they were for stay as they were. A file another thread has
   * yet to write is not waited for: the folder goes, and so its write fails.
   */
  async discard(): Promise<void> {
    openStages.delete(this);
    await Promise.allSettled(this.writes);
    await Promise.allSettled([...this.folders.values()]);
    await this.removeFolders();
  }

  /** The entry for a file, its temporary name still without its folder. */
  private entry(path: string): { temporary: string; path: string; kept?: boolean; stamp?: FileStamp } {
    // Numbered, so that the same file staged twice cannot share a temporary file.
    const entry = { temporary: `${this.count++}-${basename(path)}`, path };
    this.staged.delete(path);
    this.staged.set(path, entry);
    return entry;
  }

  private folderFor(dir: string): Promise<string> {
    let folder = this.folders.get(dir);
    if (!folder) {
      folder = mkdir(dir, { recursive: true })
        .then(() => removeStale(dir))
        .then(() => mkdtemp(join(dir, `.plan-staged-${process.pid}-`)));
      folder.then((made) => (this.made.push(made), this.ready.set(dir, made)), () => undefined);
      this.folders.set(dir, folder);
    }
    return folder;
  }

  private async removeFolders(): Promise<void> {
    const made = this.made;
    this.made = [];
    // Each removed whatever becomes of the others.
    // Retried: another thread may be adding a file as the folder goes.
    await Promise.allSettled(made.map((folder) => rm(folder, { recursive: true, force: true, maxRetries: 5, retryDelay: 20 })));
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

const STALE = /^(?:\.plan-staged-(\d+)-[^/]*|\..+\.(\d+)\.[0-9a-f]{8}\.tmp(?:\.was)?)$/;

/**
 * Removes what a run that was killed (SIGKILL, a power cut) left in `dir`: its staging folders and
 * temporary files, each named with the process that made it. Those of a process still running are
 * its own, and stay.
 */
export async function removeStale(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const stale = names.filter((name) => {
    if (name.charCodeAt(0) !== 46) return false;
    const m = STALE.exec(name);
    return m !== null && !isRunning(Number(m[1] ?? m[2]));
  });
  await Promise.allSettled(stale.map((name) => rm(join(dir, name), { recursive: true, force: true })));
  return stale;
}
