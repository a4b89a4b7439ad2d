/**
 * bottle's own errors as the extension sees them: the stable code, the
 * message and the hint that `bottle … --json` prints, so a notification can
 * say exactly what the CLI would.
 */

/** A failed `bottle` run (or a failure to run it at all), with bottle's message and hint. */
export class BottleFailure extends Error {
  /** bottle's stable dotted code (`engine.image_missing`), or `extension.*` for the extension's own. */
  readonly code: string;
  /** What to do about it, when bottle said. */
  readonly hint: string | undefined;
  /** The process's exit status (-1 when it never ran). */
  readonly exitCode: number;

  constructor(
    code: string,
    message: string,
    hint: string | undefined,
    exitCode: number,
  ) {
    super(message);
    this.name = "BottleFailure";
    this.code = code;
    this.hint = hint;
    this.exitCode = exitCode;
  }
}

/** One line for a notification: the message, then the hint after a dash. */
export function failureText(failure: BottleFailure): string {
  return failure.hint === undefined ? failure.message : `${failure.message} — ${failure.hint}`;
}

/** Any thrown value as a failure: bottle's own pass through, anything else is wrapped. */
export function asFailure(error: unknown): BottleFailure {
  if (error instanceof BottleFailure) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new BottleFailure("extension.internal", message, undefined, -1);
}
