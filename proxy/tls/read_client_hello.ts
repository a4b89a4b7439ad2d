/**
 * Reading a tunnel's first bytes until they are a whole ClientHello or cannot
 * become one, bounded in time and size — the one way both an opaque TLS
 * tunnel and an intercepted connection read it. The bytes stay in the reader
 * (they are forwarded, or handed to the TLS layer, next).
 */
import { Deadline, EXPIRED } from "../conn/deadline.ts";
import type { ByteReader } from "../http/byte_reader.ts";
import { type ClientHelloResult, parseClientHello } from "./parse_client_hello.ts";

/** Bounds of one read. */
export interface HelloBounds {
  readonly timeoutMs: number;
  readonly maxBytes: number;
  /** Stops waiting (shutdown). */
  readonly signal?: AbortSignal;
}

/**
 * What arrived: a parse result (`incomplete` now means the stream ended
 * first), or `timeout`, or `aborted` when `signal` aborted.
 */
export type HelloRead =
  | ClientHelloResult
  | { readonly kind: "timeout" }
  | { readonly kind: "aborted" };

/** Reads from `reader` until its bytes decide a ClientHello; see {@link HelloRead}. */
export async function readClientHello(reader: ByteReader, bounds: HelloBounds): Promise<HelloRead> {
  // A shutdown ends the wait at once (the deadline's parent signal), not at the next byte.
  const deadline = new Deadline(
    bounds.timeoutMs,
    bounds.signal === undefined ? {} : { signal: bounds.signal },
  );
  try {
    for (;;) {
      const hello = parseClientHello(reader.buffered, bounds.maxBytes);
      if (hello.kind !== "incomplete" || reader.eof) return hello;
      const filled = await deadline.race(reader.fill());
      if (bounds.signal?.aborted === true) return { kind: "aborted" };
      if (filled === EXPIRED) return { kind: "timeout" };
      if (!filled) return { kind: "incomplete" };
    }
  } finally {
    deadline.clear();
  }
}
