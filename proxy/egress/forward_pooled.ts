/**
 * The upstream side of one plain-HTTP request the egress proxy has already
 * decided (allowlist, DLP on the head, DNS, the pinned address): an idle
 * connection from the proxy's pool when one is kept for the same pinned
 * address, port and host name, else a new one, then the exchange, then the
 * connection given back to the pool if the exchange ended cleanly (else
 * closed). A pooled connection never stands in for a decision: this is
 * reached only after `#route` allowed the request, every time.
 *
 * A request is never sent twice, except one that is idempotent (RFC 9110
 * §9.2.2) and carries no body, when the pooled connection it went out on
 * turns out closed before any byte of an answer (the destination timed it
 * out just then): it goes again on a new connection to the same address.
 */
import type { Client } from "../conn/serve_client.ts";
import type { ConnScope } from "../conn/conn_scope.ts";
import { closeQuietly } from "../conn/close_quietly.ts";
import type { UpstreamPool } from "../conn/upstream_pool.ts";
import { ByteReader } from "../http/byte_reader.ts";
import type { RequestHead } from "../http/parse_request_head.ts";
import type { Target } from "../policy/mod.ts";
import type { BodyGuard } from "./body_guard.ts";
import type { Refusal } from "../refusal.ts";
import { SHUTTING_DOWN } from "./egress_route.ts";
import { type ForwardLimits, forwardRequest, type ForwardResult } from "./forward_request.ts";

/** What the plain-HTTP road needs of the proxy to reach a destination. */
export interface PlainUpstreams {
  /** The proxy's own idle connections (one pool per proxy, so per bottle). */
  readonly pool: UpstreamPool;
  /** Whether the pool keeps anything (when not, every request says `Connection: close`). */
  readonly pooling: boolean;
  /** Dials exactly `pinned`; the connection is held by `scope`. */
  readonly dial: (pinned: string, port: number, scope: ConnScope) => Promise<Dialled>;
  readonly limits: ForwardLimits;
}

/** A destination dialled, or why not. */
export type Dialled = { readonly kind: "dialled"; readonly conn: Deno.Conn } | Refusal;

/** A request forwarded (its outcome), or the refusal when no connection could be had. */
export type Forwarded = { readonly kind: "forwarded"; readonly result: ForwardResult } | Refusal;

/** Methods a proxy may send again after a connection failure (RFC 9110 §9.2.2). */
const IDEMPOTENT = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);

/**
 * The key a connection is kept under: reused only for the same pinned
 * address, the same port and the same host name the allowlist granted — never
 * for another host that happens to share the address.
 */
export function egressPoolKey(pinned: string, port: number, host: string): string {
  return `${pinned} ${port} ${host}`;
}

/** Forwards a decided request to `pinned`; a refusal when no connection could be had. */
export async function forwardPooled(
  upstreams: PlainUpstreams,
  client: Client,
  head: RequestHead,
  target: Target,
  pinned: string,
  guard: BodyGuard,
): Promise<Forwarded> {
  const { pool, pooling, limits } = upstreams;
  const key = egressPoolKey(pinned, target.port, target.host);
  for (let fresh = false;; fresh = true) {
    let link = fresh ? undefined : pool.take(key);
    const reused = link !== undefined;
    if (link !== undefined) {
      // Held like a new connection while in use, so a shutdown closes it.
      if (!client.scope.hold(link.conn)) return SHUTTING_DOWN;
    } else {
      const dialled = await upstreams.dial(pinned, target.port, client.scope);
      if (dialled.kind === "refuse") return dialled;
      link = { conn: dialled.conn, reader: new ByteReader(dialled.conn) };
    }
    const result = await forwardRequest(
      client.conn,
      client.reader,
      { link, mayKeep: pooling },
      head,
      target,
      limits,
      guard,
    );
    client.scope.release(link.conn);
    if (result.reusable && !client.scope.aborted) pool.give(key, link);
    else closeQuietly(link.conn);
    const again = reused && result.unanswered === true && IDEMPOTENT.has(head.method);
    if (!again) return { kind: "forwarded", result };
  }
}
