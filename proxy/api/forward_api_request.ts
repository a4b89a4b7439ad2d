/**
 * One allowed request through the API proxy, on raw connections: read the
 * request body whole and run the content guard on it (nothing reaches the
 * upstream before the guard has passed all of it), dial the upstream, send
 * the head with the guarded body's Content-Length and the body while waiting
 * for the answer, parse the response head strictly and stream the response
 * back with the real secrets scrubbed out of its fields and body
 * (`scrub_response.ts`). A response in a content coding is refused (502):
 * the proxy asks for `identity`, and a compressed body could not be scrubbed.
 *
 * Whatever ends the exchange early closes the upstream connection at once —
 * the client going away (seen by a read kept in flight on its connection),
 * the response timeout, a stalled transfer — so nothing keeps running
 * upstream for a client that is gone. Redirects are passed to the client,
 * never followed.
 */
import type { RequestHead } from "../http/parse_request_head.ts";
import { expectsContinue } from "../http/expects_continue.ts";
import { wantsClose } from "../http/wants_close.ts";
import { reusableAfter } from "../http/reusable_after.ts";
import { closeQuietly } from "../conn/close_quietly.ts";
import { Deadline, EXPIRED } from "../conn/deadline.ts";
import { parseResponseHead, type ResponseHead } from "../http/parse_response_head.ts";
import { serializeResponseHead } from "../http/serialize_head.ts";
import { writeAll } from "../conn/write_all.ts";
import { type Refusal, refusal } from "../refusal.ts";
import { joinBytes } from "../conn/join_bytes.ts";
import type { ApiLimits } from "./api_proxy_config.ts";
import { ByteReader } from "../http/byte_reader.ts";
import type { BodyBudget } from "./body_budget.ts";
import { copyResponse } from "./copy_response.ts";
import { withBodyLength } from "./decide_api_request.ts";
import { downstreamFields } from "./forward_headers.ts";
import { guardRequestBody } from "./guard_request_body.ts";
import { type BodyRead, readRequestBody, refuseDeclaredLength } from "./read_request_body.ts";
import type { ApiGuard } from "./resolve_api_guard.ts";
import { ResponseScrubber } from "./scrub_response.ts";
import type { UpstreamEndpoint } from "./upstream_endpoint.ts";
import type { UpstreamLink, UpstreamPool } from "../conn/upstream_pool.ts";

/** What the forwarder needs besides the request. */
export interface ForwardContext {
  readonly endpoint: UpstreamEndpoint;
  readonly connect: (endpoint: UpstreamEndpoint) => Promise<Deno.Conn>;
  readonly limits: ApiLimits;
  /** The content guard every request body passes before it goes upstream. */
  readonly guard: ApiGuard;
  /** Request body bytes held at once, shared by the proxy's connections. */
  readonly budget: BodyBudget;
  /** Idle upstream connections: taken when there is one, given back after a clean exchange. */
  readonly pool: UpstreamPool;
  /** What the pool keeps this proxy's upstream connections under. */
  readonly poolKey: string;
}

/** The decided request: the upstream head (no framing fields), and whether a body follows. */
export interface ForwardPlan {
  readonly head: Uint8Array;
  readonly body: boolean;
}

/** The client's connection, as far as the forwarder writes to it and closes it. */
export interface ClientConn {
  write(p: Uint8Array): Promise<number>;
  close(): void;
}

/** What happened to one forwarded request, for the audit log and the session. */
export interface ForwardOutcome {
  /** Status sent to the client; 499 when it went away, 408 when a transfer stalled, before any answer. */
  readonly status: number;
  readonly code: string;
  readonly bytesUp: number;
  readonly bytesDown: number;
  readonly notes: readonly string[];
  /** Whether the client connection may carry another request. */
  readonly keepAlive: boolean;
  /** Set when the proxy must answer the client itself (nothing was sent to it yet). */
  readonly answer?: Refusal;
}

