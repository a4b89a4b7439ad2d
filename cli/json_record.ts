/**
 * One line of JSON that must be an object — the shape of every report a
 * process of bottle sends another (the hook's report, the supervisor's first
 * line). Anything else is undefined, never an exception.
 */

/** `line` parsed when it is a JSON object, else undefined. */
export function parseJsonRecord(line: string): Record<string, unknown> | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  return value as Record<string, unknown>;
}
