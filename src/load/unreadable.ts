import type { FileKind } from '../schema/definitions.js';
import type { FileResult } from '../plan/files.js';
import { diagnostic } from '../rules/codes.js';

export function unreadableFile(file: string, kind: FileKind, error: unknown): FileResult {
  const code = (error as NodeJS.ErrnoException)?.code;
  const why =
    code === 'EACCES' || code === 'EPERM'
      ? 'permission denied'
      : code === 'EISDIR'
        ? 'it is a folder, not a file'
        : code === 'ENOENT'
          ? 'it disappeared while the plan was being read'
          : ((error as Error)?.message ?? String(error));
  return {
    file,
    kind,
    summary: null,
    diagnostics: [
      diagnostic('FILE_UNREADABLE', {
        message: `The file cannot be read (${why})`,
        file,
        path: [],
        hint: code === 'EISDIR' ? 'Rename the folder so that it does not end in .yaml.' : 'Check the file permissions (chmod a+r).',
      }),
    ],
  };
}
