/**
 * Moves a response to the bottle as it arrives: the head, then each read of
 * the body written on at once, through a body filter (the response
 * scrubber, which holds back only a tail that could begin a secret, so SSE
 * events are not held back) — a
 * Content-Length body byte for byte, a chunked body decoded strictly and
 * re-framed, a close-delimited body until the upstream closes.
 *
 * Small writes are merged where nothing waits for it: the head goes out with
 * the body bytes that arrived with it, and the last chunk with the final
 * data. Behind a relay with Nagle's algorithm on (socat, by default) a small
 * write that follows another waits for the client's delayed ACK, up to 40 ms.
 */
import type { ResponseFraming } from "../http/parse_response_head.ts";
import { ChunkedViewDecoder } from "../http/chunked_view_decoder.ts";
import { ChunkFramer } from "../http/chunk_framer.ts";
import { type Writable, writeAll } from "../conn/write_all.ts";
import { joinBytes } from "../conn/join_bytes.ts";
import type { ByteReader } from "../http/byte_reader.ts";

/**
 * What every body byte passes through: `push` gives the bytes that may go on
 * now, `end` what it still held when the body ended. The total length must
 * not change (the head's Content-Length is written before the body).
 */
export interface BodyFilter {
  push(data: Uint8Array): Uint8Array;
  end(): Uint8Array;
}

const PASS: BodyFilter = { push: (data) => data, end: () => new Uint8Array(0) };

/** How a response copy ended. */
export type ResponseBodyOutcome =
  | { readonly kind: "copied" }
  | {
    readonly kind: "failed";
    /** The upstream's body broke off or was malformed, or the client stopped taking it. */
    readonly failed: "upstream" | "client";
    readonly reason: string;
  };

/**
 * Writes `head` and copies the body framed by `framing` from `from` to `to`.
 * `unchunk` writes a chunked body's data without framing, for a client that
 * reads until close. `progress` hears of every write (with the body bytes it
 * carried) and read (0). `filter` sees every body byte, in order.
 */
export async function copyResponse(
  head: Uint8Array,
  from: ByteReader,
  framing: ResponseFraming,
  to: Writable,
  unchunk: boolean,
  progress: (bytes: number) => void,
  filter: BodyFilter = PASS,
): Promise<ResponseBodyOutcome> {
  let pendingHead: Uint8Array | undefined = head;
  const send = async (data: Uint8Array, bodyBytes: number): Promise<boolean> => {
    try {
      await writeAll(to, data);
      progress(bodyBytes);
      return true;
    } catch {
      return false;
    }
  };
  const sendWithHead = (data: Uint8Array): Promise<boolean> => {
    const before = pendingHead;
    pendingHead = undefined;
    return send(before === undefined ? data : joinBytes([before, data]), data.length);
  };
  const more = async (): Promise<boolean> => {
    const ok = await from.fill();
    progress(0);
    return ok;
  };
  const broken = (reason: string): ResponseBodyOutcome => ({
    kind: "failed",
    failed: "upstream",
    reason,
  });
  const gone: ResponseBodyOutcome = {
    kind: "failed",
    failed: "client",
    reason: "the client stopped taking the response",
  };

  // The head waits for no body byte that has not already arrived.
  if (framing.kind === "none" || from.buffered.length === 0) {
    if (!(await sendWithHead(new Uint8Array(0)))) return gone;
    if (framing.kind === "none") return { kind: "copied" };
  }
  if (framing.kind === "length") {
    for (let remaining = framing.length; remaining > 0;) {
      if (from.buffered.length === 0 && !(await more())) {
        return broken("the response body ended early");
      }
      const part = from.buffered.subarray(0, Math.min(remaining, from.buffered.length));
      const out = filter.push(part);
      if ((out.length > 0 || pendingHead !== undefined) && !(await sendWithHead(out))) return gone;
      from.consume(part.length);
      remaining -= part.length;
    }
    const tail = filter.end();
    if (tail.length > 0 && !(await sendWithHead(tail))) return gone;
    return { kind: "copied" };
  }
  if (framing.kind === "close") {
    for (;;) {
      const part = from.buffered;
      if (part.length > 0) {
        const out = filter.push(part);
        if (out.length > 0 && !(await sendWithHead(out))) return gone;
        from.consume(part.length);
      }
      if (!(await more())) {
        const tail = filter.end();
        if (tail.length > 0 && !(await sendWithHead(tail))) return gone;
        return { kind: "copied" };
      }
    }
  }
  // The decoded data are views of the read buffer, written before it is refilled.
  const decoder = new ChunkedViewDecoder();
  const framer = new ChunkFramer();
  for (;;) {
    if (from.buffered.length === 0 && !(await more())) {
      return broken("the chunked response body ended early");
    }
    const input = from.buffered;
    const pushed = decoder.push(input);
    if ("error" in pushed) return broken(pushed.error.reason);
    const data = pushed.data.map((part) => filter.push(part)).filter((part) => part.length > 0);
    if (pushed.done) {
      const tail = filter.end();
      if (tail.length > 0) data.push(tail);
    }
    let size = 0;
    for (const part of data) size += part.length;
    if (unchunk) {
      for (const part of data) if (!(await sendWithHead(part))) return gone;
    } else if (size > 0 || pushed.done) {
      const before = pendingHead;
      pendingHead = undefined;
      const framed = framer.frame(data, {
        ...(before === undefined ? {} : { before }),
        last: pushed.done,
      });
      if (!(await send(framed, size))) return gone;
    }
    if (pendingHead !== undefined && !(await sendWithHead(new Uint8Array(0)))) return gone;
    from.consume(input.length - (pushed.rest?.length ?? 0));
    if (pushed.done) return { kind: "copied" };
  }
}
