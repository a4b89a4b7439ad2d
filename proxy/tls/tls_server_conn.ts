/**
 * The decrypted side of a terminated TLS connection, shaped like a
 * `Deno.Conn` so the proxy's connection core (its read buffer, head parser,
 * body forwarding and tunnel copy) runs on it unchanged.
 *
 * Memory is bounded both ways. Reads: the connection under the TLS layer is
 * read only while less than {@link READ_AHEAD_BYTES} of plaintext wait for the
 * proxy (a client cannot make the proxy buffer what it does not read).
 * Writes: a write resolves once the TLS layer has taken its bytes (callers
 * reuse their buffers, so nothing is kept by reference), and then waits while
 * the records not yet sent are over 64 KiB, so a client that does not read
 * holds the proxy's writer back instead of filling its memory.
 */
import type { TLSSocket } from "node:tls";
import type { Buffer } from "node:buffer";
import type { ConnDuplex } from "./conn_duplex.ts";

/** Plaintext read ahead of the proxy at most (then the client's connection is not read). */
export const READ_AHEAD_BYTES = 256 * 1024;

/** The addresses of the connection under the TLS layer. */
export interface Addresses {
  readonly localAddr: Deno.Addr;
  readonly remoteAddr: Deno.Addr;
}

/** A `Deno.Conn` over a server-side `TLSSocket`; see the module comment. */
export class TlsServerConn implements Deno.Conn {
  readonly localAddr: Deno.Addr;
  readonly remoteAddr: Deno.Addr;
  readonly #socket: TLSSocket;
  readonly #under: ConnDuplex;
  /** Part of a chunk a short read could not take. */
  #rest: Uint8Array | undefined;
  #ended = false;
  #failed: Error | undefined;
  #closed = false;
  #underClosed = false;
  /** Wake a read, and a write, waiting for the socket (one of each may wait at once). */
  #wakeRead: (() => void) | undefined;
  #wakeWrite: (() => void) | undefined;
  #readable: ReadableStream<Uint8Array<ArrayBuffer>> | undefined;
  #writable: WritableStream<Uint8Array> | undefined;

