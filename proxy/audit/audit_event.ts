/**
 * One line of a bottle's audit log: every proxy decision and every forwarded
 * request. Built only from fields that can never hold a credential — no
 * header values, no bodies, query values redacted.
 */

/** Which proxy saw the request. */
export type AuditChannel = "egress" | "api";

/** What ended a tunnel: either side closing, the idle or lifetime limit, or the proxy's shutdown. */
export type TunnelEnded = "closed" | "idle" | "lifetime" | "shutdown";

/**
 * A decision or forwarded request, as written to audit.jsonl. A CONNECT
 * tunnel is two lines: `egress.tunnel_open` when it is decided and opened,
 * `egress.tunnel_close` (with the bytes each way and `ended`) when it ends;
 * an opening line without a closing one is a tunnel still open, or one whose
 * supervisor was killed.
 */
export interface AuditEvent {
  /**
   * ISO 8601 time the line was written: when the decision was made, or when
   * what it records ended (a forwarded request, a tunnel). Lines are written
   * in time order; the request arrived `durationMs` before.
   */
  readonly time: string;
  readonly bottle: string;
  readonly channel: AuditChannel;
  /** Request method (`CONNECT` for tunnels). */
  readonly method: string;
  readonly host: string;
  readonly port: number;
  /** Path with every query value replaced by `*` (empty for tunnels). */
  readonly path: string;
  /**
   * Status sent to the client (200 for an opened tunnel). A request cut by a
   * shutdown before any answer records 503, though the client only saw the
   * connection close.
   */
  readonly status: number;
  /** Body bytes from the bottle to the destination (every tunnel byte for CONNECT; no heads). */
  readonly bytesUp: number;
  /** Body bytes from the destination to the bottle (every tunnel byte for CONNECT; no heads). */
  readonly bytesDown: number;
  /** From the request's arrival to this line. */
  readonly durationMs: number;
  readonly decision: "allow" | "deny";
  /** Stable reason code (`egress.not_allowed`, `api.ok`, …). */
  readonly reason: string;
  /** Whether the supervisor injected the real credential. */
  readonly credentialInjected: boolean;
  /** On `egress.tunnel_close` only: what ended the tunnel. */
  readonly ended?: TunnelEnded;
  /** Extra facts, such as request fields removed; never values. */
  readonly notes?: readonly string[];
  /** DLP findings on this request: which detector fired and where, never the value. */
  readonly dlp?: readonly AuditDlpFinding[];
  /** An intercepted connection or a request inside one: its TLS was terminated and inspected. */
  readonly inspected?: boolean;
  /** The credentials whose real values were swapped in (names, never values). */
  readonly credentials?: readonly string[];
  /** A high-signal alert: `phantom_leak` when a phantom credential was seen off its own route. */
  readonly alert?: "phantom_leak";
}

/** One DLP finding as the audit log records it. */
export interface AuditDlpFinding {
  /** Detector name (`aws_access_key_id`, `known_secret`, `entropy_host_label`, …). */
  readonly detector: string;
  /** Where: `host`, `path`, `query:<name>`, `header:<name>`, `body:<offset>`. */
  readonly location: string;
  /** Whether the finding refused the request (false in `log` mode and for log-only detectors). */
  readonly blocked: boolean;
  /** For a known secret: its label (never its value), real or phantom, and the encoding seen. */
  readonly label?: string;
  readonly kind?: "real" | "phantom";
  readonly encoding?: string;
}

/** Receives audit events; the supervisor's sink appends them to the bottle's log. */
export type AuditSink = (event: AuditEvent) => void;

/** Replaces every query value in `path` with `*`, keeping names (`/v1/messages?beta=*`). */
export function redactQuery(path: string): string {
  const q = path.indexOf("?");
  if (q === -1) return path;
  const query = path.slice(q + 1).split("&").map((pair) => {
    const eq = pair.indexOf("=");
    return eq === -1 ? pair : `${pair.slice(0, eq)}=*`;
  });
  return `${path.slice(0, q)}?${query.join("&")}`;
}
