/**
 * One plain-HTTP exchange through the egress proxy, after the request was
 * allowed: the head is rewritten in origin-form without hop-by-hop fields and
 * with the proxy's own framing, the body is re-framed (chunked bodies are
 * decoded and re-encoded, so nothing ambiguous reaches the destination), and
 * the response is parsed strictly and re-framed on its way back. Redirects
 * are passed to the client, never followed. The result says whether the
 * upstream connection may carry another request (`reusable`): only after an
 * exchange that ended cleanly — the whole request sent, the whole response
 * read by its framing, nothing more received, and a response that keeps the
 * connection (`reusableAfter`).
 *
 * The destination reads the body only in the proxy's framing, so a body whose
 * framing turns out invalid part-way cannot smuggle a request: the proxy stops
 * at the fault, never sends the last chunk, and aborts the destination.
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
import type { ByteReader } from "../http/byte_reader.ts";
import type { BodyGuard } from "./body_guard.ts";
import { type DlpFinding, findingCode, findingReason } from "./egress_dlp.ts";
import { Deadline } from "../conn/deadline.ts";
import { writeAll } from "../conn/write_all.ts";
import { joinBytes } from "../conn/join_bytes.ts";
import { closeQuietly } from "../conn/close_quietly.ts";
import { expectsContinue } from "../http/expects_continue.ts";
import { wantsClose } from "../http/wants_close.ts";
import { reusableAfter } from "../http/reusable_after.ts";
import type { UpstreamLink } from "../conn/upstream_pool.ts";

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
  /** Whether the upstream connection may carry another request (see the module comment). */
  readonly reusable: boolean;
  /**
   * Set when the destination closed the connection before any byte of an
   * answer, while nothing of the client's was read past its head and nothing
   * was sent to it: the request may go again, unchanged, on a new connection.
   */
  readonly unanswered?: true;
  /** Set when DLP refused the body: the finding that stopped it. */
  readonly dlpStop?: DlpFinding;
  /**
   * Set when the proxy must answer the client itself: nothing but an interim
   * `100 Continue` was sent to it yet. Unset once a response has started, when
   * the only safe end left is closing the connection.
   */
  readonly answer?: { readonly status: number; readonly reason: string };
}

/** Time limits of one exchange, in milliseconds. */
export interface ForwardLimits {
  readonly idleMs: number;
  readonly responseTimeoutMs: number;
}

/** The upstream connection of one exchange. */
export interface ForwardUpstream {
  readonly link: UpstreamLink;
  /**
   * Whether the proxy may keep the connection for another request; when not,
   * the request says `Connection: close` (RFC 9112 §9.6).
   */
  readonly mayKeep: boolean;
}

interface Conn {
  read(p: Uint8Array): Promise<number | null>;
  write(p: Uint8Array): Promise<number>;
  close(): void;
}

function closeAll(conns: Conn[]): void {
  for (const c of conns) closeQuietly(c);
}

/** Fills `reader` once, closing both connections if nothing arrives within `ms`. */
async function fillWithin(reader: ByteReader, ms: number, conns: Conn[]): Promise<boolean> {
  const deadline = new Deadline(ms, { onExpire: () => closeAll(conns) });
  try {
    return await reader.fill();
  } finally {
    deadline.clear();
  }
}

/**
 * Writes all of `bytes`, closing both connections if the receiver has not
 * taken them within `ms` (a peer that stops reading must not hold the proxy
 * forever); false when the receiver is gone.
 */
async function writeWithin(
  to: Conn,
  bytes: Uint8Array,
  ms: number,
  conns: Conn[],
): Promise<boolean> {
  const deadline = new Deadline(ms, { onExpire: () => closeAll(conns) });
  try {
    await writeAll(to, bytes);
    return true;
  } catch {
    return false;
  } finally {
    deadline.clear();
  }
}

/** Bytes a body copy moved; if it stopped early, why, and whether the receiving side went away. */
type Copied = { bytes: number; error?: string; receiverGone?: boolean };

/**
 * Copies a body framed by `framing` from `from` to `to`, re-framing it;
 * returns bytes copied or an error. `unchunk` writes a chunked body's data
 * without chunk framing, for a receiver that reads to the end of the stream.
 * `head`, when given, goes out first, in one write with the body bytes that
 * have already arrived (it never waits for one that has not).
 */