  /** `socket` runs over `under`, a {@link ConnDuplex} over a connection with `addresses`. */
  constructor(socket: TLSSocket, under: ConnDuplex, addresses: Addresses) {
    this.#socket = socket;
    this.#under = under;
    this.localAddr = addresses.localAddr;
    this.remoteAddr = addresses.remoteAddr;
    // The TLS layer stops handing plaintext to the socket once the socket holds its
    // high-water mark (READ_AHEAD_BYTES), but goes on taking records: stop reading there.
    under.holdWhile(() => socket.readableLength + (this.#rest?.length ?? 0) >= READ_AHEAD_BYTES);
    socket.on("readable", () => this.#wakeReader());
    socket.on("drain", () => this.#wakeWriter());
    under.on("drain", () => this.#wakeWriter());
    // The connection under the TLS layer failing or closing ends this one too
    // (the TLS socket is not always told).
    under.on("error", (error: Error) => {
      this.#failed ??= error;
      this.#wakeBoth();
    });
    under.on("close", () => {
      this.#underClosed = true;
      // Pending writes get their callbacks (with an error), reads their end.
      socket.destroy();
      this.#wakeBoth();
    });
    socket.on("end", () => {
      this.#ended = true;
      this.#wakeReader();
    });
    socket.on("error", (error: Error) => {
      this.#failed = error;
      this.#wakeBoth();
    });
    socket.on("close", () => {
      this.#ended = true;
      this.#wakeBoth();
    });
  }

  /** Reads decrypted bytes into `p`; null once the client ended its side (or the connection failed). */
  async read(p: Uint8Array): Promise<number | null> {
    if (p.length === 0) return 0;
    for (;;) {
      if (this.#closed) throw new Deno.errors.BadResource("the connection is closed");
      const chunk: Uint8Array | null = this.#rest ?? (this.#socket.read() as Buffer | null);
      this.#rest = undefined;
      if (chunk !== null && chunk.length > 0) {
        const n = Math.min(chunk.length, p.length);
        p.set(chunk.subarray(0, n));
        if (n < chunk.length) this.#rest = chunk.subarray(n);
        // Room again below the read-ahead bound: the held connection may be read.
        this.#under.pump();
        return n;
      }
      if (this.#failed !== undefined) throw this.#failed;
      if (this.#ended || this.#socket.readableEnded) return null;
      await new Promise<void>((resolve) => this.#wakeRead = resolve);
    }
  }

  /** Encrypts and sends all of `p`; waits while the records not yet sent are over their mark. */
  async write(p: Uint8Array): Promise<number> {
    if (this.#closed) throw new Deno.errors.BadResource("the connection is closed");
    if (this.#failed !== undefined) throw this.#failed;
    if (this.#socket.destroyed || this.#socket.writableEnded) {
      throw new Deno.errors.BrokenPipe("the TLS connection is closed for writing");
    }
    if (p.length === 0) return 0;
    // No copy: the write resolves once the TLS layer has taken the bytes (a
    // destroyed socket calls back with an error).
    await new Promise<void>((resolve, reject) => {
      this.#socket.write(p, (error) => error ? reject(error) : resolve());
    });
    // A queue over its high-water mark says "drain" once it has emptied: the
    // socket's (plaintext not yet encrypted), then the stream's under it
    // (records not yet sent; the TLS layer writes them without asking).
    while (this.#socket.writableNeedDrain || this.#under.writableNeedDrain) {
      if (this.#failed !== undefined) throw this.#failed;
      if (this.#closed || this.#underClosed || this.#socket.destroyed) {
        throw new Deno.errors.BrokenPipe("the TLS connection closed");
      }
      await new Promise<void>((resolve) => this.#wakeWrite = resolve);
    }
    return p.length;
  }

  /** Sends close_notify and ends the write side of the connection under it. */
  closeWrite(): Promise<void> {
    if (this.#closed || this.#socket.writableEnded) return Promise.resolve();
    return new Promise<void>((resolve) => this.#socket.end(resolve));
  }

  /** Closes the TLS socket and the connection under it. */
  close(): void {
    if (this.#closed) throw new Deno.errors.BadResource("the connection is already closed");
    this.#closed = true;
    this.#socket.destroy();
    // Destroying the stream under the TLS layer closes the connection.
    this.#under.destroy();
    this.#wakeBoth();
  }

  #wakeReader(): void {
    const waiting = this.#wakeRead;
    this.#wakeRead = undefined;
    waiting?.();
  }

  #wakeWriter(): void {
    const waiting = this.#wakeWrite;
    this.#wakeWrite = undefined;
    waiting?.();
  }

  #wakeBoth(): void {
    this.#wakeReader();
    this.#wakeWriter();
  }

  ref(): void {}

  unref(): void {}

  [Symbol.dispose](): void {
    if (!this.#closed) this.close();
  }

  /** The decrypted bytes as a stream (made on first use). */
  get readable(): ReadableStream<Uint8Array<ArrayBuffer>> {
    this.#readable ??= new ReadableStream<Uint8Array<ArrayBuffer>>({
      pull: async (controller) => {
        const chunk = new Uint8Array(16 * 1024);
        const n = await this.read(chunk);
        if (n === null) controller.close();
        else controller.enqueue(chunk.subarray(0, n));
      },
      cancel: () => this.close(),
    });
    return this.#readable;
  }

  /** A stream that encrypts and sends what is written to it (made on first use). */
  get writable(): WritableStream<Uint8Array> {
    this.#writable ??= new WritableStream({
      write: async (chunk) => {
        await this.write(chunk);
      },
      close: () => this.closeWrite(),
      abort: () => {
        if (!this.#closed) this.close();
      },
    });
    return this.#writable;
  }
}
