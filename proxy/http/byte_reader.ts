/**
 * Buffered reading from one connection for both proxies. The parsers look at
 * what has arrived, the proxy consumes what they used, and bytes that belong
 * to the next message stay buffered. Reads are large when
 * the data is (the buffer doubles, up to a cap, while reads fill it, so a bulk
 * body costs few reads) and small when it is not (SSE streams keep 16 KiB).
 *
 * One read may be in flight while the owner does something else (the proxy
 * watches a client for disconnection while the upstream answers): `fill` joins
 * a read already in flight instead of starting a second, and the buffer is
 * never moved while a read is writing into it. A caller that stopped waiting
 * for a read (a timeout) closes the connection and then awaits `settled()`,
 * so no read outlives its session.
 */

/** Anything the proxy reads from: a TCP, TLS or unix connection. */
export interface Readable {
  read(p: Uint8Array): Promise<number | null>;
}

const INITIAL_BYTES = 16 * 1024;
/** The least room a read is given; less left behind the buffered bytes moves or grows the buffer. */
const MIN_ROOM = 4 * 1024;

/**
 * Initial buffers given back by `release` (a tunnel's reader, done once its
 * head is read), lent to the next connection: a zeroed 16 KiB allocation is
 * a measurable part of a connection's cost. Only the bytes a reader itself
 * read are ever visible through it, so a reused buffer shows nothing old.
 */
const SPARE_LIMIT = 16;
const spares: Uint8Array[] = [];

/** Largest buffer a reader grows to; a bigger read gains little and costs memory per stream. */
export const MAX_READ_BYTES = 512 * 1024;

const EMPTY = new Uint8Array(0);

/** A growable read buffer over one connection. */
export class ByteReader {
  readonly #conn: Readable;
  #buf = spares.pop() ?? new Uint8Array(INITIAL_BYTES);
  #start = 0;
  #end = 0;
  #eof = false;
  #pending: Promise<boolean> | undefined;
  /** Set when a read filled all the room it had: the next read gets a bigger buffer. */
  #grow = false;

  constructor(conn: Readable) {
    this.#conn = conn;
  }

  /** Bytes received and not yet consumed (a view: valid until the next `fill`). */
  get buffered(): Uint8Array {
    return this.#buf.subarray(this.#start, this.#end);
  }

  /** Whether the peer has closed its side (or the connection failed). */
  get eof(): boolean {
    return this.#eof;
  }

  /** Whether a read is in flight. */
  get reading(): boolean {
    return this.#pending !== undefined;
  }

  /** Marks `n` buffered bytes as used. */
  consume(n: number): void {
    this.#start = Math.min(this.#start + n, this.#end);
    if (this.#start === this.#end && this.#pending === undefined) this.#start = this.#end = 0;
  }

  /** Takes every buffered byte (a copy) and empties the buffer. */
  take(): Uint8Array {
    const out = this.buffered.slice();
    this.consume(out.length);
    return out;
  }

  /** Puts bytes back in front of the buffer (what a body decoder read past its end). */
  unshift(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    if (this.#start >= bytes.length) {
      this.#start -= bytes.length;
      this.#buf.set(bytes, this.#start);
      return;
    }
    if (this.#pending !== undefined) throw new Error("unshift while a read is in flight");
    const rest = this.buffered;
    const next = new Uint8Array(
      Math.max(this.#buf.length, bytes.length + rest.length + INITIAL_BYTES),
    );
    next.set(bytes, 0);
    next.set(rest, bytes.length);
    this.#buf = next;
    this.#start = 0;
    this.#end = bytes.length + rest.length;
  }

  /** Resolves once no read is in flight; close the connection first to end a pending one. */
  async settled(): Promise<void> {
    await this.#pending;
  }

  /** Drops a grown buffer once it is empty, so an idle connection holds 16 KiB. */
  shrink(): void {
    if (this.#pending !== undefined || this.#start !== this.#end) return;
    if (this.#buf.length > INITIAL_BYTES) this.#buf = new Uint8Array(INITIAL_BYTES);
    this.#start = this.#end = 0;
  }

  /**
   * Drops the buffer once empty (a tunnel reads the socket itself from here
   * on); a later `fill` allocates again.
   */
  release(): void {
    if (this.#pending !== undefined || this.#start !== this.#end) return;
    if (this.#buf.length === INITIAL_BYTES && spares.length < SPARE_LIMIT) spares.push(this.#buf);
    this.#buf = EMPTY;
    this.#start = this.#end = 0;
  }

  /**
   * Reads once more (or joins the read in flight); false at end of stream or
   * on a failed or closed connection.
   */
  fill(): Promise<boolean> {
    if (this.#pending !== undefined) return this.#pending;
    if (this.#eof) return Promise.resolve(false);
    this.#makeRoom();
    const into = this.#buf.subarray(this.#end);
    const pending = this.#conn.read(into).then(
      (n) => this.#settle(n, into.length),
      () => this.#settle(null, into.length),
    );
    this.#pending = pending;
    return pending;
  }

  #settle(n: number | null, asked: number): boolean {
    this.#pending = undefined;
    if (n === null) {
      this.#eof = true;
      return false;
    }
    this.#end += n;
    if (n === asked && this.#buf.length < MAX_READ_BYTES) this.#grow = true;
    return true;
  }

  #makeRoom(): void {
    const used = this.#end - this.#start;
    let size = Math.max(this.#buf.length, INITIAL_BYTES);
    if (this.#grow) {
      size = Math.min(size * 2, MAX_READ_BYTES);
      this.#grow = false;
    }
    // Keep room for a read behind what is buffered (a head being parsed may grow). A few bytes
    // left over (a small body read with its head) do not cost a new, larger buffer.
    while (size - used < MIN_ROOM) size *= 2;
    if (size !== this.#buf.length) {
      const next = new Uint8Array(size);
      next.set(this.#buf.subarray(this.#start, this.#end), 0);
      this.#buf = next;
    } else if (this.#start > 0 && (used === 0 || this.#buf.length - this.#end < MIN_ROOM)) {
      this.#buf.copyWithin(0, this.#start, this.#end);
    } else {
      return;
    }
    this.#start = 0;
    this.#end = used;
  }
}
