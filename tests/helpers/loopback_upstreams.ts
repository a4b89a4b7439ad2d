/**
 * Destinations for egress proxy tests, all bound to 127.0.0.1 (or ::1): a TCP
 * echo server for tunnels, a Deno.serve HTTP server that records what reached
 * it, a raw scripted server that records the exact bytes, and a port nothing
 * listens on.
 */

import { writeAll } from "../../proxy/conn/write_all.ts";

/**
 * Accepts TCP connections on `hostname` and hands each to `serve` with its
 * accept index. A connection is closed when the promise `serve` returns
 * settles; when `serve` returns nothing, it is held open until `close()`.
 */
function serveTcp(
  hostname: string,
  serve: (conn: Deno.Conn, index: number) => Promise<void> | void,
): Upstream & { readonly accepted: () => number } {
  const listener = Deno.listen({ hostname, port: 0 });
  const conns = new Set<Deno.Conn>();
  const served = new Set<Promise<void>>();
  let accepted = 0;
  const closeConn = (conn: Deno.Conn) => {
    conns.delete(conn);
    try {
      conn.close();
    } catch { /* already closed */ }
  };
  const accepting = (async () => {
    for (;;) {
      let conn: Deno.Conn;
      try {
        conn = await listener.accept();
      } catch {
        return;
      }
      conns.add(conn);
      const p = serve(conn, accepted++);
      if (p === undefined) continue;
      const done = p.catch(() => {}).finally(() => closeConn(conn));
      served.add(done);
      done.finally(() => served.delete(done));
    }
  })();
  return {
    port: (listener.addr as Deno.NetAddr).port,
    accepted: () => accepted,
    close: async () => {
      listener.close();
      for (const c of [...conns]) closeConn(c);
      await accepting;
      await Promise.all(served);
    },
  };
}

/** A running loopback server. */
export interface Upstream {
  readonly port: number;
  readonly close: () => Promise<void>;
}

/** A TCP echo server: every byte received is sent back; counts accepted connections. */
export interface EchoServer extends Upstream {
  readonly accepted: () => number;
}

/** Starts a TCP echo server on `hostname` (127.0.0.1 unless told). */
export function startEchoServer(hostname = "127.0.0.1"): EchoServer {
  return serveTcp(hostname, async (conn) => {
    const buf = new Uint8Array(64 * 1024);
    for (;;) {
      const n = await conn.read(buf);
      if (n === null) return;
      await writeAll(conn, buf.subarray(0, n));
    }
  });
}