async function copyBody(
  from: ByteReader,
  to: Conn,
  framing: ResponseFraming,
  idleMs: number,
  conns: Conn[],
  unchunk = false,
  head?: Uint8Array,
): Promise<Copied> {
  let bytes = 0;
  let pending: Uint8Array[] = head === undefined ? [] : [head];
  /** Writes what is pending and `parts` in one write; false when the receiver is gone. */
  const write = async (...parts: Uint8Array[]): Promise<boolean> => {
    const out = pending.length === 0 ? parts : [...pending, ...parts];
    pending = [];
    return out.length === 0 || await writeWithin(to, joinBytes(out), idleMs, conns);
  };
  /** Reads more, once what is pending is out; false at the end of the stream or when the receiver is gone. */
  const more = async (): Promise<boolean | "gone"> => {
    if (pending.length > 0 && !(await write())) return "gone";
    return await fillWithin(from, idleMs, conns);
  };
  const gone = (): Copied => ({ bytes, error: "the receiving side closed", receiverGone: true });
  if (framing.kind === "none") return (await write()) ? { bytes } : gone();
  if (framing.kind === "length") {
    let remaining = framing.length;
    while (remaining > 0) {
      if (from.buffered.length === 0) {
        const read = await more();
        if (read === "gone") return gone();
        if (!read) return { bytes, error: "the body ended early" };
      }
      const part = from.buffered.subarray(0, Math.min(remaining, from.buffered.length));
      if (!(await write(part))) return gone();
      from.consume(part.length);
      remaining -= part.length;
      bytes += part.length;
    }
    return (await write()) ? { bytes } : gone();
  }
  if (framing.kind === "close") {
    for (;;) {
      if (from.buffered.length > 0) {
        const part = from.take();
        bytes += part.length;
        if (!(await write(part))) return gone();
      }
      const read = await more();
      if (read === "gone") return gone();
      if (!read) return { bytes };
    }
  }
  const decoder = new ChunkedDecoder();
  for (;;) {
    if (from.buffered.length === 0) {
      const read = await more();
      if (read === "gone") return gone();
      if (!read) return { bytes, error: "the chunked body ended early" };
    }
    const pushed = decoder.push(from.take());
    if ("error" in pushed) return { bytes, error: pushed.error.reason };
    // Everything one read decoded goes out in one write, the last chunk with it.
    const parts: Uint8Array[] = [];
    for (const data of pushed.data) {
      bytes += data.length;
      parts.push(unchunk ? data : encodeChunk(data));
    }
    if (pushed.done && !unchunk) parts.push(LAST_CHUNK);
    if (!(await write(...parts))) return gone();
    if (pushed.done) {
      if (pushed.rest !== undefined) from.unshift(pushed.rest);
      return { bytes };
    }
  }
}

/** Most body bytes read and dropped after DLP stopped a body, so the 403 reaches the client. */
const DRAIN_LIMIT = 1024 * 1024;

/** Longest wait for more of a stopped body before answering anyway. */
const DRAIN_IDLE_MS = 500;

/** Fills `reader` once unless nothing arrives within DRAIN_IDLE_MS; never closes anything. */
async function fillBriefly(reader: ByteReader): Promise<boolean> {
  const deadline = new Deadline(DRAIN_IDLE_MS);
  try {
    return (await deadline.race(reader.fill())) === true;
  } finally {
    deadline.clear();
  }
}

/**
 * Copies a request body through a DLP guard: every piece goes to the guard
 * first and only the bytes it releases are forwarded, re-framed. After a
 * stop, the rest of the body is read and dropped (up to DRAIN_LIMIT, while it
 * keeps coming) so the client is not reset before it reads the answer.
 */
