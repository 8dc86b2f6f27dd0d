// What a command may touch of the outside world. Only bin/plan.js passes the real process.
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { loadWrapping } from '../format/wrap.js';

export interface OutStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface CliIO {
  stdout: OutStream;
  stderr: OutStream;
  env: Record<string, string | undefined>;
  cwd: string;
}

/** A problem with how the command was called or what it was pointed at: exit code 2, no stack. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

export const EXIT_OK = 0;
export const EXIT_PLAN_INVALID = 1;
export const EXIT_CANNOT_RUN = 2;

/** The plan directory a command was pointed at, absolute; a usage error when it is not a directory. */
export async function requirePlanDirectory(dirArg: string, cwd: string): Promise<string> {
  const dir = resolve(cwd, dirArg);
  let info;
  try {
    info = await stat(dir);
  } catch {
    throw new UsageError(`${dirArg}: no such directory`, 'Name the folder that holds the plan (the one with plan.yaml), e.g. plan validate plans/eh2020.');
  }
  if (!info.isDirectory()) {
    throw new UsageError(`${dirArg}: not a directory`, 'Name the folder that holds plan.yaml, not a file in it.');
  }
  return dir;
}

/**
 * The terminal's width; COLUMNS when the output is not a terminal; 80 when nothing says. What lines
 * are broken with is loaded here, for the output that has a width.
 */
export async function terminalWidth(io: CliIO): Promise<number> {
  await loadWrapping();
  const columns = (io.stdout as { columns?: number }).columns ?? Number(io.env.COLUMNS);
  return Number.isInteger(columns) && columns >= 40 ? columns : 80;
}

/**
 * The district's form key (PLAN_FORM_KEY), when set: plan collect seals forms with it, and plan
 * apply refuses any form not sealed with it. A key short enough to guess is refused.
 */
export function formKeyOf(io: CliIO): string | undefined {
  const key = io.env.PLAN_FORM_KEY;
  if (key === undefined || key === '') return undefined;
  if (key.length < 16) throw new UsageError('PLAN_FORM_KEY is too short to protect the forms (fewer than 16 characters)', 'Use a long random key, e.g. the output of: openssl rand -base64 32');
  return key;
}

/** A rollup that cannot be made as asked, as the user's error: the ids there are, or what to do. */
export function rollupUsageError(error: { message: string; valid: readonly string[]; hint?: string }): UsageError {
  return new UsageError(error.message, error.valid.length ? `Valid ids: ${error.valid.join(', ')}.` : error.hint);
}
