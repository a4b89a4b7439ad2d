/**
 * The preflight bottle prints before it starts a bottle: what it will be
 * granted. The extension asks `bottle start` without `--yes` and without a
 * terminal, which prints the preflight and then refuses to start
 * (`usage.confirmation_needed`); the lines are shown to the user, who then
 * confirms the real start.
 */

/** The error code of a start that stopped at the confirmation, as intended. */
export const CONFIRMATION_NEEDED = "usage.confirmation_needed";

/** The preflight's first line: `bottle NAME (agent "AGENT" from …)`. */
const FIRST_LINE = /^bottle \S+ \(agent /;

/**
 * The preflight lines in `stderr`: from its first line up to bottle's closing
 * `bottle: …` / `hint: …` error lines. Empty when there is no preflight.
 */
export function preflightLines(stderr: string): string[] {
  const lines = stderr.split("\n").map((line) => line.trimEnd());
  const start = lines.findIndex((line) => FIRST_LINE.test(line));
  if (start === -1) return [];
  const out: string[] = [];
  for (const line of lines.slice(start)) {
    if (line.startsWith("bottle: ") || line.startsWith("hint: ")) break;
    if (line !== "") out.push(line);
  }
  return out;
}
