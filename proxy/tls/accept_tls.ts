/**
 * Terminating a client's TLS for an intercepted host, over whatever
 * connection the proxy holds (a unix socket from the bottle): the
 * ClientHello is read and checked first — one SNI equal to the CONNECT host,
 * TLS 1.2 or newer, `http/1.1` if ALPN is offered — so a client that fails
 * is closed without ever seeing a certificate; then `node:tls` runs the
 * server handshake with the leaf for that name, under a deadline. The result
 * is the decrypted connection, or why there is none (the connection is then
 * closed): a refusal shaped like the egress proxy's, for its audit line.
 */
import type { Refusal } from "../refusal.ts";
import { createSecureContext, type SecureContext, TLSSocket } from "node:tls";
import { closeQuietly } from "../conn/close_quietly.ts";
import { Deadline, EXPIRED } from "../conn/deadline.ts";
import type { ByteReader } from "../http/byte_reader.ts";
import { TLS_CODES } from "./check_client_hello.ts";
import { checkInterceptHello, HTTP_1_1 } from "./check_intercept_hello.ts";
import { ConnDuplex } from "./conn_duplex.ts";
import { MAX_CLIENT_HELLO_BYTES } from "./parse_client_hello.ts";
import { readClientHello } from "./read_client_hello.ts";
import { READ_AHEAD_BYTES, TlsServerConn } from "./tls_server_conn.ts";

/** A server certificate and its key, PEM (a {@link LeafCertificate} is one). */
export interface TlsIdentity {
  readonly certificatePem: string;
  readonly keyPem: string;
}

/** What to accept, and how long to wait. */
export interface AcceptTlsOptions {
  /** The CONNECT host, normalised: the only name the ClientHello may carry. */
  readonly expectedName: string;
  /** The certificate for a name (from the leaf cache); a throw refuses the connection. */
  readonly leafFor: (name: string) => Promise<TlsIdentity>;
  /** The whole ClientHello must arrive within this; default 5 s. */
  readonly helloTimeoutMs?: number;
  /** The handshake must finish within this after the ClientHello; default 10 s. */
  readonly handshakeTimeoutMs?: number;
  /** Bytes read for the ClientHello at most; default 16 KiB. */
  readonly maxClientHelloBytes?: number;
  /** Gives up (server shutdown). */
  readonly signal?: AbortSignal;
}

/** The connection the proxy accepted on, and its read buffer (which may hold the first bytes). */
export interface Accepting {
  readonly conn: Deno.Conn;
  readonly reader: ByteReader;
}

/** Deny codes of a handshake that did not complete (besides the ClientHello's). */
export const HANDSHAKE_CODES = {
  failed: "egress.tls_handshake_failed",
  timeout: "egress.tls_handshake_timeout",
  leaf: "egress.tls_leaf_failed",
  shutdown: "egress.shutdown",
} as const;

/** A terminated connection, or why not. */
export type AcceptedTls =
  | {
    readonly kind: "accepted";
    /** The decrypted connection; closing it closes the client's connection. */
    readonly conn: TlsServerConn;
    readonly name: string;
    /** `TLSv1.2` or `TLSv1.3`. */
    readonly protocol: string;
    /** `http/1.1`, or undefined when the client offered no ALPN. */
    readonly alpn: string | undefined;
  }
  /** 403 refused, 408 too slow, 400 handshake failed, 500 no leaf, 503 shutdown. */
  | Refusal;

const DEFAULT_HELLO_TIMEOUT_MS = 5_000;
const DEFAULT_HANDSHAKE_TIMEOUT_MS = 10_000;

/** One secure context per leaf: parsing a certificate and key once, not per connection. */
const contexts = new WeakMap<TlsIdentity, SecureContext>();

function contextFor(identity: TlsIdentity): SecureContext {
  let context = contexts.get(identity);
  if (context === undefined) {
    context = createSecureContext({
      cert: identity.certificatePem,
      key: identity.keyPem,
      minVersion: "TLSv1.2",
    });
    contexts.set(identity, context);
  }
  return context;
}

const refused = (status: number, code: string, reason: string): AcceptedTls => ({
  kind: "refuse",
  status,
  code,
  reason,
});

/**
 * Accepts TLS for `options.expectedName` on `accepting.conn`; see the module
 * comment. `accepting.reader` must have no read in flight; its bytes (the
 * ClientHello) go to the TLS layer, and it is not used again.
 */
