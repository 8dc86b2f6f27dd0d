// One rule for every file plan reads on behalf of a plan: it must resolve (symbolic links
// followed) inside the plan's repository, be a regular file, and be no larger than its kind's limit.
// A pull request can add a symbolic link to /proc/self/environ, a device such as /dev/zero, or a
// file of gigabytes; each is refused here, before a byte of it is read, and nothing of it reaches
// a report, an annotation or a form. Every reader (the loader, its threads, the git source, logos,
// templates, locales, forms) reads through this module, so a new reader cannot forget the rule.
import { closeSync, constants, existsSync, fstatSync, openSync, readSync, realpathSync, type Stats } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

/** The kinds of file plan reads, each with its own size limit. */
export type FileLimitKind = 'plan-file' | 'logo' | 'template' | 'locale' | 'form' | 'profile';

const MiB = 1024 * 1024;

/**
 * Generous for real plans (the largest district plan.yaml seen is under 1 MB; a school's file is a
 * few KB; a filled form a few hundred KB), small enough that no single file can exhaust memory.
 */
export const DEFAULT_FILE_LIMITS: Readonly<Record<FileLimitKind, number>> = {
  'plan-file': 8 * MiB,
  logo: 2 * MiB,
  template: 2 * MiB,
  locale: 2 * MiB,
  form: 16 * MiB,
  profile: 1 * MiB,
};

export const FILE_LIMIT_KINDS = Object.keys(DEFAULT_FILE_LIMITS) as FileLimitKind[];

/**
 * The limits in force: the defaults, with any that PLAN_LIMITS sets ("plan-file=20MB,form=64MB").
 * Worker threads read the same variable, which setFileLimits keeps in step, so that a thread reads
 * under the limits its command was given.
 */
let limits: Record<FileLimitKind, number> = { ...DEFAULT_FILE_LIMITS, ...parseLimits(process.env.PLAN_LIMITS ?? '').limits };

/** Raises (or lowers) limits for this process: for the rare plan larger than the defaults allow. */
export function setFileLimits(changes: Partial<Record<FileLimitKind, number>>): void {
  limits = { ...limits, ...changes };
  process.env.PLAN_LIMITS = FILE_LIMIT_KINDS.map((kind) => `${kind}=${limits[kind]}`).join(',');
}

/** Limits as written on the command line or in PLAN_LIMITS: "kind=size" separated by commas. */
export function parseLimits(text: string): { limits: Partial<Record<FileLimitKind, number>>; errors: string[] } {
  const out: Partial<Record<FileLimitKind, number>> = {};
  const errors: string[] = [];
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [kind, size] = part.split('=', 2).map((p) => p.trim());
    const bytes = parseSize(size ?? '');
    if (!FILE_LIMIT_KINDS.includes(kind as FileLimitKind)) errors.push(`"${kind}" is not a kind of file with a limit (${FILE_LIMIT_KINDS.join(', ')})`);
    else if (!(bytes > 0)) errors.push(`"${size ?? ''}" is not a size (write it as 20MB, 512KB or a number of bytes)`);
    else out[kind as FileLimitKind] = bytes;
  }
  return { limits: out, errors };
}

export function fileLimit(kind: FileLimitKind): number {
  return limits[kind];
}

/** "8 MB", "512 KB": a limit as a person reads it. */
export function formatSize(bytes: number): string {
  if (bytes >= MiB) return `${+(bytes / MiB).toFixed(1)} MB`;
  if (bytes >= 1024) return `${+(bytes / 1024).toFixed(1)} KB`;
  return `${bytes} bytes`;
}

/** "20MB", "512k", "1048576": a size as a person writes it, in bytes; NaN when it is not one. */
export function parseSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib)?\s*$/i.exec(text);
  if (!m) return Number.NaN;
  const unit = (m[2] ?? 'b').toLowerCase()[0]!;
  const factor = unit === 'k' ? 1024 : unit === 'm' ? MiB : unit === 'g' ? 1024 * MiB : 1;
  return Math.round(Number(m[1]) * factor);
}

export type RefusalReason = 'outside' | 'not-regular' | 'too-large';

/** A file that plan will not read, and why, in words a person can act on. */
export class RefusedFileError extends Error {
  readonly code = 'PLAN_FILE_REFUSED';
  constructor(
    /** The path as the plan or the command named it. */
    readonly path: string,
    readonly reason: RefusalReason,
    /** What the file is or where it leads: "/etc/passwd", "a device", "12.5 MB". */
    readonly detail: string,
    readonly hint: string,
  ) {
    super(RefusedFileError.say(path, reason, detail, path));
  }

  /** The refusal said of `subject`, the setting or file that named the path ("district.logo"). */
  said(subject: string = this.path): string {
    return RefusedFileError.say(this.path, this.reason, this.detail, subject);
  }

  private static say(path: string, reason: RefusalReason, detail: string, subject: string): string {
    const named = subject === path ? path : `${subject} (${path})`;
    if (reason === 'outside') return `${subject} points outside the repository: ${path} -> ${detail}`;
    if (reason === 'not-regular') return `${named} is not a regular file: it is ${detail}`;
    return `${named} is too large: ${detail}`;
  }
}

/** A setting of plan.yaml (district.logo) names a file plan will not read. */
export class RefusedSettingError extends Error {
  constructor(
    readonly setting: string,
    readonly refusal: RefusedFileError,
    /** Where the setting is written in plan.yaml (1-based), when known. */
    readonly at?: { line: number; column: number },
  ) {
    super(`plan.yaml${at ? `:${at.line}:${at.column}` : ''}: ${refusal.said(setting)}`);
  }

