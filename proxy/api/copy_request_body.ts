/**
 * Moves a request body from the bottle to the upstream: read as framed by the
 * client (Content-Length, or chunked and decoded strictly), passed through the
 * JSON field filter, and sent chunked, one chunk per read, so nothing is
 * buffered beyond one read and the filtered length need not be known up front.
 */
import type { BodyFraming } from "../http/parse_request_head.ts";
import { ChunkedViewDecoder } from "../http/chunked_view_decoder.ts";
import { ChunkFramer } from "../http/chunk_framer.ts";
import { type Writable, writeAll } from "../egress/write_all.ts";
import type { ByteReader } from "../http/byte_reader.ts";
import { type JsonFieldFilter, JsonFilterError } from "./json_field_filter.ts";

/** Why a request body copy stopped. */
export type RequestBodyFailure =
  /** The client's connection ended or failed inside the body. */
  | "closed"
  /** The client's chunked framing is malformed. */
  | "framing"
  /** The body is not one JSON object. */
  | "filter"
  /** The upstream stopped taking the body. */
  | "upstream";

/** How a request body copy ended. */
export type RequestBodyOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly failed: RequestBodyFailure; readonly reason: string };

/**
 * Copies the body framed by `framing` from `from` to `to` through `filter`.
 * `progress` hears of every read (with the body bytes it used) and write (0).
 */
export async function copyRequestBody(
  from: ByteReader,
  framing: BodyFraming,
  to: Writable,
  filter: JsonFieldFilter,
  progress: (bytes: number) => void,
): Promise<RequestBodyOutcome> {
  const framer = new ChunkFramer();
  const send = async (bytes: Uint8Array): Promise<boolean> => {
    try {
      await writeAll(to, bytes);
      progress(0);
      return true;
    } catch {
      return false;
    }
  };
  const more = async (): Promise<boolean> => {
    const ok = await from.fill();
    progress(0);
    return ok;
  };
  const fail = (failed: RequestBodyFailure, reason: string): RequestBodyOutcome => ({
    ok: false,
    failed,
    reason,
  });
  const stopped = () => fail("upstream", "the upstream stopped taking the request body");
  // The filter must accept the whole body before the last chunk goes out: an
  // upstream never sees a body end that the filter has not approved.
  const frame = (out: Uint8Array[], last: boolean) => {
    if (last) filter.finish();
    return framer.frame(out, { last });
  };
  try {
    if (framing.kind === "length") {
      let remaining = framing.length;
      if (remaining === 0 && !(await send(frame([], true)))) return stopped();
      while (remaining > 0) {
        if (from.buffered.length === 0 && !(await more())) {
          return fail("closed", "the request body ended early");
        }
        const part = from.buffered.subarray(0, Math.min(remaining, from.buffered.length));
        remaining -= part.length;
        if (!(await send(frame(filter.push(part), remaining === 0)))) return stopped();
        from.consume(part.length);
        progress(part.length);
      }
    } else if (framing.kind === "chunked") {
      // The decoded data are views of the read buffer, framed (copied) before it is refilled.
      const decoder = new ChunkedViewDecoder();
      for (let done = false; !done;) {
        if (from.buffered.length === 0 && !(await more())) {
          return fail("closed", "the chunked request body ended early");
        }
        const input = from.buffered;
        const pushed = decoder.push(input);
        if ("error" in pushed) return fail("framing", pushed.error.reason);
        const out: Uint8Array[] = [];
        for (const data of pushed.data) {
          progress(data.length);
          for (const part of filter.push(data)) out.push(part);
        }
        done = pushed.done;
        if (!(await send(frame(out, done)))) return stopped();
        from.consume(input.length - (pushed.rest?.length ?? 0));
      }
    } else if (!(await send(frame([], true)))) {
      return stopped();
    }
  } catch (error) {
    if (error instanceof JsonFilterError) return fail("filter", error.message);
    throw error;
  }
  return { ok: true };
}
