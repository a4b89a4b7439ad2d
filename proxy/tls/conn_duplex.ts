/**
 * A `node:stream` Duplex over a Deno connection, so `node:tls` can run a
 * server handshake over any connection bottle holds (Deno has no server-side
 * `startTls`; the egress proxy's clients arrive on a unix socket). Bytes the
 * proxy already read (the ClientHello it checked) come out first. Writes of
 * several TLS records queued at once go out as one write; ending or
 * destroying the stream ends or closes the connection.
 *
 * Backpressure on reads is this module's job: Deno's TLS layer reads its
 * stream as fast as it can and keeps what the application has not taken, so
 * a client sending to a proxy that is not reading would grow its memory
 * without bound. The owner says when the layer above holds enough
 * (`holdWhile`), reading stops then, and `pump` starts it again once the
 * application has read.
 */
import { Duplex } from "node:stream";
import type { Buffer } from "node:buffer";
import { closeQuietly } from "../conn/close_quietly.ts";
import { joinBytes } from "../conn/join_bytes.ts";
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

/** A Duplex over a {@link Transport}; see the module comment. */
export class ConnDuplex extends Duplex {
  readonly #transport: Transport;
  #buffer = new Uint8Array(READ_BYTES);
  #reading = false;
  /** A read was asked for while held. */
  #wanted = false;
  #full: () => boolean = () => false;

  /** Wraps `transport`; `first` is handed to the reader before anything read from it. */
  constructor(transport: Transport, first?: Uint8Array) {
    super({ readableHighWaterMark: READ_BYTES, writableHighWaterMark: READ_BYTES });
    this.#transport = transport;
    if (first !== undefined && first.length > 0) this.push(first);
  }

  /** Stops reading from the transport while `full()` is true; see {@link pump}. */
  holdWhile(full: () => boolean): void {
    this.#full = full;
  }

  /** Starts a read that was held, now that the layer above may have room. */
  pump(): void {
    if (this.#wanted && !this.#reading && !this.#full() && !this.destroyed) {
      this.#wanted = false;
      this.#readOnce();
    }
  }

  override _read(): void {
    if (this.#reading) return;
    if (this.#full()) {
      this.#wanted = true;
      return;
    }
    this.#readOnce();
  }

  #readOnce(): void {
    this.#reading = true;
    this.#transport.read(this.#buffer).then(
      (n) => {
        this.#reading = false;
        if (n === null) {
          this.push(null);
          return;
        }
        // The TLS layer reads this stream flowing, and its 'data' handler copies
        // each chunk into the TLS engine at once. When the chunk went that way
        // (nothing left buffered here), the buffer is free again: the next read
        // reuses it, sparing a 64 KiB allocation per read. Otherwise the chunk
        // is the reader's, and the next read goes into the rest of the buffer
        // or a new one.
        const chunk = this.#buffer.subarray(0, n);
        this.push(chunk);
        if (this.readableLength !== 0 || !this.readableFlowing) {
          this.#buffer = this.#buffer.length - n >= MIN_READ_BYTES
            ? this.#buffer.subarray(n)
            : new Uint8Array(READ_BYTES);
        }
      },
      (error) => {
        this.#reading = false;
        this.destroy(error as Error);
      },
    );
  }

  override _write(chunk: Buffer, _encoding: string, callback: (error?: Error) => void): void {
    writeAll(this.#transport, chunk).then(() => callback(), (error) => callback(error as Error));
  }

  override _writev(
    chunks: { chunk: Buffer }[],
    callback: (error?: Error) => void,
  ): void {
    const bytes = joinBytes(chunks.map((c) => c.chunk));
    writeAll(this.#transport, bytes).then(() => callback(), (error) => callback(error as Error));
  }

  override _final(callback: (error?: Error) => void): void {
    this.#transport.closeWrite().then(() => callback(), () => callback());
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    closeQuietly(this.#transport);
    callback(error);
  }
}
