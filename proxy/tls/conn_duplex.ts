/**
 * A `node:stream` Duplex over a Deno connection, so `node:tls` can run a
 * server handshake over any connection bottle holds (Deno has no server-side
 * `startTls`; the egress proxy's clients arrive on a unix socket). Bytes the
 * proxy already read (the ClientHello it checked) come out first. Reads start
 * only when the TLS layer asks for more (backpressure), writes of several
 * TLS records queued at once go out as one write, and ending or destroying
 * the stream ends or closes the connection.
 */
import { Duplex } from "node:stream";
import type { Buffer } from "node:buffer";
import { closeQuietly } from "../conn/close_quietly.ts";
import { writeAll } from "../conn/write_all.ts";

/** The connection under a TLS server: a `Deno.Conn` or anything shaped like one. */
export interface Transport {
  read(p: Uint8Array): Promise<number | null>;
  write(p: Uint8Array): Promise<number>;
  closeWrite(): Promise<void>;
  close(): void;
}

/** Bytes read from the transport at once; TLS records are at most ~16 KiB, a few fit. */
const READ_BYTES = 64 * 1024;
/** Room below which a read gets a new buffer rather than the rest of the old one. */
const MIN_READ_BYTES = 16 * 1024;

/** Wraps `transport`; `first` is handed to the reader before anything read from it. */
export function connDuplex(transport: Transport, first?: Uint8Array): Duplex {
  let reading = false;
  let buffer = new Uint8Array(READ_BYTES);
  const duplex: Duplex = new Duplex({
    // The TLS layer buffers in its own right: keep little here.
    readableHighWaterMark: READ_BYTES,
    writableHighWaterMark: READ_BYTES,
    read() {
      if (reading) return;
      reading = true;
      transport.read(buffer).then(
        (n) => {
          reading = false;
          if (n === null) {
            duplex.push(null);
            return;
          }
          // The pushed bytes are the reader's from here on: the next read goes
          // into the rest of the buffer, or a new one when little is left.
          const chunk = buffer.subarray(0, n);
          buffer = buffer.length - n >= MIN_READ_BYTES
            ? buffer.subarray(n)
            : new Uint8Array(READ_BYTES);
          duplex.push(chunk);
        },
        (error) => {
          reading = false;
          duplex.destroy(error as Error);
        },
      );
    },
    write(chunk: Buffer, _encoding, callback) {
      writeAll(transport, chunk).then(() => callback(), (error) => callback(error as Error));
    },
    writev(chunks: { chunk: Buffer }[], callback) {
      const bytes = concat(chunks.map((c) => c.chunk));
      writeAll(transport, bytes).then(() => callback(), (error) => callback(error as Error));
    },
    final(callback) {
      transport.closeWrite().then(() => callback(), () => callback());
    },
    destroy(error, callback) {
      closeQuietly(transport);
      callback(error);
    },
  });
  if (first !== undefined && first.length > 0) duplex.push(first);
  return duplex;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!;
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