/** What the HTTP upstream saw of one request. */
export interface SeenRequest {
  readonly method: string;
  /** Path and query as received. */
  readonly target: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** A Deno.serve upstream that records requests and answers with `respond` (default 200 "hello"). */
export interface HttpUpstream extends Upstream {
  readonly requests: SeenRequest[];
}

/** Starts a recording HTTP server on `hostname` (127.0.0.1 unless told). */
export function startHttpUpstream(
  respond: (request: Request, seen: SeenRequest) => Response | Promise<Response> = () =>
    new Response("hello from upstream"),
  hostname = "127.0.0.1",
): HttpUpstream {
  const requests: SeenRequest[] = [];
  const server = Deno.serve(
    { hostname, port: 0, onListen: () => {} },
    async (request) => {
      const url = new URL(request.url);
      let body: string;
      try {
        body = await request.text();
      } catch {
        // The body broke off (the proxy gave up on it): nothing complete arrived.
        return new Response(null, { status: 400 });
      }
      const seen: SeenRequest = {
        method: request.method,
        target: url.pathname + url.search,
        headers: Object.fromEntries(request.headers),
        body,
      };
      requests.push(seen);
      return respond(request, seen);
    },
  );
  return { port: server.addr.port, requests, close: () => server.shutdown() };
}

/** A raw TCP server that records each connection's bytes and answers from a script. */
export interface RawUpstream extends Upstream {
  /** What each connection sent, as Latin-1 text, in accept order. */
  readonly received: string[];
}

/** How a raw upstream answers one connection. */
export interface RawScript {
  /** True once the request is complete (default: the head's empty line has arrived). */
  readonly complete?: (received: string) => boolean;
  /** Bytes to send back once complete; undefined means never answer (hold the connection). */
  readonly reply?: string;
  /** Close after replying (default true). */
  readonly closeAfterReply?: boolean;
}

/** Starts a raw scripted server on 127.0.0.1. */
export function startRawUpstream(script: RawScript = {}): RawUpstream {
  const received: string[] = [];
  const complete = script.complete ?? ((text: string) => text.includes("\r\n\r\n"));
  const server = serveTcp("127.0.0.1", async (conn, index) => {
    received[index] = "";
    const buf = new Uint8Array(64 * 1024);
    for (;;) {
      const n = await conn.read(buf);
      if (n === null) return;
      received[index] += latin1Text(buf.subarray(0, n));
      // Without a reply, hold: read on until the peer gives up.
      if (!complete(received[index]!) || script.reply === undefined) continue;
      await writeAll(conn, Uint8Array.from(script.reply, (c) => c.charCodeAt(0)));
      if (script.closeAfterReply ?? true) return;
    }
  });
  return { port: server.port, received, close: server.close };
}

function latin1Text(bytes: Uint8Array): string {
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return text;
}

/** A loopback port nothing listens on (bound, then released). */
export function closedPort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

/** A server that accepts connections and never reads from them nor writes to them. */
export function startSilentUpstream(): Upstream & { readonly accepted: () => number } {
  return serveTcp("127.0.0.1", () => {});
}

/** A server that sends bytes as fast as each connection takes them, until it breaks. */
export function startFirehoseUpstream(): Upstream {
  const chunk = new Uint8Array(64 * 1024).fill(0x2a);
  return serveTcp("127.0.0.1", async (conn) => {
    for (;;) await conn.write(chunk);
  });
}

/** How a keep-alive upstream answers one request on one connection. */
export type KeepAliveAction =
  /** 200 with the body `conn N` (N: the connection's accept index), kept alive. */
  | "answer"
  /** The same, with `Connection: close`, then closes. */
  | "answer-close"
  /** `HTTP/1.0 200` without keep-alive, framed by Content-Length, then holds the connection. */
  | "answer-http10"
  /** `HTTP/1.0 200` with `Connection: keep-alive`, kept alive. */
  | "answer-http10-keepalive"
  /** Closes without answering. */
  | "drop";

/** A raw keep-alive HTTP/1.1 upstream that says which connection answered. */
export interface KeepAliveUpstream extends Upstream {
  /** Requests received per connection, in accept order. */
  readonly requests: number[];
  /** Each request's head as received, in arrival order. */
  readonly heads: string[];
  /** Whether connection `index` was closed by its peer (the proxy). */
  readonly closedByPeer: (index: number) => boolean;
  /** Sends `bytes` unasked on connection `index` (what a broken upstream might do). */
  readonly push: (index: number, bytes: string) => Promise<void>;
  /** Closes connection `index` from this side. */
  readonly hangUp: (index: number) => void;
}

/**
 * Starts a raw keep-alive upstream on 127.0.0.1 answering each request head
 * (requests here carry no body) as `policy` says for that connection and request.
 */
export function startKeepAliveUpstream(
  policy: (conn: number, request: number) => KeepAliveAction = () => "answer",
): KeepAliveUpstream {
  const requests: number[] = [];
  const heads: string[] = [];
  const peerClosed = new Set<number>();
  const hungUp = new Set<number>();
  const conns: Deno.Conn[] = [];
  const encode = (text: string) => new TextEncoder().encode(text);
  const server = serveTcp("127.0.0.1", async (conn, index) => {
    conns[index] = conn;
    requests[index] = 0;
    const buf = new Uint8Array(64 * 1024);
    let text = "";
    for (;;) {
      let n: number | null;
      try {
        n = await conn.read(buf);
      } catch {
        n = null;
      }
      if (n === null) {
        if (!hungUp.has(index)) peerClosed.add(index);
        return;
      }
      text += latin1Text(buf.subarray(0, n));
      while (text.includes("\r\n\r\n")) {
        const end = text.indexOf("\r\n\r\n") + 4;
        heads.push(text.slice(0, end));
        text = text.slice(end);
        const action = policy(index, requests[index]!++);
        if (action === "drop") return;
        const body = `conn ${index}`;
        const [version, fields] = action === "answer-http10"
          ? ["HTTP/1.0", ""]
          : action === "answer-http10-keepalive"
          ? ["HTTP/1.0", "Connection: keep-alive\r\n"]
          : action === "answer-close"
          ? ["HTTP/1.1", "Connection: close\r\n"]
          : ["HTTP/1.1", ""];
        await writeAll(
          conn,
          encode(`${version} 200 OK\r\nContent-Length: ${body.length}\r\n${fields}\r\n${body}`),
        );
        if (action === "answer-close") return;
      }
    }
  });
  return {
    port: server.port,
    requests,
    heads,
    closedByPeer: (index) => peerClosed.has(index),
    push: async (index, bytes) => await writeAll(conns[index]!, encode(bytes)),
    hangUp: (index) => {
      hungUp.add(index);
      try {
        conns[index]?.close();
      } catch { /* already closed */ }
    },
    close: server.close,
  };
}
