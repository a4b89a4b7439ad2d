/**
 * The one audit write both proxies make: stamped when written (so the log's
 * order is its time order), timed from the request's arrival, with nothing
 * moved unless the caller says otherwise, and a sink that fails never opens
 * anything.
 */
import type { AuditChannel, AuditEvent, AuditSink } from "./audit_event.ts";

/** What the audit line says the request was for. */
export interface AuditSubject {
  readonly method: string;
  readonly host: string;
  readonly port: number;
  readonly path: string;
}

/** The audit fields a caller always decides; the rest default to nothing moved. */
export type AuditOutcome = Partial<AuditEvent> & Pick<AuditEvent, "status" | "decision" | "reason">;

/** Writes one audit line for a request that arrived at `started` (monotonic ms). */
export type AuditWriter = (started: number, subject: AuditSubject, outcome: AuditOutcome) => void;

let stampedMs = -1;
let stamp = "";

/**
 * The ISO 8601 time now. Formatting a date costs more than the rest of an
 * audit line, and a connection writes two lines within the same millisecond
 * or so: the text is made once per millisecond.
 */
function isoNow(): string {
  const ms = Date.now();
  if (ms !== stampedMs) {
    stampedMs = ms;
    stamp = new Date(ms).toISOString();
  }
  return stamp;
}

/** An audit writer for one bottle's proxy on `channel`. */
export function auditWriter(sink: AuditSink, bottle: string, channel: AuditChannel): AuditWriter {
  return (started, subject, outcome) => {
    try {
      sink({
        time: isoNow(),
        bottle,
        channel,
        ...subject,
        bytesUp: 0,
        bytesDown: 0,
        durationMs: Math.round(performance.now() - started),
        credentialInjected: false,
        ...outcome,
      });
    } catch { /* the audit sink failing must not open anything */ }
  };
}