export async function acceptTls(
  accepting: Accepting,
  options: AcceptTlsOptions,
): Promise<AcceptedTls> {
  const { conn, reader } = accepting;
  const fail = (status: number, code: string, reason: string) => {
    closeQuietly(conn);
    return refused(status, code, reason);
  };
  const helloTimeoutMs = options.helloTimeoutMs ?? DEFAULT_HELLO_TIMEOUT_MS;
  const hello = await readClientHello(reader, {
    timeoutMs: helloTimeoutMs,
    maxBytes: options.maxClientHelloBytes ?? MAX_CLIENT_HELLO_BYTES,
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  if (hello.kind === "aborted") return fail(503, HANDSHAKE_CODES.shutdown, "shutting down");
  if (hello.kind === "timeout") {
    return fail(
      408,
      TLS_CODES.timeout,
      `the TLS ClientHello did not arrive within ${helloTimeoutMs} ms`,
    );
  }
  const decision = checkInterceptHello(hello, options.expectedName);
  if (decision.kind === "deny") return fail(403, decision.code, decision.reason);

  const handshakeMs = options.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS;
  const deadline = new Deadline(
    handshakeMs,
    options.signal === undefined ? {} : { signal: options.signal },
  );
  let socket: TLSSocket | undefined;
  try {
    const leaf = await deadline.race(
      options.leafFor(options.expectedName).then((identity) => contextFor(identity)),
    ).catch((error: unknown) => error instanceof Error ? error : new Error(String(error)));
    if (leaf === EXPIRED) return fail(...expired(deadline.expired, handshakeMs));
    if (leaf instanceof Error) {
      return fail(500, HANDSHAKE_CODES.leaf, `no certificate for the host: ${leaf.message}`);
    }
    const first = reader.take();
    reader.release();
    const under = new ConnDuplex(conn, first);
    socket = new TLSSocket(
      under,
      {
        isServer: true,
        secureContext: leaf,
        ALPNProtocols: [HTTP_1_1],
        // The plaintext the socket holds for the proxy before the TLS layer stops
        // handing it more: the read-ahead bound (TlsServerConn).
        highWaterMark: READ_AHEAD_BYTES,
      } as ConstructorParameters<typeof TLSSocket>[1],
    );
    // An error after the handshake settled (or after a refusal) must not go unhandled.
    socket.on("error", () => {});
    const done = await deadline.race(handshake(socket));
    if (done === EXPIRED) {
      socket.destroy();
      return fail(...expired(deadline.expired, handshakeMs));
    }
    if (done !== undefined) {
      socket.destroy();
      return fail(400, HANDSHAKE_CODES.failed, `the TLS handshake failed: ${done}`);
    }
    const alpn = typeof socket.alpnProtocol === "string" ? socket.alpnProtocol : undefined;
    const protocol = socket.getProtocol() ?? "";
    // Checked on the ClientHello already; the TLS layer must agree.
    const { servername } = socket as TLSSocket & { servername?: unknown };
    if (servername !== options.expectedName || (alpn !== undefined && alpn !== HTTP_1_1)) {
      socket.destroy();
      return fail(400, HANDSHAKE_CODES.failed, "the handshake ended with another name or protocol");
    }
    return {
      kind: "accepted",
      conn: new TlsServerConn(socket, under, conn),
      name: options.expectedName,
      protocol,
      alpn,
    };
  } catch (error) {
    socket?.destroy();
    return fail(400, HANDSHAKE_CODES.failed, `the TLS handshake failed: ${String(error)}`);
  } finally {
    deadline.clear();
  }
}

/** The refusal of a handshake that ran out of time or was cut by shutdown. */
function expired(why: string | undefined, ms: number): [number, string, string] {
  return why === "aborted"
    ? [503, HANDSHAKE_CODES.shutdown, "shutting down"]
    : [408, HANDSHAKE_CODES.timeout, `the TLS handshake did not finish within ${ms} ms`];
}

/** Resolves when the server handshake is done (undefined) or failed (why, in words). */
function handshake(socket: TLSSocket): Promise<string | undefined> {
  return new Promise((resolve) => {
    const settle = (why: string | undefined) => {
      socket.off("secure", onSecure);
      socket.off("error", onError);
      socket.off("close", onClose);
      resolve(why);
    };
    const onSecure = () => settle(undefined);
    const onError = (error: Error) => settle(error.message);
    const onClose = () => settle("the client closed the connection");
    socket.once("secure", onSecure);
    socket.once("error", onError);
    socket.once("close", onClose);
  });
}
