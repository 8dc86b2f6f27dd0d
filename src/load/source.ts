// Where a plan's files come from: a directory on disk now; a git revision or memory for others.
// The loader only lists and reads through this interface.
import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { confinedPath, readConfined, repositoryRoot } from '../confine.js';

export interface PlanSource {
  /** How to name the plan's location to a person. */
  readonly label: string;
  /** Every file of the plan layout, relative to the plan root, with forward slashes. */
  list(): Promise<string[]>;
  read(file: string): Promise<Uint8Array>;
  /**
   * An absolute path a worker thread may read by itself, when the files are on disk; it reads it
   * under the rule of confine.ts, inside `confinedTo`.
   */
  pathOf?(file: string): string;
  /** The folder (a real path) every file read from disk must resolve inside: the repository. */
  readonly confinedTo?: string;
  /**
   * Where a new text of the file is written: its path, or, for a link, the file it leads to inside
   * the repository (the link stays a link). A link that leads outside is its own path: it is never read.
   */
  targetOf?(file: string): string;
  /**
   * Whether the file was listed as a symbolic link. A file that was not, in a folder that is not one
   * either, is opened without following links: the rule holds without resolving its path.
   */
  isLink?(file: string): boolean;
  /** Git blob ids of the files (file -> id): files with the same id hold the same bytes. */
  blobIds?(): Promise<Map<string, string>>;
}

/** The id git gives a file's bytes (SHA-1 of "blob <size>\0" and the bytes). */
export function gitBlobId(bytes: Uint8Array): string {
  return createHash('sha1').update(`blob ${bytes.byteLength}\0`).update(bytes).digest('hex');
}

export const PLAN_FILE = 'plan.yaml';
export const ACTION_PLAN_FOLDERS = { schools: 'school', offices: 'office' } as const;

export function isYamlName(name: string): boolean {
  return /\.ya?ml$/i.test(name) && !name.startsWith('.');
}

/** Whether a path (relative to the plan directory) is a file of the plan layout. */
export function inPlanLayout(file: string): boolean {
  if (file === PLAN_FILE) return true;
  const slash = file.indexOf('/');
  if (slash === -1 || file.indexOf('/', slash + 1) !== -1) return false;
  return file.slice(0, slash) in ACTION_PLAN_FOLDERS && isYamlName(file.slice(slash + 1));
}

/** Where a thread reads a plan file by itself, and under what rule (see FileTask): null for a plan not on disk. */
export interface DiskPlace {
  path: string;
  root: string;
  listedPlain?: true;
}

export function whereToRead(source: PlanSource, file: string): DiskPlace | null {
  if (!source.pathOf || !source.confinedTo) return null;
  return { path: source.pathOf(file), root: source.confinedTo, ...(source.isLink && !source.isLink(file) ? { listedPlain: true as const } : {}) };
}

export class DirectorySource implements PlanSource {
  readonly root: string;
  readonly label: string;
  readonly confinedTo: string;
  /** `label` is how the user named the directory; it defaults to the path itself. */
  constructor(root: string, label?: string) {
    this.root = resolve(root);
    this.label = label ?? root;
    this.confinedTo = repositoryRoot(this.root);
  }

  /** The files listed that are symbolic links. */
  private readonly links = new Set<string>();

  async list(): Promise<string[]> {
    const files: string[] = [];
    const top = await readdir(this.root, { withFileTypes: true });
    if (top.some((e) => e.name === PLAN_FILE)) files.push(PLAN_FILE);
    if (top.some((e) => e.name === PLAN_FILE && e.isSymbolicLink())) this.links.add(PLAN_FILE);
    for (const folder of Object.keys(ACTION_PLAN_FOLDERS)) {
      if (!top.some((e) => e.name === folder && e.isDirectory())) continue;
      const entries = await readdir(join(this.root, folder), { withFileTypes: true });
      for (const entry of entries) {
        if (!isYamlName(entry.name)) continue;
        files.push(`${folder}/${entry.name}`);
        if (entry.isSymbolicLink()) this.links.add(`${folder}/${entry.name}`);
      }
    }
    return files.sort();
  }

  isLink(file: string): boolean {
    return this.links.has(file);
  }

  targetOf(file: string): string {
    const path = join(this.root, file);
    if (!this.links.has(file)) return path;
    try {
      return confinedPath(path, [this.confinedTo], file);
    } catch {
      return path;
    }
  }

  async read(file: string): Promise<Uint8Array> {
    return readConfined(join(this.root, file), 'plan-file', [this.confinedTo], file).bytes;
  }

  pathOf(file: string): string {
    return join(this.root, file);
  }

  async blobIds(): Promise<Map<string, string>> {
    const files = await this.list();
    const ids = await Promise.all(files.map(async (f) => [f, gitBlobId(await this.read(f).catch(() => new Uint8Array()))] as const));
    return new Map(ids);
  }
}

/** A plan held in memory: for tests, and for plans read from elsewhere. */
export class MemorySource implements PlanSource {
  constructor(
    readonly label: string,
    private readonly files: Record<string, string | Uint8Array>,
  ) {}

  async list(): Promise<string[]> {
    return Object.keys(this.files).filter(inPlanLayout).sort();
  }

  async read(file: string): Promise<Uint8Array> {
    const content = this.files[file];
    if (content === undefined) throw Object.assign(new Error(`no file ${file}`), { code: 'ENOENT' });
    return typeof content === 'string' ? new TextEncoder().encode(content) : content;
  }
}

/** A plan on disk with some files replaced by new contents not yet written: what an edit would make. */
export class OverlaySource implements PlanSource {
  readonly label: string;
  constructor(
    private readonly base: PlanSource,
    /** The new bytes of the files replaced; a promise of them while they are being made. */
    private readonly replaced: ReadonlyMap<string, Uint8Array> | Promise<ReadonlyMap<string, Uint8Array>>,
  ) {
    this.label = base.label;
  }

  list(): Promise<string[]> {
    return this.base.list();
  }

  async read(file: string): Promise<Uint8Array> {
    return (await this.replaced).get(file) ?? this.base.read(file);
  }
}
