/**
 * Reads `bottle audit NAME --json`: one JSON event per line, each a decision
 * of the bottle's proxies. Lines that are not events are skipped, so a
 * partial last line (the log is written while read) never breaks the view.
 */

/** One proxy decision, with the fields the audit view shows. */
export interface AuditEvent {
  readonly time: string;
  readonly channel: string;
  readonly method: string;
  readonly host: string;
  readonly port: number | undefined;
  readonly path: string;
  readonly status: number | undefined;
  readonly decision: string;
  readonly reason: string;
  readonly bytesUp: number;
  readonly bytesDown: number;
  readonly durationMs: number | undefined;
  readonly credentialInjected: boolean;
}

function text(event: Record<string, unknown>, key: string): string {
  const value = event[key];
  return typeof value === "string" ? value : "";
}

function number(
  event: Record<string, unknown>,
  key: string,
): number | undefined {
  const value = event[key];
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** The events in the JSON lines of `stdout`, in order. */
export function parseAuditLog(stdout: string): AuditEvent[] {
  const events: AuditEvent[] = [];
  for (const line of stdout.split("\n")) {
    if (line.trim() === "") continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      continue;
    }
    if (
      parsed === null || typeof parsed !== "object" || Array.isArray(parsed)
    ) continue;
    const event = parsed as Record<string, unknown>;
    if (
      typeof event.decision !== "string" || typeof event.channel !== "string"
    ) continue;
    events.push({
      time: text(event, "time"),
      channel: event.channel,
      method: text(event, "method"),
      host: text(event, "host"),
      port: number(event, "port"),
      path: text(event, "path"),
      status: number(event, "status"),
      decision: event.decision,
      reason: text(event, "reason"),
      bytesUp: number(event, "bytesUp") ?? 0,
      bytesDown: number(event, "bytesDown") ?? 0,
      durationMs: number(event, "durationMs"),
      credentialInjected: event.credentialInjected === true,
    });
  }
  return events;
}
