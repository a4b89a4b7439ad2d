/**
 * Buffered reading from a connection for the egress proxy: the parsers look
 * at what has arrived, the proxy consumes what they used, and bytes that
 * belong to the next message stay buffered. Memory is bounded by the caller,
 * who never lets the buffer grow past a parser's limit. At most one read is
 * in flight: a caller that stopped waiting for one (a timeout) closes the
 * connection and then awaits `settled()`, so no read outlives its session.
 */

/** Anything the proxy reads from: a TCP or unix connection. */
export interface Readable {
  read(p: Uint8Array): Promise<number | null>;
}

/** A growable read buffer over one connection. */
export class ConnReader {
  readonly #conn: Readable;
  #buf = new Uint8Array(16 * 1024);
  #start = 0;
  #end = 0;
  #eof = false;
  #filling: Promise<boolean> | undefined;

  constructor(conn: Readable) {
    this.#conn = conn;
  }

  /** Bytes received and not yet consumed. */
  get buffered(): Uint8Array {
    return this.#buf.subarray(this.#start, this.#end);
  }

  /** Whether the peer has closed its side. */
  get eof(): boolean {
    return this.#eof;
  }

  /** Marks `n` buffered bytes as used. */
  consume(n: number): void {
    this.#start = Math.min(this.#start + n, this.#end);
    if (this.#start === this.#end) this.#start = this.#end = 0;
  }

  /** Takes every buffered byte (a copy) and empties the buffer. */
  take(): Uint8Array {
    const out = this.buffered.slice();
    this.#start = this.#end = 0;
    return out;
  }

  /** Puts bytes back in front of the buffer (what a body decoder read past its end). */
  unshift(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    const rest = this.buffered.slice();
    this.#ensure(bytes.length + rest.length);
    this.#buf.set(bytes, 0);
    this.#buf.set(rest, bytes.length);
    this.#start = 0;
    this.#end = bytes.length + rest.length;
  }

  /**
   * Reads once more from the connection; false at end of stream (or a closed
   * connection). While a read is in flight, a second call shares it. Never rejects.
   */
  fill(): Promise<boolean> {
    this.#filling ??= this.#fill().finally(() => {
      this.#filling = undefined;
    });
    return this.#filling;
  }

  /** Resolves once no read is in flight; close the connection first to end a pending one. */
  async settled(): Promise<void> {
    await this.#filling;
  }

  async #fill(): Promise<boolean> {
    if (this.#eof) return false;
    if (this.#start > 0) {
      this.#buf.copyWithin(0, this.#start, this.#end);
      this.#end -= this.#start;
      this.#start = 0;
    }
    this.#ensure(this.#end + 16 * 1024);
    let n: number | null;
    try {
      n = await this.#conn.read(this.#buf.subarray(this.#end));
    } catch {
      n = null;
    }
    if (n === null) {
      this.#eof = true;
      return false;
    }
    this.#end += n;
    return true;
  }

  #ensure(size: number): void {
    if (size <= this.#buf.length) return;
    const next = new Uint8Array(Math.max(size, this.#buf.length * 2));
    next.set(this.#buf.subarray(this.#start, this.#end), 0);
    this.#end -= this.#start;
    this.#start = 0;
    this.#buf = next;
  }
}
