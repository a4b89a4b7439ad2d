/** Renders an error for a person (one line plus a hint) or for a script (one JSON line). */
import { BottleError } from "./errors.ts";

/** How to render: `json` for scripts, `debug` to add the stack. */
export interface FormatOptions {
  readonly json: boolean;
  readonly debug: boolean;
}

/** Formats a user error or an internal error; internal errors say so plainly. */
export function formatError(error: Error, options: FormatOptions): string {
  const known = error instanceof BottleError;
  const code = known ? error.code : "internal";
  const hint = known ? error.hint : "this is a bug in bottle; run again with --debug and report it";
  if (options.json) {
    const body: Record<string, unknown> = { code, message: error.message };
    if (hint !== undefined) body.hint = hint;
    return JSON.stringify({ ok: false, error: body }) + "\n";
  }
  const lines = [known ? `bottle: ${error.message}` : `bottle: internal error: ${error.message}`];
  if (hint !== undefined) lines.push(`hint: ${hint}`);
  if (options.debug && error.stack !== undefined) lines.push(error.stack);
  return lines.join("\n") + "\n";
}
