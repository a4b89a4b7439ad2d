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

let stampedSecond = -1;
let secondText = "";

/**
 * The ISO 8601 time now (`2026-01-01T00:00:00.000Z`). Formatting a date costs
 * more than the rest of an audit line, so the text up to the seconds is made
 * once a second and the milliseconds are appended.
 */
function isoNow(): string {
  const ms = Date.now();
  const second = Math.floor(ms / 1000);
  if (second !== stampedSecond) {
    stampedSecond = second;
    secondText = new Date(second * 1000).toISOString().slice(0, 20);
  }
  const millis = ms - second * 1000;
  return `${secondText}${millis < 10 ? "00" : millis < 100 ? "0" : ""}${millis}Z`;
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
