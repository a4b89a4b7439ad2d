/**
 * The API proxy: the bottle's only road to the model. It speaks HTTP/1.1 on
 * raw connections with the strict parsers of `proxy/http/`, accepts only the
 * Messages API's paths and only the bottle's phantom credential, swaps in the
 * real credential, runs the content guard on every request head (real
 * secrets and credentials in a header or the query refused, ungranted server
 * tools' betas removed) and body (invisible Unicode removed, real secrets
 * blocked, detected credentials redacted when asked, URL-fetching fields and
 * ungranted server tools removed), and streams responses back with the real
 * secrets scrubbed out.
 * Every request is one audit event.
 */
import { type AuditEvent, redactQuery } from "../audit/audit_event.ts";
import { parseRequestHead, type RequestHead } from "../http/parse_request_head.ts";
import { closeQuietly } from "../close_quietly.ts";
import { writeAll } from "../egress/write_all.ts";
import { apiErrorResponse, type ApiRefusal } from "./api_error.ts";
import {
  type ApiLimits,
  type ApiProxyConfig,
  type ApiProxyDeps,
  resolveApiLimits,
} from "./api_proxy_config.ts";
import { BodyBudget } from "./body_budget.ts";
import { ByteReader } from "../http/byte_reader.ts";
import { decideApiRequest } from "./decide_api_request.ts";
import {
  forwardApiRequest,
  type ForwardContext,
  type ForwardOutcome,
} from "./forward_api_request.ts";
import { resolveApiGuard } from "./resolve_api_guard.ts";
import { dialUpstream, upstreamEndpoint } from "./upstream_endpoint.ts";
import { UpstreamPool } from "./upstream_pool.ts";

/** How long a refused client may keep sending before its connection is closed anyway. */
const LINGER_MS = 1000;
const LINGER_BYTES = 1024 * 1024;
/** Idle upstream connections kept at most (a bottle runs a handful of requests at once). */
const MAX_IDLE_UPSTREAM = 16;

type AuditFields = Partial<AuditEvent> & Pick<AuditEvent, "status" | "decision" | "reason">;

/** A head, a refusal of what arrived instead, or nothing (the client left or idled out). */
type HeadRead = { readonly head: RequestHead } | { readonly refusal: ApiRefusal } | undefined;

/** One bottle's API proxy: call `handle` for each accepted connection. */
export class ApiProxy {
  readonly #config: ApiProxyConfig;
  readonly #deps: ApiProxyDeps;
  readonly #limits: ApiLimits;
  readonly #context: ForwardContext;
  #active = 0;

  /** Throws when `config.upstream` is not an http: or https: base URL. */
  constructor(config: ApiProxyConfig, deps: ApiProxyDeps) {
    this.#config = config;
    this.#deps = deps;
    this.#limits = resolveApiLimits(config);
    this.#context = {
      endpoint: upstreamEndpoint(config.upstream),
      connect: deps.connect ?? ((endpoint) => dialUpstream(endpoint)),
      limits: this.#limits,
      guard: resolveApiGuard(config),
      budget: new BodyBudget(this.#limits.maxBufferedBytes),
      pool: new UpstreamPool({ maxIdle: MAX_IDLE_UPSTREAM, idleMs: this.#limits.upstreamIdleMs }),
    };
  }

  /** Closes the idle upstream connections and keeps none from now on. */
  close(): void {
    this.#context.pool.close();
  }

  /** Connections being served right now. */
  get active(): number {
    return this.#active;
  }

  /** Serves one client connection until it closes; never throws. */
  async handle(conn: Deno.Conn): Promise<void> {
    this.#active++;
    const reader = new ByteReader(conn);
    try {
      if (conn.remoteAddr.transport === "tcp") (conn as Deno.TcpConn).setNoDelay(true);
      if (this.#active > this.#limits.maxConnections) {
        const refusal = {
          status: 503,
          type: "overloaded_error",
          code: "api.too_many_connections",
          message: "bottle: too many connections to the API proxy",
        };
        this.#audit(performance.now(), undefined, {
          status: 503,
          decision: "deny",
          reason: refusal.code,
        });
        await this.#refuse(conn, reader, refusal);
        return;
      }
      for (let first = true;; first = false) {
        const read = await this.#readHead(reader, first);
        if (read === undefined) return;
        const started = performance.now();
        if ("refusal" in read) {
          this.#audit(started, undefined, {
            status: read.refusal.status,
            decision: "deny",
            reason: read.refusal.code,
          });
          await this.#refuse(conn, reader, read.refusal);
          return;
        }
        if (!(await this.#exchange(conn, reader, read.head, started))) return;
        reader.shrink();
      }
    } catch {
      // A network failure or a bug ends this connection only: fail closed.
    } finally {
      this.#active--;
      closeQuietly(conn);
    }
  }

