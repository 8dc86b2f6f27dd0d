// What a command may touch of the outside world. Only bin/plan.js passes the real process.

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
