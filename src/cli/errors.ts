// Errors a user can cause. They carry the exit code and a message that says how to fix it;
// the CLI prints them without a stack trace.

/** Exit codes, documented in the README. */
export const EXIT = {
  ok: 0,
  problems: 1,
  usage: 2,
  interrupted: 130,
} as const;

/** A usage or environment error: bad flag, missing path, no Python... Exit 2. */
export class UsageError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number = EXIT.usage) {
    super(message);
    this.name = 'UsageError';
    this.exitCode = exitCode;
  }
}

/** The user pressed Ctrl-C (or the process got SIGINT, SIGTERM, SIGHUP) during a step. Exit 130 (143, 129). */
export class InterruptedError extends Error {
  readonly exitCode: number;
  constructor(message = 'Interrupted.', exitCode: number = EXIT.interrupted) {
    super(message);
    this.name = 'InterruptedError';
    this.exitCode = exitCode;
  }
}
