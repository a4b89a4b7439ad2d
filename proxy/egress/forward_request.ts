/**
 * One plain-HTTP exchange through the egress proxy, after the request was
 * allowed: the head is rewritten in origin-form without hop-by-hop fields and
 * with the proxy's own framing, the body is re-framed (chunked bodies are
 * decoded and re-encoded, so nothing ambiguous reaches the destination), and
 * the response is parsed strictly and re-framed on its way back. Redirects
 * are passed to the client, never followed.
 */
import {
  ChunkedDecoder,
  encodeChunk,
  LAST_CHUNK,
  parseResponseHead,
  type RequestHead,
  type ResponseFraming,
  serializeRequestHead,
  serializeResponseHead,
  stripHopByHop,
} from "../http/mod.ts";
import type { Target } from "../policy/mod.ts";
import { ConnReader } from "./conn_reader.ts";

/** What happened to one forwarded request. */
export interface ForwardResult {
  /** Status the client received (or is about to receive in `answer`). */
  readonly status: number;
  /** Audit reason code. */
  readonly code: string;
  readonly bytesUp: number;
  readonly bytesDown: number;
  /** Whether the client connection may carry another request. */
  readonly keepAlive: boolean;
  /** Set when the proxy must answer the client itself (nothing was sent to it yet). */
  readonly answer?: { readonly status: number; readonly reason: string };
}

/** Time limits of one exchange, in milliseconds. */
export interface ForwardLimits {
  readonly idleMs: number;
  readonly responseTimeoutMs: number;
}

interface Conn {
  read(p: Uint8Array): Promise<number | null>;
  write(p: Uint8Array): Promise<number>;
  close(): void;
}

async function writeAll(to: Conn, bytes: Uint8Array): Promise<void> {
  let written = 0;
  while (written < bytes.length) written += await to.write(bytes.subarray(written));
}

/** Fills `reader` once, closing both connections if nothing arrives within `ms`. */
async function fillWithin(reader: ConnReader, ms: number, conns: Conn[]): Promise<boolean> {
  const timer = setTimeout(() => {
    for (const c of conns) {
      try {
        c.close();
      } catch { /* already closed */ }
    }
  }, ms);
  try {
    return await reader.fill();
  } finally {
    clearTimeout(timer);
  }
}

/** Copies a body framed by `framing` from `from` to `to`, re-framing it; returns bytes copied or an error. */
async function copyBody(
  from: ConnReader,
  to: Conn,
  framing: ResponseFraming,
  idleMs: number,
  conns: Conn[],
): Promise<{ bytes: number; error?: string }> {
  let bytes = 0;
  if (framing.kind === "none") return { bytes };
  if (framing.kind === "length") {
    let remaining = framing.length;
    while (remaining > 0) {
      if (from.buffered.length === 0 && !(await fillWithin(from, idleMs, conns))) {
        return { bytes, error: "the body ended early" };
      }
      const part = from.buffered.subarray(0, Math.min(remaining, from.buffered.length));
      await writeAll(to, part);
      from.consume(part.length);
      remaining -= part.length;
      bytes += part.length;
    }
    return { bytes };
  }
  if (framing.kind === "close") {
    for (;;) {
      if (from.buffered.length > 0) {
        const part = from.take();
        bytes += part.length;
        await writeAll(to, part);
      }
      if (!(await fillWithin(from, idleMs, conns))) return { bytes };
    }
  }
  const decoder = new ChunkedDecoder();
  for (;;) {
    if (from.buffered.length === 0 && !(await fillWithin(from, idleMs, conns))) {
      return { bytes, error: "the chunked body ended early" };
    }
    const pushed = decoder.push(from.take());
    if ("error" in pushed) return { bytes, error: pushed.error.reason };
    for (const data of pushed.data) {
      bytes += data.length;
      await writeAll(to, encodeChunk(data));
    }
    if (pushed.done) {
      await writeAll(to, LAST_CHUNK);
      if (pushed.rest !== undefined) from.unshift(pushed.rest);
      return { bytes };
    }
  }
}

function framingHeaders(framing: ResponseFraming): Array<[string, string]> {
  if (framing.kind === "length") return [["content-length", String(framing.length)]];
  if (framing.kind === "chunked") return [["transfer-encoding", "chunked"]];
  return [];
}