  /** The same refusal, placed at the setting's line and column. */
  placedAt(at: { line: number; column: number }): RefusedSettingError {
    return new RefusedSettingError(this.setting, this.refusal, at);
  }
}

/**
 * The folder a plan's files must stay inside: the git repository that holds `dir` (found by its
 * .git, without running git), else `dir` itself. The real path, symbolic links resolved.
 */
export function repositoryRoot(dir: string): string {
  const start = realOrResolved(dir);
  for (let at = start; ; at = dirname(at)) {
    if (existsSync(join(at, '.git'))) return at;
    if (dirname(at) === at) return start;
  }
}

function realOrResolved(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return resolve(path);
  }
}

/** Whether `real` (a real path) is `root` or inside it. */
export function isInside(root: string, real: string): boolean {
  if (real === root) return true;
  const rel = relative(root, real);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

/**
 * The real path of `path`, which must lie inside one of `roots` (real paths); `shown` is how the plan
 * named it, for the message. Throws RefusedFileError when it leads outside, and the file system's
 * own error (ENOENT, a link that leads nowhere) when there is nothing there.
 */
export function confinedPath(path: string, roots: readonly string[], shown: string = path): string {
  const real = realpathSync.native(path);
  if (!roots.some((root) => isInside(root, real))) {
    throw new RefusedFileError(shown, 'outside', real, 'Keep the file inside the repository (copy it in rather than linking to it), or remove the link.');
  }
  return real;
}

const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
/** For a file a person named on the command line: a link to it is followed. */
const OPEN_FOLLOWING = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

function whatItIs(stats: Pick<Stats, 'isDirectory' | 'isCharacterDevice' | 'isBlockDevice' | 'isFIFO' | 'isSocket'>): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isSocket()) return 'a socket';
  return 'not a file';
}

export interface ReadRegular {
  bytes: Uint8Array;
  /** What the file was when read: to tell later whether it changed since. */
  stamp: FileStamp;
}

/** A file's identity and version: the same file, unchanged, has the same stamp. */
export interface FileStamp {
  ino: number;
  size: number;
  mtimeNs: string;
  /** Its permission bits, for a file that replaces it to keep. */
  mode: number;
}

/**
 * Reads a regular file of at most its kind's limit. It is opened without following a final symbolic
 * link (unless `follow`: a file a person named) and without waiting (a named pipe would block for
 * ever), then checked for what it is before anything is read, and never read past the limit:
 * /dev/zero or a growing file cannot exhaust memory.
 */
export function readRegularFile(path: string, kind: FileLimitKind, shown: string = path, { follow = false }: { follow?: boolean } = {}): ReadRegular {
  const limit = fileLimit(kind);
  let fd: number;
  try {
    fd = openSync(path, follow ? OPEN_FOLLOWING : OPEN_FLAGS);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') {
      throw new RefusedFileError(shown, 'not-regular', 'a symbolic link', 'plan reads links only where they lead inside the repository; replace the link with the file itself.');
    }
    throw error;
  }
  try {
    const stats = fstatSync(fd, { bigint: true });
    // A folder where a file was expected says so as it always has (FILE_UNREADABLE: rename the folder).
    if (stats.isDirectory()) throw Object.assign(new Error(`EISDIR: ${shown} is a folder`), { code: 'EISDIR', path: shown });
    if (!stats.isFile()) throw new RefusedFileError(shown, 'not-regular', whatItIs(stats), 'Replace it with an ordinary file, or remove it.');
    const size = Number(stats.size);
    if (size > limit) throw tooLarge(shown, kind, size, limit, true);
    // A file may say it is empty and hold more (procfs), or grow while read: never past the limit.
    let buffer = Buffer.allocUnsafe(Math.max(size, 1));
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > limit) throw tooLarge(shown, kind, length, limit);
        const grown = Buffer.allocUnsafe(Math.min(limit + 1, Math.max(buffer.length * 2, 64 * 1024)));
        buffer.copy(grown, 0, 0, length);
        buffer = grown;
      }
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
      if (length > limit) throw tooLarge(shown, kind, length, limit);
    }
    const stamp = { ino: Number(stats.ino), size: Number(stats.size), mtimeNs: String(stats.mtimeNs), mode: Number(stats.mode) & 0o7777 };
    return { bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, length), stamp };
  } finally {
    closeSync(fd);
  }
}

const KIND_NAMES: Record<FileLimitKind, string> = { 'plan-file': 'plan files', logo: 'logos', template: 'templates', locale: 'locale files', form: 'update forms', profile: 'compliance profiles' };

/** `exact`: the size is the file's own (else it is how far the read got before it stopped). */
function tooLarge(shown: string, kind: FileLimitKind, size: number, limit: number, exact = false): RefusedFileError {
  return new RefusedFileError(
    shown,
    'too-large',
    `${exact ? formatSize(size) : `over ${formatSize(limit)}`}; the limit for ${KIND_NAMES[kind]} is ${formatSize(limit)}`,
    `If the file is meant to be this large, raise the limit: --limit ${kind}=SIZE (or PLAN_LIMITS="${kind}=SIZE").`,
  );
}

/** Reads `path` under the rule: inside one of `roots`, a regular file, within its kind's limit. */
export function readConfined(path: string, kind: FileLimitKind, roots: readonly string[], shown: string = path): ReadRegular {
  return readRegularFile(confinedPath(path, roots, shown), kind, shown);
}
