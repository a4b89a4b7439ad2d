/**
 * A loopback destination for egress proxy tests that records, per
 * connection, every byte it received and when and how the connection ended,
 * so a test can prove what reached the destination and that the proxy closed
 * it. It answers nothing unless told to echo.
 */

import { writeAll } from "../../proxy/conn/write_all.ts";

/** One connection the upstream accepted. */
export interface RecordedConn {
  /** Everything received so far, as Latin-1 text. */
  readonly received: () => string;
  /** Resolves when the proxy closed (or reset) the connection. */
  readonly ended: Promise<void>;
  /** Whether the connection has ended yet. */
  readonly hasEnded: () => boolean;
}

/** A recording upstream on 127.0.0.1. */
export interface RecordingUpstream {
  readonly port: number;
  /** Connections in accept order. */
  readonly conns: readonly RecordedConn[];
  /** Stops listening, closes every connection and waits for them. */
  readonly close: () => Promise<void>;
}

/** Starts a recording upstream; with `echo`, it sends back every byte it receives. */
export function startRecordingUpstream(
  options: { readonly echo?: boolean } = {},
): RecordingUpstream {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const conns: RecordedConn[] = [];
  const open = new Set<Deno.Conn>();
  const loops: Promise<void>[] = [];
  const serve = async (conn: Deno.Conn, record: (text: string) => void) => {
    const buf = new Uint8Array(64 * 1024);
    try {
      for (;;) {
        const n = await conn.read(buf);
        if (n === null) return;
        let text = "";
        for (const byte of buf.subarray(0, n)) text += String.fromCharCode(byte);
        record(text);
        if (options.echo === true) await writeAll(conn, buf.subarray(0, n));
      }
    } catch {
      // A reset ends the connection as well.
    }
  };
  const accepting = (async () => {
    for (;;) {
      let conn: Deno.Conn;
      try {
        conn = await listener.accept();
      } catch {
        return;
      }
      open.add(conn);
      let text = "";
      let done = false;
      const ended = serve(conn, (more) => text += more).finally(() => {
        done = true;
        open.delete(conn);
        try {
          conn.close();
        } catch { /* already closed */ }
      });
      loops.push(ended);
      conns.push({ received: () => text, ended, hasEnded: () => done });
    }
  })();
  return {
    port: (listener.addr as Deno.NetAddr).port,
    conns,
    close: async () => {
      listener.close();
      for (const conn of open) {
        try {
          conn.close();
        } catch { /* already closed */ }
      }
      await accepting;
      await Promise.all(loops);
    },
  };
}
