/**
 * Idle connections to the one upstream, kept for the next request so a
 * request to `https://api.anthropic.com` does not pay a TCP and TLS handshake
 * each time. A connection is only given back after an exchange that ended
 * cleanly (complete response, no `Connection: close`), and while it idles a
 * read is kept in flight on it: the upstream closing it, or sending anything
 * unasked, drops it at once. Idle connections are closed after `idleMs`.
 */
import { closeQuietly } from "../conn/close_quietly.ts";
import { Deadline } from "../conn/deadline.ts";
import type { ByteReader } from "../http/byte_reader.ts";

/** An upstream connection and its read buffer. */
export interface UpstreamLink {
  readonly conn: Deno.Conn;
  readonly reader: ByteReader;
}

/** Bounds of the pool. */
export interface PoolLimits {
  /** Idle connections kept at most. */
  readonly maxIdle: number;
  /** An idle connection is closed after this long. */
  readonly idleMs: number;
}

interface Idle {
  readonly link: UpstreamLink;
  readonly timer: Deadline;
}

/** A LIFO pool of idle upstream connections. */
export class UpstreamPool {
  readonly #limits: PoolLimits;
  readonly #idle: Idle[] = [];
  #closed = false;

  constructor(limits: PoolLimits) {
    this.#limits = limits;
  }

  /** Idle connections right now. */
  get size(): number {
    return this.#idle.length;
  }

  /** The most recently used idle connection that is still open, or undefined. */
  take(): UpstreamLink | undefined {
    for (let idle = this.#idle.pop(); idle !== undefined; idle = this.#idle.pop()) {
      idle.timer.clear();
      const { reader } = idle.link;
      if (reader.reading && !reader.eof && reader.buffered.length === 0) return idle.link;
      closeQuietly(idle.link.conn);
    }
    return undefined;
  }

  /** Keeps `link` for reuse (its last exchange must have ended cleanly), or closes it. */
  give(link: UpstreamLink): void {
    const unusable = link.reader.buffered.length > 0 || link.reader.eof;
    if (this.#closed || unusable || this.#limits.maxIdle < 1) {
      closeQuietly(link.conn);
      return;
    }
    const oldest = this.#idle[0];
    if (oldest !== undefined && this.#idle.length >= this.#limits.maxIdle) this.#drop(oldest);
    const idle: Idle = {
      link,
      timer: new Deadline(this.#limits.idleMs, { onExpire: () => this.#drop(idle) }),
    };
    this.#idle.push(idle);
    // The watch: a read in flight, joined by the next exchange's first read if it is reused.
    link.reader.fill().then(() => {
      if (this.#idle.includes(idle)) this.#drop(idle);
    });
  }

  /** Closes every idle connection and keeps none from now on. */
  close(): void {
    this.#closed = true;
    for (const idle of this.#idle.splice(0)) {
      idle.timer.clear();
      closeQuietly(idle.link.conn);
    }
  }

  #drop(idle: Idle): void {
    const at = this.#idle.indexOf(idle);
    if (at !== -1) this.#idle.splice(at, 1);
    idle.timer.clear();
    closeQuietly(idle.link.conn);
  }
}