async function copyGuardedBody(
  from: ByteReader,
  to: Conn,
  framing: ResponseFraming,
  guard: BodyGuard,
  idleMs: number,
  conns: Conn[],
): Promise<Copied & { stop?: DlpFinding }> {
  let bytes = 0;
  let stop: DlpFinding | undefined;
  let drained = 0;
  const chunked = framing.kind === "chunked";
  const write = async (part: Uint8Array) => await writeWithin(to, part, idleMs, conns);
  /** Forwards released bytes (and at the end the last chunk); false when the receiver is gone. */
  const send = async (parts: readonly Uint8Array[], end: boolean): Promise<boolean> => {
    for (const part of parts) {
      if (part.length === 0) continue;
      if (!(await write(chunked ? encodeChunk(part) : part))) return false;
      bytes += part.length;
    }
    return !end || !chunked || await write(LAST_CHUNK);
  };
  /** Hands one piece to the guard (or drops it after a stop); false when the receiver is gone. */
  const take = async (piece: Uint8Array): Promise<boolean> => {
    if (stop !== undefined) {
      drained += piece.length;
      return true;
    }
    const step = guard.push(piece);
    if (step.stop !== undefined) {
      stop = step.stop;
      return true;
    }
    return await send(step.release, false);
  };
  const gone = (): Copied => ({ bytes, error: "the receiving side closed", receiverGone: true });
  /** Reads more of the body: under the idle limit, or briefly once stopped. */
  const more = () => stop === undefined ? fillWithin(from, idleMs, conns) : fillBriefly(from);
  const ended = async (): Promise<Copied & { stop?: DlpFinding }> => {
    if (stop !== undefined) return { bytes, stop };
    const step = guard.finish();
    if (step.stop !== undefined) return { bytes, stop: step.stop };
    return (await send(step.release, true)) ? { bytes } : gone();
  };
  if (framing.kind === "length") {
    let remaining = framing.length;
    while (remaining > 0 && drained <= DRAIN_LIMIT) {
      if (from.buffered.length === 0 && !(await more())) {
        return stop !== undefined ? { bytes, stop } : { bytes, error: "the body ended early" };
      }
      const piece = from.buffered.slice(0, Math.min(remaining, from.buffered.length));
      from.consume(piece.length);
      remaining -= piece.length;
      if (!(await take(piece))) return gone();
    }
    return await ended();
  }
  const decoder = new ChunkedDecoder();
  for (;;) {
    if (drained > DRAIN_LIMIT) return { bytes, ...(stop === undefined ? {} : { stop }) };
    if (from.buffered.length === 0 && !(await more())) {
      return stop !== undefined
        ? { bytes, stop }
        : { bytes, error: "the chunked body ended early" };
    }
    const pushed = decoder.push(from.take());
    if ("error" in pushed) {
      return stop !== undefined ? { bytes, stop } : { bytes, error: pushed.error.reason };
    }
    for (const data of pushed.data) {
      if (!(await take(data))) return gone();
    }
    if (pushed.done) {
      if (pushed.rest !== undefined) from.unshift(pushed.rest);
      return await ended();
    }
  }
}

function framingHeaders(framing: ResponseFraming): Array<[string, string]> {
  if (framing.kind === "length") return [["content-length", String(framing.length)]];
  if (framing.kind === "chunked") return [["transfer-encoding", "chunked"]];
  return [];
}

const CONTINUE = new TextEncoder().encode("HTTP/1.1 100 Continue\r\n\r\n");

/**
 * Forwards `head` (and its body from `client`) to the upstream and the
 * response back. With a `guard`, the body passes DLP on its way (see
 * `copyGuardedBody`).
 */