/** Why an exchange was cut short. */
type Cut = "timeout" | "client" | "idle";

/** How a request body upload ended. */
type Upload = { readonly kind: "sent" | "failed" };

const CONTINUE = new TextEncoder().encode("HTTP/1.1 100 Continue\r\n\r\n");
/** The body bytes sent together with the head; the rest goes in writes of `UPLOAD_PART`. */
const FIRST_PART = 64 * 1024;
/** One write of the body: small enough that a stalled upstream shows as no progress. */
const UPLOAD_PART = 256 * 1024;

/** Forwards one decided request and relays its answer; never throws on network failures. */
export function forwardApiRequest(
  client: ClientConn,
  clientReader: ByteReader,
  head: RequestHead,
  plan: ForwardPlan,
  context: ForwardContext,
): Promise<ForwardOutcome> {
  return new Exchange(client, clientReader, head, context).run(plan);
}

class Exchange {
  readonly #client: ClientConn;
  readonly #clientReader: ByteReader;
  readonly #head: RequestHead;
  readonly #context: ForwardContext;
  readonly #notes: string[] = [];
  #bytesUp = 0;
  #bytesDown = 0;
  /** Body copies running; only they are checked for idleness. */
  #copying = 0;
  /** The upstream connection in use; closed at the end unless given back to the pool. */
  #link: UpstreamLink | undefined;
  /** Whether `#link` came from the pool (and so may have been closed by the upstream meanwhile). */
  #reused = false;
  #uploaded: Upload | undefined;
  /** Body bytes taken from the proxy's budget, given back when the exchange ends. */
  #held = 0;
  #cut: Cut | undefined;
  #finished = false;
  #signalCut: () => void = () => {};
  readonly #wasCut = new Promise<void>((resolve) => this.#signalCut = resolve);
  #responseDeadline: Deadline | undefined;
  #idleDeadline: Deadline | undefined;

  constructor(
    client: ClientConn,
    clientReader: ByteReader,
    head: RequestHead,
    context: ForwardContext,
  ) {
    this.#client = client;
    this.#clientReader = clientReader;
    this.#head = head;
    this.#context = context;
  }

