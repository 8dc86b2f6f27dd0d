// A plan as it stood at a git revision. Files are listed with `git ls-tree` and read through one
// `git cat-file --batch` process, so that a district of thousands of schools costs one process,
// not one per file. Blob ids tell which files two revisions share unchanged.
import { execFile, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { realpath } from 'node:fs/promises';
import { relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { inPlanLayout, type PlanSource } from './source.js';

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

export async function resolveRevision(root: string, rev: string): Promise<string> {
  try {
    return (await git(root, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`])).trim();
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
      await resolveRevision(root, branch);
      return (await git(root, ['merge-base', 'HEAD', branch])).trim();
    } catch {
      continue;
    }
  }
  throw new GitError('no default branch (main, master or origin/HEAD) to compare with');
}

export class GitRevisionSource implements PlanSource {
  private batch: ChildProcessWithoutNullStreams | null = null;
  private queue: Array<{ resolve: (bytes: Uint8Array) => void; reject: (error: Error) => void }> = [];
  private buffer: Buffer = Buffer.alloc(0);
  private tree: Map<string, string> | null = null;

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
      const [, type, sha] = entry.slice(0, tab).split(' ');
      const file = entry.slice(tab + 1).slice(prefix.length);
      if (type === 'blob' && inPlanLayout(file)) tree.set(file, sha!);
    }
    this.tree = tree;
    return tree;
  }

  async list(): Promise<string[]> {
    return [...(await this.blobs()).keys()].sort();
  }

  blobIds(): Promise<Map<string, string>> {
    return this.blobs();
  }

  async read(file: string): Promise<Uint8Array> {
    const sha = (await this.blobs()).get(file);
    if (!sha) throw Object.assign(new Error(`${file} is not in ${this.label}`), { code: 'ENOENT' });
    return this.readBlob(sha);
  }

  private readBlob(sha: string): Promise<Uint8Array> {
    if (!this.batch) this.startBatch();
    return new Promise((resolve, reject) => {
      this.queue.push({ resolve, reject });
      this.batch!.stdin.write(`${sha}\n`);
    });
  }

  private startBatch(): void {
    const child = spawn('git', ['cat-file', '--batch'], { cwd: this.root });
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

  // Each answer is "<sha> blob <size>\n<content>\n".
  private drain(): void {
    for (;;) {
      const newline = this.buffer.indexOf(10);
      if (newline === -1) return;
      const header = this.buffer.subarray(0, newline).toString('utf8');
      const size = Number(header.split(' ')[2]);
      if (header.endsWith(' missing') || Number.isNaN(size)) {
        this.buffer = this.buffer.subarray(newline + 1);
        this.queue.shift()?.reject(new GitError(`git object ${header.split(' ')[0]} is missing`));
        continue;
      }
      if (this.buffer.length < newline + 1 + size + 1) return;
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
    const [commit, date] = (await git(root, ['log', '-1', '--format=%h %cs', rev ?? 'HEAD'])).trim().split(' ');
    if (!commit || !date) return null;
    const dirty = rev === undefined && (await git(root, ['status', '--porcelain', '--', path || '.'])).trim() !== '';
    return { commit, date, dirty };
  } catch {
    return null;
  }
}
