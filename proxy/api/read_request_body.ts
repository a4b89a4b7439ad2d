/**
 * Reads a whole request body from the bottle, as framed by the client
 * (Content-Length, or chunked and decoded strictly), into one buffer: the
 * content guard must see all of it before any of it goes upstream. The body
 * is bounded twice — by its own size limit and by the proxy's budget of bytes
 * held at once — and every read goes through `fill`, which the caller makes
 * give up when the exchange is cut short.
 */
import { ChunkedViewDecoder } from "../http/chunked_view_decoder.ts";
import type { ByteReader } from "../http/byte_reader.ts";
import type { BodyFraming } from "../http/parse_request_head.ts";
import type { BodyBudget } from "./body_budget.ts";

/** Why a body could not be read. */
export type BodyReadFailure =
  /** The client's connection ended (or the exchange was cut) inside the body. */
  | "closed"
  /** The client's chunked framing is malformed. */
  | "framing"
  /** The body is larger than `maxBytes`. */
  | "too_large"
  /** The proxy holds too many body bytes already. */
  | "busy";

/** The body, with the budget it holds; or why there is none (and nothing is held). */
export type BodyRead =
  | { readonly kind: "body"; readonly body: Uint8Array; readonly held: number }
  | { readonly kind: "failed"; readonly failed: BodyReadFailure; readonly reason: string };

/** What reading needs besides the connection. */
export interface BodyReadOptions {
  readonly maxBytes: number;
  readonly budget: BodyBudget;
  /** Reads more into the reader; false when the client is gone or the exchange was cut. */
  readonly fill: () => Promise<boolean>;
  /** Hears of the body bytes taken from each read. */
  readonly progress: (bytes: number) => void;
}

/** Refuses a Content-Length body before reading it, when it cannot fit; undefined when it may. */
export function refuseDeclaredLength(
  framing: BodyFraming,
  options: Pick<BodyReadOptions, "maxBytes">,
): Extract<BodyRead, { kind: "failed" }> | undefined {
  if (framing.kind === "length" && framing.length > options.maxBytes) {
    return {
      kind: "failed",
      failed: "too_large",
      reason: `the request body is larger than ${options.maxBytes} bytes`,
    };
  }
  return undefined;
}

/** Reads the body framed by `framing` from `from`; never throws on what the client sends. */
export async function readRequestBody(
  from: ByteReader,
  framing: BodyFraming,
  options: BodyReadOptions,
): Promise<BodyRead> {
  const { budget, fill, progress } = options;
  let held = 0;
  const fail = (failed: BodyReadFailure, reason: string): BodyRead => {
    budget.give(held);
    return { kind: "failed", failed, reason };
  };
  const busy = () => fail("busy", "the API proxy holds too many request bodies at once");
  const tooLarge = () =>
    fail("too_large", `the request body is larger than ${options.maxBytes} bytes`);
  if (framing.kind === "length") {
    const declared = refuseDeclaredLength(framing, options);
    if (declared !== undefined) return declared;
    if (!budget.take(framing.length)) return busy();
    held = framing.length;
    const body = new Uint8Array(framing.length);
    let at = 0;
    while (at < body.length) {
      if (from.buffered.length === 0 && !(await fill())) {
        return fail("closed", "the request body ended early");
      }
      const part = from.buffered.subarray(0, Math.min(body.length - at, from.buffered.length));
      body.set(part, at);
      at += part.length;
      from.consume(part.length);
      progress(part.length);
    }
    return { kind: "body", body, held };
  }
  if (framing.kind !== "chunked") return { kind: "body", body: new Uint8Array(0), held: 0 };
  // The decoded data are views of the read buffer, copied out before it is refilled.
  const decoder = new ChunkedViewDecoder();
  let body = new Uint8Array(Math.min(64 * 1024, options.maxBytes));
  let length = 0;
  for (let done = false; !done;) {
    if (from.buffered.length === 0 && !(await fill())) {
      return fail("closed", "the chunked request body ended early");
    }
    const input = from.buffered;
    const pushed = decoder.push(input);
    if ("error" in pushed) return fail("framing", pushed.error.reason);
    for (const data of pushed.data) {
      if (length + data.length > options.maxBytes) return tooLarge();
      if (!budget.take(data.length)) return busy();
      held += data.length;
      if (length + data.length > body.length) {
        const grown = new Uint8Array(
          Math.min(options.maxBytes, Math.max(body.length * 2, length + data.length)),
        );
        grown.set(body.subarray(0, length));
        body = grown;
      }
      body.set(data, length);
      length += data.length;
      progress(data.length);
    }
    done = pushed.done;
    from.consume(input.length - (pushed.rest?.length ?? 0));
  }
  return { kind: "body", body: body.subarray(0, length), held };
}