function wantsClose(
  head: { version: string; headers: ReadonlyArray<readonly [string, string]> },
): boolean {
  const connection = head.headers
    .filter(([name]) => name === "connection")
    .flatMap(([, v]) => v.toLowerCase().split(",").map((s) => s.trim()));
  if (head.version === "HTTP/1.0") return !connection.includes("keep-alive");
  return connection.includes("close");
}

/** Forwards `head` (and its body from `client`) to `upstream` and the response back. */
export async function forwardRequest(
  client: Conn,
  clientReader: ConnReader,
  upstream: Conn,
  head: RequestHead,
  target: Target,
  limits: ForwardLimits,
): Promise<ForwardResult> {
  const conns = [client, upstream];
  const host = head.headers.find(([name]) => name === "host")?.[1] ??
    (target.kind === "ipv6" ? `[${target.host}]` : target.host) +
      (target.port === 80 ? "" : `:${target.port}`);
  const headers: Array<[string, string]> = [
    ["host", host],
    ...stripHopByHop(head.headers).filter(([name]) => name !== "host" && name !== "content-length"),
    ...framingHeaders(head.framing),
    ["connection", "close"],
  ];
  const serialized = serializeRequestHead({
    method: head.method,
    target: target.path || "/",
    headers,
  });
  if (!serialized.ok) {
    return {
      status: 400,
      code: serialized.code,
      bytesUp: 0,
      bytesDown: 0,
      keepAlive: false,
      answer: { status: 400, reason: serialized.reason },
    };
  }
  const fail = (status: number, code: string, reason: string, bytesUp = 0): ForwardResult => ({
    status,
    code,
    bytesUp,
    bytesDown: 0,
    keepAlive: false,
    answer: { status, reason },
  });

  await writeAll(upstream, serialized.bytes);
  const sent = await copyBody(clientReader, upstream, head.framing, limits.idleMs, conns);
  if (sent.error !== undefined) {
    return fail(
      400,
      "http.bad_body",
      `the request body could not be read: ${sent.error}`,
      sent.bytes,
    );
  }

  const upstreamReader = new ConnReader(upstream);
  const deadline = Date.now() + limits.responseTimeoutMs;
  for (;;) {
    const parsed = parseResponseHead(upstreamReader.buffered, head.method);
    if (parsed.kind === "error") {
      return fail(
        502,
        "egress.bad_response",
        `the destination sent a malformed response: ${parsed.reason}`,
        sent.bytes,
      );
    }
    if (parsed.kind === "incomplete") {
      const left = deadline - Date.now();
      if (left <= 0 || !(await fillWithin(upstreamReader, Math.max(left, 1), [upstream]))) {
        return Date.now() >= deadline
          ? fail(
            504,
            "egress.response_timeout",
            "the destination did not answer in time",
            sent.bytes,
          )
          : fail(
            502,
            "egress.no_response",
            "the destination closed the connection without answering",
            sent.bytes,
          );
      }
      continue;
    }
    upstreamReader.consume(parsed.consumed);
    const response = parsed.head;
    if (response.status === 101) {
      return fail(502, "egress.upgrade_refused", "the destination switched protocols", sent.bytes);
    }
    const interim = response.status < 200;
    const close = !interim && (response.framing.kind === "close" || wantsClose(head));
    const out: Array<[string, string]> = [
      ...stripHopByHop(response.headers).filter(([name]) =>
        response.framing.kind === "none" ? true : name !== "content-length"
      ),
      ...framingHeaders(response.framing),
      ...(close ? [["connection", "close"] as [string, string]] : []),
    ];
    const written = serializeResponseHead({
      status: response.status,
      reason: response.reason,
      headers: out,
    });
    if (!written.ok) {
      return fail(
        502,
        "egress.bad_response",
        `the destination sent a response that cannot be forwarded: ${written.reason}`,
        sent.bytes,
      );
    }
    await writeAll(client, written.bytes);
    if (interim) continue;
    const received = await copyBody(upstreamReader, client, response.framing, limits.idleMs, conns);
    return {
      status: response.status,
      code: received.error === undefined ? "egress.forwarded" : "egress.response_cut",
      bytesUp: sent.bytes,
      bytesDown: received.bytes,
      keepAlive: !close && received.error === undefined,
    };
  }
}
