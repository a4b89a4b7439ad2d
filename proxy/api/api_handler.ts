/**
 * The API proxy as a fetch-style handler: accepts only the Messages API's
 * paths and only the bottle's phantom credential, swaps in the real
 * credential, removes request fields that make the API fetch URLs, and streams
 * both bodies without buffering. Upstream and clock are injected, so it is
 * tested against a local fake and served by `serveApiProxy`.
 */
import { type AuditEvent, type AuditSink, redactQuery } from "../audit/audit_event.ts";
import { checkApiTarget } from "./api_path.ts";
import {
  type Credential,
  downstreamHeaders,
  presentedCredential,
  timingSafeEqual,
  upstreamHeaders,
} from "./forward_headers.ts";
import { JsonFieldFilter, JsonFilterError } from "./json_field_filter.ts";
import { streamThrough } from "./stream_through.ts";

/** Request fields removed unless granted: each makes the API fetch URLs server-side. */
export const URL_FETCHING_FIELDS: readonly string[] = ["mcp_servers"];

/** What the API proxy needs to know about its bottle. */
export interface ApiProxyConfig {
  readonly bottle: string;
  /** Base URL of the Messages API (`https://api.anthropic.com`, or a gateway). */
  readonly upstream: string;
  /** The real credential; it exists only here, in the supervisor's memory. */
  readonly credential: Credential;
  /** The phantom the bottle holds; the only credential accepted from it. */
  readonly phantom: string;
  /** Top-level request fields to remove (default: `URL_FETCHING_FIELDS`). */
  readonly removeFields?: readonly string[];
  /** How long to wait for upstream response headers before answering 504 (default 10 min). */
  readonly headersTimeoutMs?: number;
}

/** The handler's edges: the network and the audit log. */
export interface ApiProxyDeps {
  readonly fetch: typeof fetch;
  readonly audit: AuditSink;
}

/** An Anthropic-style JSON error, so the agent shows a sensible message. */
export function apiError(
  status: number,
  type: string,
  message: string,
  denyCode?: string,
): Response {
  const headers = new Headers({ "content-type": "application/json" });
  if (denyCode !== undefined) headers.set("x-bottle-deny", denyCode);
  return new Response(JSON.stringify({ type: "error", error: { type, message } }), {
    status,
    headers,
  });
}

/** Builds the request handler for one bottle's API proxy. */
export function createApiHandler(
  config: ApiProxyConfig,
  deps: ApiProxyDeps,
): (request: Request, clientGone?: AbortSignal) => Promise<Response> {
  const base = new URL(config.upstream);
  const basePath = base.pathname.replace(/\/+$/, "");
  const remove = new Set(config.removeFields ?? URL_FETCHING_FIELDS);
  const headersTimeoutMs = config.headersTimeoutMs ?? 600_000;
  const port = Number(base.port) || (base.protocol === "https:" ? 443 : 80);

  return async (request, clientGone = new AbortController().signal) => {
    const started = performance.now();
    const url = new URL(request.url);
    const rawTarget = url.pathname + url.search;
    const event = (
      fields: Partial<AuditEvent> & Pick<AuditEvent, "status" | "decision" | "reason">,
    ) =>
      deps.audit({
        time: new Date().toISOString(),
        bottle: config.bottle,
        channel: "api",
        method: request.method,
        host: base.hostname,
        port,
        path: redactQuery(rawTarget),
        bytesUp: 0,
        bytesDown: 0,
        durationMs: Math.round(performance.now() - started),
        credentialInjected: false,
        ...fields,
      });
    const refuse = (status: number, type: string, code: string, message: string) => {
      event({ status, decision: "deny", reason: code });
      return apiError(status, type, message, code);
    };

    const checked = checkApiTarget(rawTarget);
    if (!checked.ok) {
      const d = checked.decision;
      return refuse(
        404,
        "not_found_error",
        d.action === "deny" ? d.code : "api.path_not_allowed",
        `bottle: ${d.action === "deny" ? d.reason : ""}`,
      );
    }
    if (request.method !== "POST" && request.method !== "GET") {
      return refuse(
        405,
        "invalid_request_error",
        "api.method_not_allowed",
        `bottle: ${request.method} is not forwarded`,
      );
    }
    const presented = presentedCredential(request.headers);
    if (presented === undefined || !timingSafeEqual(presented, config.phantom)) {
      return refuse(
        401,
        "authentication_error",
        "api.bad_credential",
        "bottle: this bottle's credential is required",
      );
    }

    const notes: string[] = [];
    let bytesUp = 0;
    let body: ReadableStream<Uint8Array> | null = null;
    if (request.body !== null && request.method === "POST") {
      const filter = new JsonFieldFilter(remove, (name) => notes.push(`removed field ${name}`));
      body = streamThrough(request.body, {
        step: (chunk) => filter.push(chunk),
        finish: () => filter.finish(),
        done: (n) => bytesUp = n,
      });
    }
    const target = `${base.origin}${basePath}${checked.target.path}${
      checked.target.query === "" ? "" : `?${checked.target.query}`
    }`;
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), headersTimeoutMs);
    let upstream: Response;
    try {
      upstream = await deps.fetch(target, {
        method: request.method,
        headers: upstreamHeaders(request.headers, config.credential),
        body,
        redirect: "manual",
        signal: AbortSignal.any([clientGone, timeout.signal]),
        // @ts-ignore: Deno's fetch takes duplex for streamed request bodies.
        duplex: "half",
      });
    } catch (error) {
      const cause = error instanceof Error ? error : new Error(String(error));
      const filterError = cause instanceof JsonFilterError ||
        (cause.cause instanceof JsonFilterError);
      if (filterError) {
        return refuse(
          400,
          "invalid_request_error",
          "api.bad_body",
          `bottle: ${
            (cause.cause ?? cause) instanceof Error ? ((cause.cause ?? cause) as Error).message : ""
          }`,
        );
      }
      if (timeout.signal.aborted) {
        event({
          status: 504,
          decision: "allow",
          reason: "api.upstream_timeout",
          bytesUp,
          credentialInjected: true,
          notes,
        });
        return apiError(
          504,
          "api_error",
          `bottle: the Messages API at ${base.host} did not answer in time`,
        );
      }
      event({
        status: 502,
        decision: "allow",
        reason: "api.upstream_unreachable",
        bytesUp,
        credentialInjected: true,
        notes,
      });
      return apiError(
        502,
        "api_error",
        `bottle: the Messages API at ${base.host} could not be reached`,
      );
    } finally {
      clearTimeout(timer);
    }

    const status = upstream.status;
    const finish = (bytesDown: number, ok: boolean) =>
      event({
        status,
        decision: "allow",
        reason: ok ? "api.forwarded" : "api.stream_ended_early",
        bytesUp,
        bytesDown,
        credentialInjected: true,
        notes,
      });
    const responseBody = upstream.body === null
      ? null
      : streamThrough(upstream.body, { done: finish });
    if (responseBody === null) finish(0, true);
    return new Response(responseBody, { status, headers: downstreamHeaders(upstream.headers) });
  };
}
