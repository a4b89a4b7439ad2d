/**
 * A loopback server that runs {@link acceptTls} on every connection (TCP on
 * 127.0.0.1, or a unix socket as the egress proxy's clients use) with leaves
 * from a bottle CA, records each result, and hands accepted connections to a
 * handler (an echo by default).
 */
import { ByteReader } from "../../http/byte_reader.ts";
import { type AcceptedTls, acceptTls, type AcceptTlsOptions } from "../accept_tls.ts";
import { BottleCa } from "../bottle_ca.ts";
import type { TlsServerConn } from "../tls_server_conn.ts";

/** The host every test connects for, unless it says otherwise. */
export const HOST = "api.example.test";

/** A running harness. */
export interface AcceptHarness {
  readonly ca: BottleCa;
  /** The TCP port, or undefined on a unix socket. */
  readonly port: number | undefined;
  /** The unix socket path, when listening on one. */
  readonly path: string | undefined;
  /** Every acceptTls result, in order. */
  readonly results: AcceptedTls[];
  /** Names leafFor was asked for. */
  readonly leavesAsked: string[];
  /** Resolves once `n` results are in. */
  settled(n?: number): Promise<AcceptedTls[]>;
  close(): Promise<void>;
}

/** Options of the harness: acceptTls's (without leafFor, unless replaced) and the handler. */
export interface HarnessOptions extends Partial<Omit<AcceptTlsOptions, "signal">> {
  readonly unix?: boolean;
  /** Serves an accepted connection; default: echo until the client ends, then close. */
  readonly serve?: (conn: TlsServerConn) => Promise<void>;
}

/** Echoes everything back, then ends and closes. */
export async function echo(conn: TlsServerConn): Promise<void> {
  const buf = new Uint8Array(64 * 1024);
  try {
    for (;;) {
      const n = await conn.read(buf);
      if (n === null) break;
      let written = 0;
      while (written < n) written += await conn.write(buf.subarray(written, n));
    }
    await conn.closeWrite();
  } finally {
    conn.close();
  }
}

/** Starts a harness. */
export async function startAcceptHarness(options: HarnessOptions = {}): Promise<AcceptHarness> {
  const ca = await BottleCa.create({ bottle: "test", hosts: [HOST, "other.example.test"] });
  const dir = options.unix === true ? await Deno.makeTempDir({ prefix: "bottle-tls-" }) : undefined;
  const listener = dir !== undefined
    ? Deno.listen({ transport: "unix", path: `${dir}/tls.sock` })
    : Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const stop = new AbortController();
  const results: AcceptedTls[] = [];
  const leavesAsked: string[] = [];
  const waiters: (() => void)[] = [];
  const served: Promise<void>[] = [];
  const leafFor = options.leafFor ?? ((name: string) => ca.issue(name));
  const loop = (async () => {
    for await (const conn of listener) {
      served.push((async () => {
        const result = await acceptTls({ conn, reader: new ByteReader(conn) }, {
          expectedName: options.expectedName ?? HOST,
          leafFor: (name) => {
            leavesAsked.push(name);
            return leafFor(name);
          },
          signal: stop.signal,
          ...(options.helloTimeoutMs === undefined
            ? {}
            : { helloTimeoutMs: options.helloTimeoutMs }),
          ...(options.handshakeTimeoutMs === undefined
            ? {}
            : { handshakeTimeoutMs: options.handshakeTimeoutMs }),
        });
        results.push(result);
        for (const wake of waiters.splice(0)) wake();
        if (result.kind === "accepted") await (options.serve ?? echo)(result.conn).catch(() => {});
      })());
    }
  })();
  return {
    ca,
    port: dir === undefined ? (listener.addr as Deno.NetAddr).port : undefined,
    path: dir === undefined ? undefined : `${dir}/tls.sock`,
    results,
    leavesAsked,
    settled: async (n = 1) => {
      while (results.length < n) await new Promise<void>((resolve) => waiters.push(resolve));
      return results;
    },
    close: async () => {
      stop.abort();
      listener.close();
      await loop.catch(() => {});
      await Promise.allSettled(served);
      if (dir !== undefined) await Deno.remove(dir, { recursive: true });
    },
  };
}

/** A Deno TLS client to the harness's TCP port for `hostname`, trusting the harness CA. */
export async function denoClient(
  h: AcceptHarness,
  options: { hostname?: string; alpnProtocols?: string[]; caCerts?: string[] } = {},
): Promise<Deno.TlsConn> {
  const tcp = await Deno.connect({ hostname: "127.0.0.1", port: h.port! });
  return await Deno.startTls(tcp, {
    hostname: options.hostname ?? HOST,
    caCerts: options.caCerts ?? [h.ca.certificatePem],
    ...(options.alpnProtocols === undefined ? {} : { alpnProtocols: options.alpnProtocols }),
  });
}
