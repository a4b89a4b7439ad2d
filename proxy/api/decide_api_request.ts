/**
 * The API proxy's decision on one parsed request, without I/O: refuse it
 * (with the answer to give), or forward it (with the exact upstream head).
 * Checks run in this order: path allowlist (404), method (405), phantom
 * credential (401), body shape (400), the head guard (403 on a secret in a
 * header or the query; server tools' betas removed). The head carries no body framing: the
 * body is read whole and guarded first, and `withBodyLength` then gives the
 * head the Content-Length of what is actually sent.
 */
import { serializeRequestHead } from "../http/serialize_head.ts";
import type { RequestHead } from "../http/parse_request_head.ts";
import { type Refusal, refusal } from "../refusal.ts";
import { checkApiTarget } from "./api_path.ts";
import {
  type Credential,
  presentedCredential,
  timingSafeEqual,
  upstreamFields,
} from "./forward_headers.ts";
import type { UpstreamEndpoint } from "./upstream_endpoint.ts";
import { guardRequestHead, type HeadAudit, type HeadGuard } from "./guard_request_head.ts";

/** What the decision needs to know. */
export interface ApiRequestPolicy {
  readonly endpoint: UpstreamEndpoint;
  readonly credential: Credential;
  readonly phantom: string;
  /** The head guard; without one, headers and the query pass unscanned (tests of other rules). */
  readonly guard?: HeadGuard;
}

/** Refuse with an answer, or forward with the upstream head (the body follows it chunked). */
export type ApiDecision =
  | { readonly kind: "refuse"; readonly refusal: Refusal; readonly audit?: HeadAudit }
  | {
    readonly kind: "forward";
    /** What the head guard found or changed, for the audit event. */
    readonly audit: HeadAudit;
    /** The serialized upstream request head, without framing fields. */
    readonly head: Uint8Array;
    /** Whether a body follows (POST): guarded, then sent with `withBodyLength(head, …)`. */
    readonly body: boolean;
  };

function refuse(status: number, code: string, reason: string): ApiDecision {
  return { kind: "refuse", refusal: refusal(status, code, reason) };
}

/** Decides on `head`; never throws. */
export function decideApiRequest(head: RequestHead, policy: ApiRequestPolicy): ApiDecision {
  const checked = checkApiTarget(head.target);
  if (checked.kind === "deny") return refuse(404, checked.code, checked.reason);
  if (head.method !== "POST" && head.method !== "GET") {
    return refuse(405, "api.method_not_allowed", `${head.method} is not forwarded`);
  }
  const presented = presentedCredential(head.headers);
  if (presented === undefined || !timingSafeEqual(presented, policy.phantom)) {
    return refuse(401, "api.bad_credential", "this bottle's credential is required");
  }
  const hasBody = head.framing.kind === "chunked" ||
    (head.framing.kind === "length" && head.framing.length > 0);
  if (head.method === "GET" && hasBody) {
    return refuse(400, "api.bad_body", "a GET request has no body");
  }
  if (head.method === "POST" && !hasBody) {
    return refuse(400, "api.bad_body", "the request body must be one JSON object");
  }

  let headers = head.headers;
  let audit: HeadAudit = {};
  if (policy.guard !== undefined) {
    const guarded = guardRequestHead(head.target, head.headers, policy.guard, policy.phantom);
    if (guarded.kind === "refuse") return guarded;
    headers = guarded.headers;
    audit = guarded.audit;
  }

  const { path, query } = checked.target;
  const fields = upstreamFields(headers, policy.credential, policy.endpoint.host);
  const serialized = serializeRequestHead({
    method: head.method,
    target: `${policy.endpoint.basePath}${path}${query === "" ? "" : `?${query}`}`,
    headers: fields,
  });
  if (serialized.kind === "error") {
    return refuse(400, serialized.code, serialized.reason);
  }
  return { kind: "forward", head: serialized.bytes, body: hasBody, audit };
}

const CRLF_LENGTH = 2;
const ENCODER = new TextEncoder();

/** `head` (as `decideApiRequest` wrote it) with `Content-Length: length` as its last field. */
export function withBodyLength(head: Uint8Array, length: number): Uint8Array {
  const field = ENCODER.encode(`content-length: ${length}\r\n\r\n`);
  const out = new Uint8Array(head.length - CRLF_LENGTH + field.length);
  out.set(head.subarray(0, head.length - CRLF_LENGTH), 0);
  out.set(field, head.length - CRLF_LENGTH);
  return out;
}
