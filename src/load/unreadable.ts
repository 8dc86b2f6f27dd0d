import type { FileKind } from '../schema/definitions.js';
import type { FileResult } from '../plan/files.js';
import { RefusedFileError } from '../confine.js';
import { diagnostic, type RuleCode } from '../rules/codes.js';

const REFUSED: Record<RefusedFileError['reason'], RuleCode> = {
  outside: 'FILE_OUTSIDE_REPOSITORY',
  'not-regular': 'FILE_NOT_REGULAR',
  'too-large': 'FILE_TOO_LARGE',
};

export function unreadableFile(file: string, kind: FileKind, error: unknown): FileResult {
  if (error instanceof RefusedFileError) {
    return { file, kind, summary: null, diagnostics: [diagnostic(REFUSED[error.reason], { message: refusalMessage(error), file, path: [], hint: error.hint })] };
  }
  const code = (error as NodeJS.ErrnoException)?.code;
  const why =
    code === 'EACCES' || code === 'EPERM'
      ? 'permission denied'
      : code === 'EISDIR'
        ? 'it is a folder, not a file'
        : code === 'ENOENT'
          ? 'it does not exist: it disappeared while the plan was being read, or it is a link that leads nowhere'
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
        hint: code === 'EISDIR' ? 'Rename the folder so that it does not end in .yaml.' : code === 'ENOENT' ? 'Restore the file, or remove the link.' : 'Check the file permissions (chmod a+r).',
      }),
    ],
  };
}

/** A refused plan file, said of the file itself (the diagnostic names it already). */
function refusalMessage(error: RefusedFileError): string {
  switch (error.reason) {
    case 'outside':
      return `The file is a link to a file outside the repository (${error.detail}); plan does not read it`;
    case 'not-regular':
      return `The file is not a regular file (it is ${error.detail}); plan does not read it`;
    case 'too-large':
      return `The file is too large to be a plan file (${error.detail}); plan does not read it`;
  }
}
