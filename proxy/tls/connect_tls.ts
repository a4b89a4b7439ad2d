/**
 * TLS toward the destination of an intercepted request: over a connection
 * already dialled to the pinned address, a client handshake that verifies the
 * certificate chain and the host name the CONNECT named, offering only
 * `http/1.1`, under a deadline. Trust is Deno's root store — the host's
 * system store when the process runs with `DENO_TLS_CA_STORE=system`, else
 * Mozilla's roots built into Deno — plus `caCerts` (corporate roots, a test
 * CA). A certificate that does not verify ends the connection; there is no
 * way to skip verification.
 */
import { type Refusal, refusal } from "../refusal.ts";
import { closeQuietly } from "../conn/close_quietly.ts";
import { Deadline, EXPIRED } from "../conn/deadline.ts";
import { HTTP_1_1 } from "./check_intercept_hello.ts";

/** How to verify the destination. */
export interface UpstreamTlsOptions {
  /** The host name the certificate must be valid for (the CONNECT host). */
  readonly hostname: string;
  /** Extra trusted roots, PEM, on top of the root store. */
  readonly caCerts?: readonly string[];
  /** The handshake must finish within this; default 10 s. */
  readonly timeoutMs?: number;
  /** Gives up (server shutdown). */
  readonly signal?: AbortSignal;
}

/** Refusal codes of an upstream handshake. */
export const UPSTREAM_TLS_CODES = {
  failed: "egress.upstream_tls_failed",
  timeout: "egress.upstream_tls_timeout",
  shutdown: "egress.shutdown",
} as const;

/** The verified connection, or why not (the dialled connection is then closed). */
export type UpstreamTls =
  | { readonly kind: "connected"; readonly conn: Deno.TlsConn }
  /** 502 the destination failed verification, 504 too slow, 503 shutdown. */
  | Refusal;

const DEFAULT_TIMEOUT_MS = 10_000;

/** Starts and finishes TLS on `conn` (a TCP connection to the pinned address). */
export async function connectTls(
  conn: Deno.Conn,
  options: UpstreamTlsOptions,
): Promise<UpstreamTls> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const deadline = new Deadline(
    timeoutMs,
    options.signal === undefined ? {} : { signal: options.signal },
  );
  let tls: Deno.TlsConn | undefined;
  try {
    tls = await Deno.startTls(conn as Deno.TcpConn, {
      hostname: options.hostname,
      caCerts: [...(options.caCerts ?? [])],
      alpnProtocols: [HTTP_1_1],
    });
    const done = await deadline.race(tls.handshake().then(() => undefined, (error) => error));
    if (done === EXPIRED) {
      closeQuietly(tls);
      return deadline.expired === "aborted"
        ? refusal(503, UPSTREAM_TLS_CODES.shutdown, "shutting down")
        : refusal(
          504,
          UPSTREAM_TLS_CODES.timeout,
          `the TLS handshake with ${options.hostname} did not finish within ${timeoutMs} ms`,
        );
    }
    if (done !== undefined) {
      closeQuietly(tls);
      return failed(options.hostname, done);
    }
    return { kind: "connected", conn: tls };
  } catch (error) {
    closeQuietly(tls ?? conn);
    return failed(options.hostname, error);
  } finally {
    deadline.clear();
  }
}

function failed(hostname: string, error: unknown): UpstreamTls {
  const message = error instanceof Error ? error.message : String(error);
  return refusal(
    502,
    UPSTREAM_TLS_CODES.failed,
    `TLS with ${hostname} failed: ${message}`.slice(0, 300),
  );
}
