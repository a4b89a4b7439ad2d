/**
 * The decrypted side of a terminated TLS connection, shaped like a
 * `Deno.Conn` so the proxy's connection core (its read buffer, head parser,
 * body forwarding and tunnel copy) runs on it unchanged. Reads pull from the
 * TLS socket only when asked (backpressure reaches the client); writes are
 * copied before they are queued (callers reuse their buffers) and wait while
 * the socket's queue is full.
 */
import type { TLSSocket } from "node:tls";
import type { Buffer } from "node:buffer";
import { closeQuietly } from "../conn/close_quietly.ts";

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
  readonly #under: { close(): void };
  /** Part of a chunk a short read could not take. */
  #rest: Uint8Array | undefined;
  #ended = false;
  #failed: Error | undefined;
  #closed = false;
  /** Wake a read, and a write, waiting for the socket (one of each may wait at once). */
  #wakeRead: (() => void) | undefined;
  #wakeWrite: (() => void) | undefined;
  #readable: ReadableStream<Uint8Array<ArrayBuffer>> | undefined;
  #writable: WritableStream<Uint8Array> | undefined;

  constructor(socket: TLSSocket, under: Addresses & { close(): void }) {
    this.#socket = socket;
    this.#under = under;
    this.localAddr = under.localAddr;
    this.remoteAddr = under.remoteAddr;
    socket.on("readable", () => this.#wakeReader());
    socket.on("drain", () => this.#wakeWriter());
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
        return n;
      }
      if (this.#failed !== undefined) throw this.#failed;
      if (this.#ended || this.#socket.readableEnded) return null;
      await new Promise<void>((resolve) => this.#wakeRead = resolve);
    }
  }

  /** Encrypts and sends all of `p` (a copy is queued); waits while the socket's queue is full. */
  async write(p: Uint8Array): Promise<number> {
    if (this.#closed) throw new Deno.errors.BadResource("the connection is closed");
    if (this.#failed !== undefined) throw this.#failed;
    if (this.#socket.destroyed || this.#socket.writableEnded) {
      throw new Deno.errors.BrokenPipe("the TLS connection is closed for writing");
    }
    if (p.length === 0) return 0;
    const queued = this.#socket.write(p.slice());
    if (!queued) {
      while (this.#socket.writableNeedDrain && this.#failed === undefined && !this.#closed) {
        if (this.#socket.destroyed) break;
        await new Promise<void>((resolve) => this.#wakeWrite = resolve);
      }
      if (this.#failed !== undefined) throw this.#failed;
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
    closeQuietly(this.#under);
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
