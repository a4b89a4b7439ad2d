/**
 * An answer a proxy gives itself instead of forwarding, the one shape both
 * proxies use: the status, a stable dotted code (the audit reason and the
 * `x-bottle-deny` / `x-bottle-error` header), one line of plain words, and the
 * DLP finding that caused it when one did — so the audit marks that finding
 * as the block without comparing code strings. Each proxy writes it in its
 * own wire format (`egress/status_response.ts`, `api/api_error.ts`).
 */
import type { Decision } from "./decision.ts";
import type { DlpFinding } from "./dlp/dlp_finding.ts";

/** A refusal; `kind: "refuse"` lets it be one variant of a result union. */
export interface Refusal {
  readonly kind: "refuse";
  readonly status: number;
  readonly code: string;
  readonly reason: string;
  /** The DLP finding that caused the refusal, when one did (the audit marks it blocked). */
  readonly finding?: DlpFinding;
}

/** Builds a refusal. */
export function refusal(status: number, code: string, reason: string): Refusal {
  return { kind: "refuse", status, code, reason };
}

/** The refusal for a policy decision: 403 with its code (a non-deny here is a bug, answered 500). */
export function denied(decision: Decision): Refusal {
  return decision.kind === "deny"
    ? refusal(403, decision.code, decision.reason)
    : refusal(500, "policy.error", "no decision");
}
