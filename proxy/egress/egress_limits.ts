/** Time and count limits of the egress proxy, with their safe defaults. */

/** Time and count limits of the egress proxy. */
export interface EgressLimits {
  /**
   * A request head must arrive within this (slowloris guard; also the
   * keep-alive idle time). A client that sent part of a head gets 408; an
   * idle connection with nothing sent is closed without a word.
   */
  readonly headerTimeoutMs: number;
  /** A tunnel or body transfer with no bytes for this long is closed. */
  readonly idleTimeoutMs: number;
  /** A tunnel is closed after this long, busy or not. */
  readonly tunnelLifetimeMs: number;
  /** Connections from the bottle at once; more are answered 503. */
  readonly maxConnections: number;
  readonly resolveTimeoutMs: number;
  readonly connectTimeoutMs: number;
  /** Upstream response head must arrive within this after the request was sent. */
  readonly responseTimeoutMs: number;
  /** A TLS tunnel's ClientHello must arrive whole within this after `200 Connection Established`. */
  readonly clientHelloTimeoutMs: number;
  /** Bytes read for a TLS tunnel's ClientHello at most (records included); a larger one is refused. */
  readonly maxClientHelloBytes: number;
  /**
   * Idle upstream connections of plain-HTTP requests kept for the next
   * request, over every destination. 0 keeps none: each request then dials
   * its own connection and says `Connection: close`.
   */
  readonly maxIdleUpstream: number;
  /** Idle upstream connections kept for one pinned address, port and host name. */
  readonly maxIdleUpstreamPerHost: number;
  /** An idle upstream connection is closed after this long. */
  readonly upstreamIdleMs: number;
}

/** Safe defaults for every limit. */
export const DEFAULT_EGRESS_LIMITS: EgressLimits = {
  headerTimeoutMs: 10_000,
  idleTimeoutMs: 300_000,
  tunnelLifetimeMs: 3_600_000,
  maxConnections: 256,
  resolveTimeoutMs: 5_000,
  connectTimeoutMs: 10_000,
  responseTimeoutMs: 120_000,
  clientHelloTimeoutMs: 5_000,
  maxClientHelloBytes: 16_384,
  maxIdleUpstream: 32,
  maxIdleUpstreamPerHost: 8,
  upstreamIdleMs: 20_000,
};
