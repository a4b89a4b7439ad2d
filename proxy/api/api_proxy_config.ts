/**
 * What the API proxy is told: its bottle, its upstream, the real and phantom
 * credentials, which request fields to remove, its content guard, and its
 * limits — and the edges it is given (the audit log, and a dial seam for
 * tests).
 */
import type { AuditSink } from "../audit/audit_event.ts";
import type { KnownSecret } from "../dlp/mod.ts";
import type { Credential } from "./forward_headers.ts";
import type { UpstreamEndpoint } from "./upstream_endpoint.ts";

export type { Credential } from "./forward_headers.ts";

/** Request fields removed unless granted: each makes the API fetch URLs server-side. */
export const URL_FETCHING_FIELDS: readonly string[] = ["mcp_servers"];

/** Time and count limits of the API proxy, in milliseconds and connections. */
export interface ApiLimits {
  /** A request head must be complete this long after its first byte (or the accept); else 408. */
  readonly headerTimeoutMs: number;
  /** A kept-alive connection with no new request for this long is closed. */
  readonly keepAliveIdleMs: number;
  /** A body transfer (either way) with no progress for this long is cut. */
  readonly bodyIdleMs: number;
  /** Connecting to the upstream (TLS handshake included) must take no longer; else 504. */
  readonly connectTimeoutMs: number;
  /** Upstream response head must arrive within this after the request started; else 504. */
  readonly responseTimeoutMs: number;
  /** An idle upstream connection kept for the next request is closed after this long. */
  readonly upstreamIdleMs: number;
  /** Connections from the bottle at once; more are answered 503. */
  readonly maxConnections: number;
  /** Largest request body, in bytes; a larger one is answered 413. */
  readonly maxBodyBytes: number;
  /** Request body bytes held at once across all connections; a body past it is answered 503. */
  readonly maxBufferedBytes: number;
}

/**
 * Safe defaults. The response timeout is long because the Messages API may
 * think before its first byte; body idleness is bounded by the API's own
 * pings on a live stream. Request bodies are held whole while the guard reads
 * them: up to 64 MiB each (twice the Messages API's own 32 MB limit, so the
 * API, not the proxy, is what refuses a large request — a gateway may take
 * more), and 256 MiB across all of a bottle's connections, so a bottle
 * cannot make its supervisor hold memory without end.
 */
export const DEFAULT_API_LIMITS: ApiLimits = Object.freeze({
  headerTimeoutMs: 10_000,
  keepAliveIdleMs: 120_000,
  bodyIdleMs: 600_000,
  connectTimeoutMs: 30_000,
  responseTimeoutMs: 600_000,
  upstreamIdleMs: 20_000,
  maxConnections: 256,
  maxBodyBytes: 64 * 1024 * 1024,
  maxBufferedBytes: 256 * 1024 * 1024,
});

/**
 * The content guard on request bodies (everything the bottle sends the
 * model). Each field left out takes its default, the safe choice:
 *
 * - `sanitizeUnicode` (default true): remove invisible Unicode (tag
 *   characters, bidi controls, zero-width characters, stray variation
 *   selectors…) from every string of the body, keeping what real text needs.
 * - `redactModelInput` (default false): replace credentials the DLP
 *   detectors recognise with `[REDACTED:<detector>]`. Off by default: the
 *   agent may need to see what it works on, and the model provider is the
 *   destination the user chose.
 * - `knownSecrets` (default none): secrets the supervisor holds besides the
 *   API credential, which is always included. A real one anywhere in a body
 *   blocks the request (403 `dlp.known_secret`); phantoms are not looked for
 *   here, because the agent legitimately sends its own environment back to
 *   the model (after running `env`, say).
 */
export interface ApiGuardConfig {
  readonly sanitizeUnicode?: boolean;
  readonly redactModelInput?: boolean;
  readonly knownSecrets?: readonly KnownSecret[];
}

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
  /**
   * Server tools granted by name (`SERVER_TOOL_NAMES`: `web_fetch`,
   * `web_search`, `code_execution`). Default none: every one of them is
   * removed from requests (tools entries and `anthropic-beta` values).
   */
  readonly serverTools?: readonly string[];
  /** The content guard on request bodies; see `ApiGuardConfig` for each default. */
  readonly guard?: ApiGuardConfig;
  /** Same as `limits.responseTimeoutMs` (kept for existing callers). */
  readonly headersTimeoutMs?: number;
  /** Limits; each one left out takes its default. */
  readonly limits?: Partial<ApiLimits>;
}

/** The proxy's edges: the audit log, and how to reach the upstream. */
export interface ApiProxyDeps {
  readonly audit: AuditSink;
  /** Opens a connection to the upstream (default: `dialUpstream`). A test seam. */
  readonly connect?: (endpoint: UpstreamEndpoint) => Promise<Deno.Conn>;
}

/** The limits in force: defaults, then `headersTimeoutMs`, then `limits`. */
export function resolveApiLimits(config: ApiProxyConfig): ApiLimits {
  const given: Partial<ApiLimits> = {
    ...(config.headersTimeoutMs === undefined
      ? {}
      : { responseTimeoutMs: config.headersTimeoutMs }),
    ...config.limits,
  };
  const pick = (key: keyof ApiLimits) => {
    const value = given[key];
    return value === undefined || !Number.isFinite(value) || value <= 0
      ? DEFAULT_API_LIMITS[key]
      : value;
  };
  return {
    headerTimeoutMs: pick("headerTimeoutMs"),
    keepAliveIdleMs: pick("keepAliveIdleMs"),
    bodyIdleMs: pick("bodyIdleMs"),
    connectTimeoutMs: pick("connectTimeoutMs"),
    responseTimeoutMs: pick("responseTimeoutMs"),
    upstreamIdleMs: pick("upstreamIdleMs"),
    maxConnections: pick("maxConnections"),
    maxBodyBytes: pick("maxBodyBytes"),
    maxBufferedBytes: pick("maxBufferedBytes"),
  };
}
