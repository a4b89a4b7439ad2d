/**
 * The content guard on a model request's head, without I/O:
 *
 * 1. Every header field value (User-Agent, custom `X-…` fields, all of them)
 *    and the target's path and query are scanned like the egress proxy scans
 *    a head (`scan_request_head.ts`): the real secrets in every encoding the
 *    canaries know, and the credential detectors. A blocking finding refuses
 *    the request — 403 `dlp.known_secret` or `dlp.<detector>`; a header is
 *    not the conversation, so nothing is redacted in place — audited with
 *    the secret's label or the detector and where, never the value. The
 *    credential field that presented the phantom is not scanned (it is
 *    dropped before the request goes upstream); the phantom anywhere else
 *    is a detector finding like any credential.
 * 2. `anthropic-beta` values of server tools the bottle is not granted are
 *    removed (the field too when none is left), each removal noted.
 */
import type { Field } from "./forward_headers.ts";
import { GUARD_FAILED } from "./api_error.ts";
import { type Refusal, refusal } from "../refusal.ts";
import { type HeadDlp, scanHeaders, scanPathAndQuery } from "../egress/scan_request_head.ts";
import {
  auditFields,
  blockingFinding,
  type DlpFinding,
  findingCode,
  findingReason,
} from "../egress/egress_dlp.ts";
import type { AuditEvent } from "../audit/audit_event.ts";
import { filterBetaValue, type ServerTool } from "./server_tools.ts";

/** What the head guard needs: the canaries and the server tools not granted. */
export interface HeadGuard extends HeadDlp {
  readonly deniedServerTools: readonly ServerTool[];
}

/** The audit fields a guarded head adds to its request's event. */
export type HeadAudit = Pick<AuditEvent, "notes" | "dlp" | "alert">;

/** Forward with these header fields, or refuse; with what to audit either way. */
export type GuardedHead =
  | {
    readonly kind: "forward";
    readonly headers: readonly Field[];
    readonly audit: HeadAudit;
  }
  | { readonly kind: "refuse"; readonly refusal: Refusal; readonly audit: HeadAudit };

/** Whether `field` is the credential field that carried the phantom. */
function presentsPhantom([name, value]: Field, phantom: string): boolean {
  if (name === "x-api-key") return value === phantom;
  if (name !== "authorization") return false;
  const match = /^Bearer ([^\s]+)$/i.exec(value);
  return match?.[1] === phantom;
}

/** Runs the guard on a request's `target` and `headers`; never throws (a failure refuses). */
export function guardRequestHead(
  target: string,
  headers: readonly Field[],
  guard: HeadGuard,
  phantom: string,
): GuardedHead {
  try {
    const scanned = headers.filter((field) => !presentsPhantom(field, phantom));
    const findings: DlpFinding[] = [
      ...scanPathAndQuery(guard, target),
      ...scanHeaders(guard, scanned),
    ];
    const blocked = blockingFinding("block", findings);
    const dlp = auditFields(findings, blocked);
    if (blocked !== undefined) {
      return {
        kind: "refuse",
        refusal: {
          ...refusal(403, findingCode(blocked), `${findingReason(blocked)}; it was not sent`),
          finding: blocked,
        },
        audit: dlp,
      };
    }
    const notes: string[] = [];
    const out: Field[] = [];
    for (const field of headers) {
      if (field[0] !== "anthropic-beta" || guard.deniedServerTools.length === 0) {
        out.push(field);
        continue;
      }
      const { kept, removed } = filterBetaValue(field[1], guard.deniedServerTools);
      for (const beta of removed) notes.push(`removed anthropic-beta ${beta.slice(0, 64)}`);
      if (removed.length === 0) out.push(field);
      else if (kept !== "") out.push([field[0], kept]);
    }
    return {
      kind: "forward",
      headers: notes.length === 0 ? headers : out,
      audit: { ...dlp, ...(notes.length === 0 ? {} : { notes }) },
    };
  } catch {
    return {
      kind: "refuse",
      refusal: GUARD_FAILED,
      audit: {},
    };
  }
}