  async run(plan: ForwardPlan): Promise<ForwardOutcome> {
    const { limits } = this.#context;
    // The response head must arrive in time, dialling and sending the body included.
    this.#responseDeadline = new Deadline(limits.responseTimeoutMs, {
      onExpire: () => this.#cutShort("timeout"),
    });
    // A body (either way) that moves no byte for bodyIdleMs is cut; progress pushes it back,
    // and while nothing is being copied the deadline only runs again.
    const idle = new Deadline(limits.bodyIdleMs, {
      onExpire: () => {
        if (this.#copying > 0) this.#cutShort("idle");
        else idle.reset(limits.bodyIdleMs);
      },
    });
    this.#idleDeadline = idle;
    try {
      return await this.#forward(plan);
    } finally {
      this.#finished = true;
      this.#responseDeadline.clear();
      idle.clear();
      closeQuietly(this.#link?.conn);
      this.#release();
    }
  }

  /** Gives the body's bytes back to the proxy's budget (once). */
  #release(): void {
    this.#context.budget.give(this.#held);
    this.#held = 0;
  }

  async #forward(plan: ForwardPlan): Promise<ForwardOutcome> {
    this.#watchClient();
    let head = plan.head;
    let body: Uint8Array | undefined;
    if (plan.body) {
      const guarded = await this.#guardedBody();
      if (!(guarded instanceof Uint8Array)) return guarded;
      head = withBodyLength(plan.head, guarded.length);
      body = guarded;
      this.#watchClient();
    }
    for (let fresh = false;; fresh = true) {
      const link = await this.#connect(fresh);
      if (!("conn" in link)) return link;
      const response = await this.#request(link, head, body);
      // A pooled connection the upstream had just closed: nothing of the client's was used.
      if (response === "stale") continue;
      // Only the upload still holds the body now, so it is freed when that ends, not with the
      // response stream.
      body = undefined;
      if (!("framing" in response)) return response;
      this.#responseDeadline?.clear();
      return await this.#relay(response, link, plan.body);
    }
  }

  /**
   * Reads the request body whole (answering `100-continue` first) and runs
   * the guard on it: the bytes to send, or the outcome when the request
   * ends here.
   */
  async #guardedBody(): Promise<Uint8Array | ForwardOutcome> {
    const { limits, budget, guard } = this.#context;
    const framing = this.#head.framing;
    const declared = refuseDeclaredLength(framing, { maxBytes: limits.maxBodyBytes });
    if (declared !== undefined) return this.#bodyFailure(declared);
    if (expectsContinue(this.#head)) {
      await writeAll(this.#client, CONTINUE).catch(() => this.#cutShort("client"));
    }
    this.#copying++;
    const read = await readRequestBody(this.#clientReader, framing, {
      maxBytes: limits.maxBodyBytes,
      budget,
      fill: () => this.#fillClient(),
      progress: (bytes) => this.#progress(bytes, 0),
    });
    this.#copying--;
    if (read.kind === "failed") return this.#bodyFailure(read);
    this.#held = read.held;
    const guarded = guardRequestBody(read.body, guard);
    this.#notes.push(...guarded.notes);
    if (guarded.kind === "refuse") {
      const { status, code } = guarded.refusal;
      return this.#outcome(status, code, false, guarded.refusal);
    }
    return guarded.body;
  }

  /** The outcome for a body that could not be read. */
  #bodyFailure(read: Extract<BodyRead, { kind: "failed" }>): ForwardOutcome {
    switch (read.failed) {
      case "closed":
        return this.#whyCut() ?? this.#outcome(499, "api.client_closed");
      case "framing":
        return this.#answer(400, "http.bad_chunked_body", read.reason);
      case "too_large":
        return this.#answer(413, "api.body_too_large", read.reason);
      case "busy":
        return this.#answer(503, "api.busy", read.reason);
    }
  }

  /** Reads more from the client, giving up (false) when the exchange is cut short. */
  async #fillClient(): Promise<boolean> {
    const more = await Promise.race([
      this.#clientReader.fill(),
      this.#wasCut.then(() => false),
    ]);
    return more && this.#cut === undefined;
  }

  /** Keeps a read in flight on the client: it ends when the client goes away (or sends more). */
  #watchClient(): void {
    this.#clientReader.fill().then((more) => {
      if (!more) this.#cutShort("client");
    });
  }

  /** An idle pooled connection unless `fresh`, else a new one. */
  async #connect(fresh: boolean): Promise<UpstreamLink | ForwardOutcome> {
    const pooled = fresh ? undefined : this.#context.pool.take(this.#context.poolKey);
    if (pooled !== undefined) {
      this.#link = pooled;
      this.#reused = true;
      return pooled;
    }
    this.#reused = false;
    const { connect, endpoint, limits } = this.#context;
    const dialing = connect(endpoint);
    const deadline = new Deadline(limits.connectTimeoutMs);
    const result = await deadline.race(Promise.race([
      dialing.catch(() => "failed" as const),
      this.#wasCut.then(() => "cut" as const),
    ]));
    deadline.clear();
    if (typeof result === "object" && this.#cut === undefined) {
      this.#link = { conn: result, reader: new ByteReader(result) };
      return this.#link;
    }
    dialing.then(closeQuietly, () => {});
    if (result === EXPIRED) {
      return this.#answer(
        504,
        "api.connect_timeout",
        `connecting to the Messages API at ${endpoint.host} timed out`,
      );
    }
    return this.#whyCut() ?? this.#unreachable();
  }

  /**
   * Sends the head (and starts the body) on `link` and reads the response
   * head; "stale" when a pooled connection turned out closed before the
   * request could be written, so it can go on a new one.
   */
  async #request(
    link: UpstreamLink,
    head: Uint8Array,
    body: Uint8Array | undefined,
  ): Promise<ResponseHead | ForwardOutcome | "stale"> {
    const stale = (): "stale" | undefined => {
      if (!this.#reused || this.#cut !== undefined) return undefined;
      closeQuietly(link.conn);
      this.#link = undefined;
      return "stale";
    };
    // The head goes out together with the start of the body: a small separate write
    // would wait for a delayed ACK.
    const first = body === undefined ? head : joinBytes([head, body.subarray(0, FIRST_PART)]);
    try {
      await writeAll(link.conn, first);
    } catch {
      return stale() ?? this.#whyCut() ?? this.#unreachable();
    }
    if (body !== undefined) this.#upload(link.conn, body.subarray(FIRST_PART));
    const response = await this.#responseHead(link.reader);
    const unanswered = !("framing" in response) && response.code === "api.no_response";
    if (unanswered && body === undefined) return stale() ?? response;
    return response;
  }

  /**
   * Sends the rest of the body while the response head is awaited (the
   * upstream may answer before reading it all); a failed write is left for
   * the response (or its absence) to tell.
   */
  #upload(upstream: Deno.Conn, rest: Uint8Array): void {
    this.#copying++;
    (async () => {
      try {
        for (let at = 0; at < rest.length; at += UPLOAD_PART) {
          await writeAll(upstream, rest.subarray(at, at + UPLOAD_PART));
          this.#progress(0, 0);
        }
        return { kind: "sent" as const };
      } catch {
        return { kind: "failed" as const };
      }
    })().then((result) => {
      this.#copying--;
      this.#uploaded = result;
      this.#release();
    });
  }

  /** Reads the final response head; interim (1xx) answers are for this hop only. */
  async #responseHead(reader: ByteReader): Promise<ResponseHead | ForwardOutcome> {
    for (;;) {
      const parsed = parseResponseHead(reader.buffered, this.#head.method);
      if (parsed.kind === "error") {
        return this.#answer(
          502,
          "api.bad_response",
          `the Messages API sent a malformed response: ${parsed.reason}`,
        );
      }
      if (parsed.kind === "head") {
        reader.consume(parsed.consumed);
        if (parsed.head.status === 101) {
          return this.#answer(
            502,
            "api.bad_response",
            "the upstream switched protocols",
          );
        }
        if (parsed.head.status >= 200) return parsed.head;
        continue;
      }
      if (await reader.fill()) continue;
      return this.#whyCut() ?? this.#answer(
        502,
        "api.no_response",
        `the Messages API at ${this.#context.endpoint.host} closed the connection without answering`,
      );
    }
  }

  /** Sends the response head and streams the body to the client. */
  async #relay(
    response: ResponseHead,
    link: UpstreamLink,
    hasBody: boolean,
  ): Promise<ForwardOutcome> {
    const head = this.#head;
    // An HTTP/1.0 client cannot read chunked framing: it gets the data, ended by the close.
    const unchunk = head.version === "HTTP/1.0" && response.framing.kind === "chunked";
    // A body the upstream did not wait for may still be arriving: the connection cannot be reused.
    // Unchunked data is ended by the close, so that connection cannot carry another request.
    const close = wantsClose(head) || response.framing.kind === "close" || unchunk ||
      (hasBody && this.#uploaded === undefined);
    const coding = contentCoding(response.headers);
    if (coding !== undefined) {
      return this.#answer(
        502,
        "api.encoded_response",
        `the Messages API answered in the content coding "${coding}" though asked for identity; ` +
          "bottle does not pass on a response it cannot scrub",
      );
    }
    const scrubber = new ResponseScrubber(this.#context.guard.scrub);
    const fields = downstreamFields(scrubber.fields(response.headers));
    if (response.framing.kind === "length") {
      fields.push(["content-length", String(response.framing.length)]);
    } else if (response.framing.kind === "chunked" && !unchunk) {
      fields.push(["transfer-encoding", "chunked"]);
    }
    if (close) fields.push(["connection", "close"]);
    const written = serializeResponseHead({
      status: response.status,
      reason: response.reason,
      headers: fields,
    });
    if (written.kind === "error") {
      return this.#answer(
        502,
        "api.bad_response",
        `the Messages API sent a response that cannot be forwarded: ${written.reason}`,
      );
    }
    this.#copying++;
    const copied = await copyResponse(
      written.bytes,
      link.reader,
      response.framing,
      this.#client,
      unchunk,
      (bytes) => this.#progress(0, bytes),
      scrubber,
    );
    this.#copying--;
    for (const [label, count] of scrubber.counts) {
      this.#notes.push(`scrubbed ${label} from the response (${count}×)`);
    }
    if (this.#cut !== undefined) return this.#outcome(response.status, cutCode(this.#cut));
    if (copied.kind === "failed") {
      const code = copied.failed === "client" ? "api.client_closed" : "api.stream_ended_early";
      return this.#outcome(response.status, code);
    }
    const clean = !hasBody || this.#uploaded?.kind === "sent";
    if (clean && reusableAfter(response)) {
      this.#context.pool.give(this.#context.poolKey, link);
      this.#link = undefined;
    }
    return this.#outcome(response.status, "api.forwarded", !close && clean);
  }

  #progress(up: number, down: number): void {
    this.#idleDeadline?.touch();
    this.#bytesUp += up;
    this.#bytesDown += down;
  }

  #cutShort(why: Cut): void {
    if (this.#finished || this.#cut !== undefined) return;
    this.#cut = why;
    closeQuietly(this.#link?.conn);
    // A write stalled on a client that stopped reading ends only when the client is closed too.
    if (why === "idle") closeQuietly(this.#client);
    this.#signalCut();
  }

  /** The outcome for an exchange cut short, or undefined when it was not. */
  #whyCut(): ForwardOutcome | undefined {
    switch (this.#cut) {
      case undefined:
        return undefined;
      case "timeout":
        return this.#answer(
          504,
          "api.upstream_timeout",
          `the Messages API at ${this.#context.endpoint.host} did not answer in time`,
        );
      default:
        return this.#outcome(this.#cut === "idle" ? 408 : 499, cutCode(this.#cut));
    }
  }

  #unreachable(): ForwardOutcome {
    return this.#answer(
      502,
      "api.upstream_unreachable",
      `the Messages API at ${this.#context.endpoint.host} could not be reached`,
    );
  }

  #answer(status: number, code: string, reason: string): ForwardOutcome {
    return this.#outcome(status, code, false, refusal(status, code, reason));
  }

  #outcome(status: number, code: string, keepAlive = false, answer?: Refusal): ForwardOutcome {
    return {
      status,
      code,
      bytesUp: this.#bytesUp,
      bytesDown: this.#bytesDown,
      notes: this.#notes,
      keepAlive,
      ...(answer === undefined ? {} : { answer }),
    };
  }
}

/** The response's content coding when it is not identity (its first such value), else undefined. */
function contentCoding(fields: ResponseHead["headers"]): string | undefined {
  for (const [name, value] of fields) {
    if (name !== "content-encoding") continue;
    const coding = value.split(",").map((s) => s.trim().toLowerCase())
      .find((s) => s !== "" && s !== "identity");
    if (coding !== undefined) return coding.replace(/[^\x21-\x7e]/g, "?").slice(0, 32);
  }
  return undefined;
}

function cutCode(cut: Cut): string {
  return cut === "client"
    ? "api.client_closed"
    : cut === "idle"
    ? "api.body_idle"
    : "api.upstream_timeout";
}