  /** One request: decide, then forward or refuse; true when the connection may carry another. */
  async #exchange(
    conn: Deno.Conn,
    reader: ByteReader,
    head: RequestHead,
    started: number,
  ): Promise<boolean> {
    const decision = decideApiRequest(head, {
      endpoint: this.#context.endpoint,
      credential: this.#config.credential,
      phantom: this.#config.phantom,
      guard: this.#context.guard,
    });
    if (decision.action === "refuse") {
      this.#audit(started, head, {
        status: decision.refusal.status,
        decision: "deny",
        reason: decision.refusal.code,
        ...decision.audit,
      });
      await this.#refuse(conn, reader, decision.refusal);
      return false;
    }
    let result: ForwardOutcome;
    try {
      result = await forwardApiRequest(conn, reader, head, decision, this.#context);
    } catch {
      // A bug, not the network: the request is still audited, and the connection closed.
      this.#audit(started, head, {
        status: 502,
        decision: "allow",
        reason: "api.proxy_error",
        credentialInjected: true,
      });
      return false;
    }
    const refused = result.answer !== undefined && result.answer.status < 500;
    const notes = [...(decision.audit.notes ?? []), ...result.notes];
    this.#audit(started, head, {
      ...decision.audit,
      status: result.status,
      decision: refused ? "deny" : "allow",
      reason: result.code,
      bytesUp: result.bytesUp,
      bytesDown: result.bytesDown,
      credentialInjected: true,
      ...(notes.length === 0 ? {} : { notes }),
    });
    if (result.answer !== undefined) {
      await this.#refuse(conn, reader, result.answer);
      return false;
    }
    return result.keepAlive;
  }

  /**
   * Reads one request head. A kept-alive connection may idle for
   * `keepAliveIdleMs`; once a head has begun (or on a new connection) it must
   * be complete within `headerTimeoutMs`, else the client gets a 408.
   */
  async #readHead(reader: ByteReader, first: boolean): Promise<HeadRead> {
    let begun = first || reader.buffered.length > 0;
    let deadline = performance.now() +
      (begun ? this.#limits.headerTimeoutMs : this.#limits.keepAliveIdleMs);
    for (;;) {
      const parsed = parseRequestHead(reader.buffered);
      if (parsed.kind === "head") {
        reader.consume(parsed.consumed);
        return { head: parsed.head };
      }
      if (parsed.kind === "error") {
        return {
          refusal: {
            status: parsed.status,
            type: "invalid_request_error",
            code: parsed.code,
            message: `bottle: ${parsed.reason}`,
          },
        };
      }
      if (!begun && reader.buffered.length > 0) {
        begun = true;
        deadline = performance.now() + this.#limits.headerTimeoutMs;
      }
      const more = await within(deadline - performance.now(), reader.fill());
      if (more === "timeout") {
        if (reader.buffered.length === 0) return undefined;
        return {
          refusal: {
            status: 408,
            type: "invalid_request_error",
            code: "api.header_timeout",
            message: `bottle: the request head did not arrive within ${
              this.#limits.headerTimeoutMs / 1000
            } s`,
          },
        };
      }
      if (!more) {
        if (reader.buffered.length === 0) return undefined;
        return {
          refusal: {
            status: 400,
            type: "invalid_request_error",
            code: "http.incomplete",
            message: "bottle: the connection ended inside a request head",
          },
        };
      }
    }
  }

  /**
   * Sends the proxy's own answer, then closes gently: the write side first,
   * then whatever the client still sends (an unread body, say) is read and
   * dropped for a moment, so the close does not reset the connection before
   * the client has read the answer.
   */
  async #refuse(conn: Deno.Conn, reader: ByteReader, refusal: ApiRefusal): Promise<void> {
    const timer = setTimeout(() => closeQuietly(conn), LINGER_MS);
    try {
      await writeAll(conn, apiErrorResponse(refusal));
      await conn.closeWrite();
      for (let dropped = 0; dropped < LINGER_BYTES && (await reader.fill());) {
        dropped += reader.buffered.length;
        reader.consume(reader.buffered.length);
      }
    } catch {
      /* the client is gone */
    } finally {
      clearTimeout(timer);
    }
  }

  /** The target with query values redacted, and any credential the bottle put in the path too. */
  #auditPath(target: string): string {
    let path = redactQuery(target);
    for (const secret of [this.#config.phantom, this.#config.credential.value]) {
      if (secret !== "") path = path.replaceAll(secret, "*");
    }
    return path;
  }

  #audit(started: number, head: RequestHead | undefined, fields: AuditFields): void {
    const { endpoint } = this.#context;
    try {
      this.#deps.audit({
        // Stamped when written, so the log's order is its time order.
        time: new Date().toISOString(),
        bottle: this.#config.bottle,
        channel: "api",
        method: head?.method ?? "",
        host: endpoint.hostname,
        port: endpoint.port,
        path: head === undefined ? "" : this.#auditPath(head.target),
        bytesUp: 0,
        bytesDown: 0,
        durationMs: Math.round(performance.now() - started),
        credentialInjected: false,
        ...fields,
      });
    } catch { /* the audit sink failing must not open anything */ }
  }
}

/** Resolves like `promise`, or with "timeout" after `ms`. */
function within<T>(ms: number, promise: Promise<T>): Promise<T | "timeout"> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<"timeout">((resolve) => timer = setTimeout(() => resolve("timeout"), ms)),
  ]);
}
