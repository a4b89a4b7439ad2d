/**
 * The audit view: a bottle's proxy decisions as a readable page — a summary,
 * the destinations that were refused, and every event as an aligned table.
 */
import type { AuditEvent } from "./parse_audit_log.ts";

/** Bytes as a short human size (`748 B`, `48.0 KB`, `3.2 MB`). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

/** Where an event went: the API path, or `host:port` and path for egress. */
export function destinationOf(event: AuditEvent): string {
  if (event.channel === "api") return event.path || "/";
  const port = event.port === undefined ? "" : `:${event.port}`;
  return `${event.host}${port}${event.path}`;
}

/** `2026-11-21 23:07:32` from an ISO time; other text as it is. */
export function shortTime(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(iso);
  return match === null ? iso : `${match[1]} ${match[2]}`;
}

function table(rows: readonly (readonly string[])[]): string[] {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows.map((r) =>
    r.map((
      cell,
      i,
    ) => (i === r.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join("  ")
      .trimEnd()
  );
}

/** The whole page for bottle `name`. */
export function renderAuditLog(
  name: string,
  events: readonly AuditEvent[],
): string {
  const denied = events.filter((e) => e.decision !== "allow");
  const lines = [
    `Audit log of bottle ${name}: ${events.length} event${events.length === 1 ? "" : "s"}, ` +
    `${events.length - denied.length} allowed, ${denied.length} denied`,
    "Every decision of the bottle's proxies. The log never holds a credential, a header value or a body.",
    "",
  ];
  if (denied.length > 0) {
    const counts = new Map<string, number>();
    for (const e of denied) {
      const key = `${destinationOf(e)}  ${e.reason}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    lines.push("Refused:");
    for (const [key, n] of counts) {
      lines.push(`  ${key}${n > 1 ? `  (×${n})` : ""}`);
    }
    lines.push("");
  }
  if (events.length === 0) {
    lines.push("No events yet: the bottle has not used its proxies.");
    return lines.join("\n") + "\n";
  }
  const rows = [
    [
      "TIME",
      "CHANNEL",
      "DECISION",
      "STATUS",
      "METHOD",
      "DESTINATION",
      "REASON",
      "UP",
      "DOWN",
      "MS",
    ],
    ...events.map((e) => [
      shortTime(e.time),
      e.channel,
      e.decision,
      e.status === undefined ? "" : String(e.status),
      e.method,
      destinationOf(e),
      e.reason + (e.credentialInjected ? " (credential injected)" : ""),
      formatBytes(e.bytesUp),
      formatBytes(e.bytesDown),
      e.durationMs === undefined ? "" : String(Math.round(e.durationMs)),
    ]),
  ];
  lines.push(...table(rows));
  return lines.join("\n") + "\n";
}
