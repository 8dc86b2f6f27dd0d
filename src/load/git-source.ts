// A plan as it stood at a git revision. Files are listed with `git ls-tree` and read through one
// `git cat-file --batch` process, so that a district of thousands of schools costs one process,
// not one per file. Blob ids tell which files two revisions share unchanged.
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { realpath } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { fileLimit, RefusedFileError } from '../confine.js';
import { inPlanLayout, type PlanSource } from './source.js';

function tooLargeInRevision(file: string, size: number, limit: number): RefusedFileError {
  const mb = (n: number) => `${+(n / (1024 * 1024)).toFixed(1)} MB`;
  return new RefusedFileError(file, 'too-large', `${mb(size)}; the limit for plan files is ${mb(limit)}`, 'If the file is meant to be this large, raise the limit: --limit plan-file=SIZE (or PLAN_LIMITS="plan-file=SIZE").');
}

const run = promisify(execFile);

export class GitError extends Error {}

async function git(cwd: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run('git', args, { cwd, maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' });
    return stdout;
  } catch (error) {
    const e = error as { code?: string; stderr?: string; message: string };
    if (e.code === 'ENOENT') throw new GitError('git is not installed, or not on the PATH');
    throw new GitError((e.stderr ?? e.message).trim().split('\n')[0] ?? 'git failed');
  }
}

/** git's answer as text. */
export function gitText(cwd: string, args: string[]): Promise<string> {
  return git(cwd, args);
}

/** git's answer as lines, without the empty last one. */
export async function gitLines(cwd: string, args: string[]): Promise<string[]> {
  return (await git(cwd, args)).split('\n').filter(Boolean);
}

/** Where a plan directory sits in its git repository. */
export async function locateInRepository(planDir: string): Promise<{ root: string; path: string }> {
  const dir = await realpath(planDir).catch(() => resolve(planDir));
  let root: string;
  try {
    root = (await git(dir, ['rev-parse', '--show-toplevel'])).trim();
  } catch {
    throw new GitError(`${planDir} is not inside a git repository`);
  }
  const path = relative(await realpath(root), dir).split(sep).join('/');
  return { root, path };
}

/**
 * The commit a revision names. Every revision a person or a workflow gives is verified here before
 * git is asked anything else of it, and after --end-of-options: a branch name such as
 * "--output=/tmp/x" is a name to look up, never an option.
 */
export async function resolveRevision(root: string, rev: string): Promise<string> {
  try {
    return (await git(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`])).trim();
  } catch {
    throw new GitError(`unknown revision "${rev}"`);
  }
}

/** The merge base of HEAD with the default branch (origin's, else main or master). */
export async function defaultBase(root: string): Promise<string> {
  const candidates: string[] = [];
  try {
    candidates.push((await git(root, ['symbolic-ref', '--quiet', 'refs/remotes/origin/HEAD'])).trim());
  } catch {
    // no remote default branch
  }
  candidates.push('origin/main', 'origin/master', 'main', 'master');
  for (const branch of candidates) {
    try {
      const commit = await resolveRevision(root, branch);
      return (await git(root, ['merge-base', '--end-of-options', 'HEAD', commit])).trim();
    } catch {
      continue;
    }
  }
  throw new GitError('no default branch (main, master or origin/HEAD) to compare with');
}

export class GitRevisionSource implements PlanSource {
  private batch: ChildProcessWithoutNullStreams | null = null;
  private queue: Array<{ resolve: (bytes: Uint8Array) => void; reject: (error: Error) => void; file: string }> = [];
  private buffer: Buffer = Buffer.alloc(0);
  /** Bytes of an answer still to come that are not kept (a blob over the limit). */
  private skipping = 0;
  private tree: Map<string, string> | null = null;
  /** Files of the plan that are symbolic links in the tree: read where they lead, inside the repository. */
  private links = new Set<string>();

  private constructor(
    readonly label: string,
    readonly root: string,
    /** The plan directory's path inside the repository ('' at the root). */
    readonly planPath: string,
    readonly commit: string,
  ) {}

  static async open(planDir: string, rev: string): Promise<GitRevisionSource> {
    const { root, path } = await locateInRepository(planDir);
    const commit = await resolveRevision(root, rev);
    return new GitRevisionSource(`${rev}:${path || '.'}`, root, path, commit);
  }

  /** File (relative to the plan directory) -> blob id, for the plan layout's files. */
  async blobs(): Promise<Map<string, string>> {
    if (this.tree) return this.tree;
    const prefix = this.planPath ? `${this.planPath}/` : '';
    const out = await git(this.root, ['ls-tree', '-r', '-z', this.commit, '--', prefix || '.']);
    const tree = new Map<string, string>();
    for (const entry of out.split('\0')) {
      if (!entry) continue;
      const tab = entry.indexOf('\t');
      const [mode, type, sha] = entry.slice(0, tab).split(' ');
      const file = entry.slice(tab + 1).slice(prefix.length);
      if (type !== 'blob' || !inPlanLayout(file)) continue;
      tree.set(file, sha!);
      if (mode === '120000') this.links.add(file);
    }
    this.tree = tree;
    return tree;
  }

  async list(): Promise<string[]> {
    return [...(await this.blobs()).keys()].sort();
  }

  /** Links are left out: the same link may lead to other bytes in another revision. */
  async blobIds(): Promise<Map<string, string>> {
    const tree = await this.blobs();
    return this.links.size ? new Map([...tree].filter(([file]) => !this.links.has(file))) : tree;
  }

  async read(file: string): Promise<Uint8Array> {
    const sha = (await this.blobs()).get(file);
    if (!sha) throw Object.assign(new Error(`${file} is not in ${this.label}`), { code: 'ENOENT' });
    // A link is read where it leads, by path, with git following it inside the repository only.
    return this.readObject(this.links.has(file) ? `${this.commit}:${this.planPath ? `${this.planPath}/` : ''}${file}` : sha, file);
  }

  private readObject(name: string, file: string): Promise<Uint8Array> {
    if (!this.batch) this.startBatch();
    return new Promise((resolve, reject) => {
      this.queue.push({ resolve, reject, file });
      this.batch!.stdin.write(`${name}\n`);
    });
  }

  private startBatch(): void {
    const child = spawn('git', ['cat-file', '--batch', '--follow-symlinks'], { cwd: this.root });
    this.batch = child;
    child.stdout.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
      this.drain();
    });
    const fail = (error: Error) => {
      for (const pending of this.queue.splice(0)) pending.reject(error);
    };
    child.on('error', fail);
    child.on('exit', () => fail(new GitError('git cat-file stopped')));
  }

  // Each answer is "<sha> blob <size>\n<content>\n"; for a link that git would not follow,
  // "symlink|dangling|loop|notdir <size>\n<where it leads>\n" (see git cat-file --follow-symlinks).
  private drain(): void {
    for (;;) {
      if (this.skipping) {
        const dropped = Math.min(this.skipping, this.buffer.length);
        this.buffer = this.buffer.subarray(dropped);
        this.skipping -= dropped;
        if (this.skipping) return;
      }
      const newline = this.buffer.indexOf(10);
      if (newline === -1) return;
      const header = this.buffer.subarray(0, newline).toString('utf8');
      const fields = header.split(' ');
      if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
        this.buffer = this.buffer.subarray(newline + 1);
        this.queue.shift()?.reject(new GitError(`git object ${fields[0]} is missing`));
        continue;
      }
      const unfollowed = fields.length === 2 && ['symlink', 'dangling', 'loop', 'notdir'].includes(fields[0]!);
      const size = Number(unfollowed ? fields[1] : fields[2]);
      if (Number.isNaN(size)) {
        this.buffer = this.buffer.subarray(newline + 1);
        this.queue.shift()?.reject(new GitError(`git cat-file answered "${header}"`));
        continue;
      }
      const limit = fileLimit('plan-file');
      if (!unfollowed && (size > limit || fields[1] !== 'blob')) {
        const pending = this.queue.shift();
        if (pending) pending.reject(fields[1] !== 'blob' ? new RefusedFileError(pending.file, 'not-regular', `a ${fields[1]}`, 'Replace it with an ordinary file, or remove it.') : tooLargeInRevision(pending.file, size, limit));
        this.buffer = this.buffer.subarray(newline + 1);
        this.skipping = size + 1;
        continue;
      }
      if (this.buffer.length < newline + 1 + size + 1) return;
      if (unfollowed) {
        const leads = this.buffer.subarray(newline + 1, newline + 1 + size).toString('utf8');
        this.buffer = this.buffer.subarray(newline + 1 + size + 1);
        const pending = this.queue.shift();
        if (!pending) continue;
        pending.reject(
          fields[0] === 'symlink'
            ? new RefusedFileError(pending.file, 'outside', leads, 'Keep the file inside the repository (copy it in rather than linking to it), or remove the link.')
            : fields[0] === 'dangling'
              ? Object.assign(new Error(`${pending.file} is a link to ${leads}, which is not in ${this.label}`), { code: 'ENOENT' })
              : new RefusedFileError(pending.file, 'not-regular', fields[0] === 'loop' ? 'a loop of symbolic links' : 'a link through something that is not a folder', 'Replace the link with the file itself.'),
        );
        continue;
      }
      const content = Uint8Array.prototype.slice.call(this.buffer, newline + 1, newline + 1 + size);
      this.buffer = this.buffer.subarray(newline + 1 + size + 1);
      this.queue.shift()?.resolve(content);
    }
  }

  close(): void {
    this.batch?.stdin.end();
    this.batch = null;
  }
}

/** The commit a plan directory stands at (or `rev`), its date, and whether its files have uncommitted changes; null outside git. */
export async function revisionOf(planDir: string, rev?: string): Promise<{ commit: string; date: string; dirty: boolean } | null> {
  try {
    const { root, path } = await locateInRepository(planDir);
    const verified = await resolveRevision(root, rev ?? 'HEAD');
    const [commit, date] = (await git(root, ['log', '-1', '--format=%h %cs', '--end-of-options', verified])).trim().split(' ');
    if (!commit || !date) return null;
    const dirty = rev === undefined && (await git(root, ['status', '--porcelain', '--', path || '.'])).trim() !== '';
    return { commit, date, dirty };
  } catch {
    return null;
  }
}
