/**
 * The error family of bottle. Every failure the user can act on is a
 * `BottleError` with a stable `code`, an exit status and an optional hint;
 * anything else reaching `cli/main.ts` is a bug and exits 1.
 */

/** Exit statuses are part of the command-line contract: scripts depend on them. */
export const ExitCode = {
  ok: 0,
  internal: 1,
  usage: 2,
  manifest: 3,
  engine: 4,
  denied: 5,
} as const;

/** One of the documented exit statuses. */
export type ExitCode = typeof ExitCode[keyof typeof ExitCode];

/** Options every `BottleError` accepts. */
export interface BottleErrorOptions {
  /** One line telling the user what to do next. */
  hint?: string;
  /** The error that caused this one, kept for `--debug`. */
  cause?: unknown;
}

/** Base of every error the user is meant to read. */
export class BottleError extends Error {
  /** Stable, dotted identifier (`manifest.invalid`), safe to match on in scripts. */
  readonly code: string;
  /** Process exit status when this error ends the program. */
  readonly exitCode: ExitCode;
  /** What to do about it, if we know. */
  readonly hint: string | undefined;

  constructor(code: string, exitCode: ExitCode, message: string, options: BottleErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.exitCode = exitCode;
    this.hint = options.hint;
  }
}

/** The command line was wrong: unknown flag, missing argument, conflicting options. */
export class UsageError extends BottleError {
  constructor(code: string, message: string, options?: BottleErrorOptions) {
    super(`usage.${code}`, ExitCode.usage, message, options);
  }
}

/** The manifest could not be read or does not validate. */
export class ManifestError extends BottleError {
  constructor(code: string, message: string, options?: BottleErrorOptions) {
    super(`manifest.${code}`, ExitCode.manifest, message, options);
  }
}

/** The container engine (or a tool it needs) is missing or failed. */
export class EngineError extends BottleError {
  constructor(code: string, message: string, options?: BottleErrorOptions) {
    super(`engine.${code}`, ExitCode.engine, message, options);
  }
}

/** A security policy refused what was asked. */
export class DeniedError extends BottleError {
  constructor(code: string, message: string, options?: BottleErrorOptions) {
    super(`denied.${code}`, ExitCode.denied, message, options);
  }
}
