/**
 * Idle upstream connections, kept for the next request to the same place so
 * it does not pay a TCP (and TLS) handshake. One pool serves both proxies:
 * the API proxy keeps connections to its one upstream, the egress proxy to
 * each pinned address, port and granted host name. A connection is only ever
 * handed out for the key it was given back under; what a key names is the
 * caller's choice (see `egressPoolKey`), and each proxy — so each bottle — has
 * its own pool.
 *
 * The pool decides nothing about a request: the caller decides every request
 * first and only then asks for a connection, and gives one back only after an
 * exchange that ended cleanly (`reusableAfter`). While a connection idles a
 * read is kept in flight on it: the upstream closing it, or sending anything
 * unasked, drops it at once. Idle connections are bounded per key and in all,
 * and closed after `idleMs`.
 */
import { closeQuietly } from "./close_quietly.ts";
import { Deadline } from "./deadline.ts";
import type { ByteReader } from "../http/byte_reader.ts";

/** An upstream connection and its read buffer. */
export interface UpstreamLink {
  readonly conn: Deno.Conn;
  readonly reader: ByteReader;
}

/** Bounds of the pool. */
export interface PoolLimits {
  /** Idle connections kept at most, over every key (0 keeps none). */
  readonly maxIdle: number;
  /** Idle connections kept at most for one key. */
  readonly maxIdlePerKey: number;
  /** An idle connection is closed after this long. */
  readonly idleMs: number;
}

interface Idle {
  readonly key: string;
  readonly link: UpstreamLink;
  readonly timer: Deadline;
}

/** Idle upstream connections by key, the most recently used handed out first. */
export class UpstreamPool {
  readonly #limits: PoolLimits;
  /** Per key, oldest first. */
  readonly #byKey = new Map<string, Idle[]>();
  /** Every idle connection, oldest first: the one evicted when the pool is full. */
  readonly #all: Idle[] = [];
  #closed = false;

  constructor(limits: PoolLimits) {
    this.#limits = limits;
  }

  /** Idle connections right now, over every key. */
  get size(): number {
    return this.#all.length;
  }

  /** Idle connections kept for `key` right now. */
  sizeOf(key: string): number {
    return this.#byKey.get(key)?.length ?? 0;
  }

  /** The most recently used idle connection for `key` that is still open, or undefined. */
  take(key: string): UpstreamLink | undefined {
    const idles = this.#byKey.get(key);
    for (let idle = idles?.pop(); idle !== undefined; idle = idles?.pop()) {
      this.#forget(idle);
      idle.timer.clear();
      if (alive(idle.link)) return idle.link;
      closeQuietly(idle.link.conn);
    }
    return undefined;
  }

  /**
   * Keeps `link` for the next request under `key`, or closes it. Give a
   * connection back only after an exchange that ended cleanly.
   */
  give(key: string, link: UpstreamLink): void {
    const { maxIdle, maxIdlePerKey, idleMs } = this.#limits;
    const unusable = link.reader.buffered.length > 0 || link.reader.eof;
    if (this.#closed || unusable || maxIdle < 1 || maxIdlePerKey < 1) {
      closeQuietly(link.conn);
      return;
    }
    const idles = this.#byKey.get(key) ?? [];
    if (idles.length >= maxIdlePerKey) this.#drop(idles[0]!);
    if (this.#all.length >= maxIdle) this.#drop(this.#all[0]!);
    // An idle connection holds the reader's small buffer, not what a large response grew.
    link.reader.shrink();
    const idle: Idle = {
      key,
      link,
      timer: new Deadline(idleMs, { onExpire: () => this.#drop(idle) }),
    };
    idles.push(idle);
    this.#byKey.set(key, idles);
    this.#all.push(idle);
    // The watch: a read in flight, joined by the next exchange's first read if it is reused.
    link.reader.fill().then(() => {
      if (this.#all.includes(idle)) this.#drop(idle);
    });
  }

  /** Closes every idle connection and keeps none from now on. */
  close(): void {
    this.#closed = true;
    for (const idle of [...this.#all]) this.#drop(idle);
  }

  #drop(idle: Idle): void {
    this.#forget(idle);
    idle.timer.clear();
    closeQuietly(idle.link.conn);
  }

  /** Removes `idle` from both lists (it may already be gone from its key's). */
  #forget(idle: Idle): void {
    const idles = this.#byKey.get(idle.key);
    if (idles !== undefined) {
      const at = idles.indexOf(idle);
      if (at !== -1) idles.splice(at, 1);
      if (idles.length === 0) this.#byKey.delete(idle.key);
    }
    const at = this.#all.indexOf(idle);
    if (at !== -1) this.#all.splice(at, 1);
  }
}

/** Whether an idle connection is still usable: its watch read pending, nothing arrived, not closed. */
function alive({ reader }: UpstreamLink): boolean {
  return reader.reading && !reader.eof && reader.buffered.length === 0;
}
