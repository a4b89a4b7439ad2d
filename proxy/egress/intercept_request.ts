/**
 * One request inside an intercepted TLS connection, before any I/O: the
 * target it names (origin-form only, on the host the CONNECT opened), the
 * credential lookup (which phantoms may be swapped, or the refusal), the head
 * DLP scans (with the swappable phantoms blanked, so a phantom on its own
 * route is no finding) and the head that goes upstream (with the real
 * values). The real values appear only in the forwarded head, never in what
 * is scanned, audited or answered.
 *
 * What this does not cover: the body (the streaming body guard scans it, and
 * a phantom there is a known-secret finding, `phantom_leak`), and anything
 * after the head leaves (the destination's answer is passed back as is).
 */
import type { DlpFinding } from "../dlp/dlp_finding.ts";
import { applySwaps, type CredentialTable, planSwaps } from "../credentials/mod.ts";
import type { RequestHead } from "../http/mod.ts";
import type { Target } from "../policy/mod.ts";
import { type Refusal, refusal } from "../refusal.ts";

/** What stands for a swappable phantom in the head DLP scans: no detector matches it. */
const BLANK = "bottle-phantom";

/** The request, ready for the checks and the upstream; or why it is refused. */
export type InterceptedRequest =
  | {
    readonly kind: "ready";
    /** Host and port of the CONNECT, the request's origin-form path. */
    readonly target: Target;
    /** The head DLP scans: phantoms on their own route blanked, never a real value. */
    readonly scanned: { readonly target: Target; readonly head: RequestHead };
    /** The head that goes upstream, real values swapped in. */
    readonly forwarded: { readonly target: Target; readonly head: RequestHead };
    /** The credentials swapped in, by name (for the audit line). */
    readonly credentials: readonly string[];
  }
  | Refusal;

const NOT_ORIGIN_FORM = refusal(
  400,
  "egress.bad_target",
  "inside an intercepted connection, requests name a path (origin-form)",
);

/** Prepares `head`, read inside a TLS connection the proxy opened to `host:port`. */
export function interceptedRequest(
  table: CredentialTable,
  host: string,
  port: number,
  head: RequestHead,
): InterceptedRequest {
  if (!head.target.startsWith("/")) return NOT_ORIGIN_FORM;
  const target: Target = { host, port, kind: "name", path: head.target };
  const plan = planSwaps(table, { host, port, target: head.target, headers: head.headers });
  if (plan.kind === "deny") {
    return { ...refusal(403, plan.code, plan.reason), finding: plan.finding };
  }
  const { swaps } = plan;
  if (swaps.length === 0) {
    const same = { target, head };
    return { kind: "ready", target, scanned: same, forwarded: same, credentials: [] };
  }
  const blanked = applySwaps(head, swaps.map((swap) => ({ ...swap, real: BLANK })));
  const swapped = applySwaps(head, swaps);
  return {
    kind: "ready",
    target,
    scanned: {
      target: { ...target, path: blanked.target },
      head: { ...head, target: blanked.target, headers: blanked.headers },
    },
    forwarded: {
      target: { ...target, path: swapped.target },
      head: { ...head, target: swapped.target, headers: swapped.headers },
    },
    credentials: [...new Set(swaps.map((swap) => swap.name))].sort(),
  };
}

/** Whether a DLP finding is a phantom seen off its route (in a body, say). */
export function isPhantomFinding(finding: DlpFinding | undefined): boolean {
  return finding?.secret?.kind === "phantom";
}