export async function forwardRequest(
  client: Conn,
  clientReader: ByteReader,
  to: ForwardUpstream,
  head: RequestHead,
  target: Target,
  limits: ForwardLimits,
  guard?: BodyGuard,
): Promise<ForwardResult> {
  const upstream = to.link.conn;
  const conns = [client, upstream];
  const host = head.headers.find(([name]) => name === "host")?.[1] ??
    (target.kind === "ipv6" ? `[${target.host}]` : target.host) +
      (target.port === 80 ? "" : `:${target.port}`);
  const headers: Array<[string, string]> = [
    ["host", host],
    ...stripHopByHop(head.headers).filter(([name]) => name !== "host" && name !== "content-length"),
    ...framingHeaders(head.framing),
    ...(to.mayKeep ? [] : [["connection", "close"] as [string, string]]),
  ];
  const serialized = serializeRequestHead({
    method: head.method,
    target: target.path || "/",
    headers,
  });
  if (serialized.kind === "error") {
    return {
      status: 400,
      code: serialized.code,
      bytesUp: 0,
      bytesDown: 0,
      keepAlive: false,
      // Nothing was sent: the connection is as it was.
      reusable: true,
      answer: { status: 400, reason: serialized.reason },
    };
  }
  const fail = (status: number, code: string, reason: string, bytesUp = 0): ForwardResult => ({
    status,
    code,
    bytesUp,
    bytesDown: 0,
    keepAlive: false,
    reusable: false,
    answer: { status, reason },
  });

  // If the destination stops taking the request (say it answered 413 early
  // and closed), its answer is still read and passed on, but the rest of the
  // client's body is unread, so the client connection cannot carry another.
  let bodyCut = !(await writeWithin(upstream, serialized.bytes, limits.idleMs, conns));
  // The proxy reads the destination's answer only after the body, so it says
  // "go on" itself rather than leave such a client waiting (RFC 9110 §10.1.1 MAY).
  if (!bodyCut && expectsContinue(head)) await writeWithin(client, CONTINUE, limits.idleMs, conns);
  const sent: Copied & { stop?: DlpFinding } = bodyCut
    ? { bytes: 0 }
    : guard !== undefined && head.framing.kind !== "none"
    ? await copyGuardedBody(clientReader, upstream, head.framing, guard, limits.idleMs, conns)
    : await copyBody(clientReader, upstream, head.framing, limits.idleMs, conns);
  if (sent.stop !== undefined) {
    // DLP refused the body: the destination has the head and at most the
    // bytes before the look-back window, never the refused bytes and never a
    // complete request; abort it before answering the client.
    closeAll([upstream]);
    return {
      ...fail(403, findingCode(sent.stop), findingReason(sent.stop), sent.bytes),
      dlpStop: sent.stop,
    };
  }
  if (sent.receiverGone === true) {
    bodyCut = true;
  } else if (sent.error !== undefined) {
    // The body's framing broke (or the body ended early) part-way through.
    // The destination has the head and, in the proxy's own framing, only data
    // from before the fault, never a last chunk: abort it now, before
    // anything else, so it is never left holding a half request it could
    // complete or read another way. Nothing but `100 Continue` has gone to
    // the client yet, so it gets a 400.
    closeAll([upstream]);
    return fail(
      400,
      "http.bad_body",
      `the request body could not be read: ${sent.error}`,
      sent.bytes,
    );
  }

  const upstreamReader = to.link.reader;
  const deadline = Date.now() + limits.responseTimeoutMs;
  // Whether the request can go again on a new connection if this one turns out closed.
  let untouched = head.framing.kind === "none";
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
        if (Date.now() >= deadline) {
          return fail(
            504,
            "egress.response_timeout",
            "the destination did not answer in time",
            sent.bytes,
          );
        }
        const closed = fail(
          502,
          "egress.no_response",
          "the destination closed the connection without answering",
          sent.bytes,
        );
        return untouched && upstreamReader.buffered.length === 0
          ? { ...closed, unanswered: true }
          : closed;
      }
      continue;
    }
    upstreamReader.consume(parsed.consumed);
    const response = parsed.head;
    if (response.status === 101) {
      return fail(502, "egress.upgrade_refused", "the destination switched protocols", sent.bytes);
    }
    const interim = response.status < 200;
    // An HTTP/1.0 client cannot read chunked framing (RFC 9112 §6.1): it gets
    // the data unframed, ended by closing the connection.
    const unchunk = head.version === "HTTP/1.0" && response.framing.kind === "chunked";
    const close = !interim &&
      (response.framing.kind === "close" || unchunk || bodyCut || wantsClose(head));
    const out: Array<[string, string]> = [
      ...stripHopByHop(response.headers).filter(([name]) =>
        response.framing.kind === "none" ? true : name !== "content-length"
      ),
      ...framingHeaders(unchunk ? { kind: "close" } : response.framing),
      ...(close ? [["connection", "close"] as [string, string]] : []),
    ];
    const written = serializeResponseHead({
      status: response.status,
      reason: response.reason,
      headers: out,
    });
    if (written.kind === "error") {
      return fail(
        502,
        "egress.bad_response",
        `the destination sent a response that cannot be forwarded: ${written.reason}`,
        sent.bytes,
      );
    }
    untouched = false;
    if (interim) {
      if (await writeWithin(client, written.bytes, limits.idleMs, conns)) continue;
      return {
        status: response.status,
        code: "egress.response_cut",
        bytesUp: sent.bytes,
        bytesDown: 0,
        keepAlive: false,
        reusable: false,
      };
    }
    // The head goes out with the body bytes that came with it: one write, one packet.
    const received = await copyBody(
      upstreamReader,
      client,
      response.framing,
      limits.idleMs,
      conns,
      unchunk,
      written.bytes,
    );
    const complete = received.error === undefined;
    return {
      status: response.status,
      code: complete ? "egress.forwarded" : "egress.response_cut",
      bytesUp: sent.bytes,
      bytesDown: received.bytes,
      keepAlive: !close && complete,
      reusable: complete && !bodyCut && reusableAfter(response) &&
        upstreamReader.buffered.length === 0,
    };
  }
}
