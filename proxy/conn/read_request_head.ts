/**
 * Reading one request head off a client connection under its deadline, the
 * same way for both proxies. A new connection's head must be complete within
 * `headerMs`; a kept-alive connection may first sit idle for `idleMs` (when
 * given) with no byte of a new request, and its head then has `headerMs` from
 * its first byte.
 */
import type { ByteReader } from "../http/byte_reader.ts";
import { parseRequestHead, type RequestHead } from "../http/parse_request_head.ts";
import { type Refusal, refusal } from "../refusal.ts";
import { Deadline, EXPIRED } from "./deadline.ts";

/** The time limits of a head and how a proxy names a head that came too slowly. */
export interface HeadWait {
  /** How long a head may take: from the start on a new connection, else from its first byte. */
  readonly headerMs: number;
  /** How long a kept-alive connection may idle before a new head; omitted: `headerMs` from the start. */
  readonly idleMs?: number;
  /** The code and words of a 408 for a head begun and not finished in time. */
  readonly timeoutCode: string;
  readonly timeoutReason: string;
}

/** A head that could not be read: the refusal to answer with (`timedOut` when it was too slow). */
export type HeadRefused = Refusal & { readonly timedOut: boolean };

/** A head, or what arrived instead. */
export type HeadRead = { readonly kind: "head"; readonly head: RequestHead } | HeadRefused;

/**
 * Reads one request head from `reader`. Undefined means close without a
 * word: the client went away, `signal` aborted (shutdown), or the connection
 * sat idle with no byte of a new request until its deadline.
 */
export async function readRequestHead(
  reader: ByteReader,
  wait: HeadWait,
  first: boolean,
  signal?: { readonly aborted: boolean },
): Promise<HeadRead | undefined> {
  let begun = first || wait.idleMs === undefined || reader.buffered.length > 0;
  const deadline = new Deadline(begun ? wait.headerMs : wait.idleMs ?? wait.headerMs);
  try {
    for (;;) {
      const parsed = parseRequestHead(reader.buffered);
      if (parsed.kind === "head") {
        reader.consume(parsed.consumed);
        return { kind: "head", head: parsed.head };
      }
      if (parsed.kind === "error") {
        return { ...refusal(parsed.status, parsed.code, parsed.reason), timedOut: false };
      }
      if (!begun && reader.buffered.length > 0) {
        begun = true;
        deadline.reset(wait.headerMs);
      }
      const filled = await deadline.race(reader.fill());
      if (filled === EXPIRED) {
        if (reader.buffered.length === 0) return undefined;
        return { ...refusal(408, wait.timeoutCode, wait.timeoutReason), timedOut: true };
      }
      if (!filled) {
        if (signal?.aborted || reader.buffered.length === 0) return undefined;
        const reason = "the connection ended inside a request head";
        return { ...refusal(400, "http.incomplete", reason), timedOut: false };
      }
    }
  } finally {
    deadline.clear();
  }
}
