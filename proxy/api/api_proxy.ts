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
import { redactQuery } from "../audit/audit_event.ts";
import { type AuditOutcome, type AuditWriter, auditWriter } from "../audit/audit_writer.ts";
import type { RequestHead } from "../http/parse_request_head.ts";
import { sendAnswer } from "../conn/send_answer.ts";
import { type Client, ConnectionCount, type Road, serveClient } from "../conn/serve_client.ts";
import { apiErrorResponse } from "./api_error.ts";
import { type Refusal, refusal } from "../refusal.ts";
import {
  type ApiLimits,
  type ApiProxyConfig,
  type ApiProxyDeps,
  resolveApiLimits,
} from "./api_proxy_config.ts";
import { BodyBudget } from "./body_budget.ts";
import { decideApiRequest } from "./decide_api_request.ts";
import {
  forwardApiRequest,
  type ForwardContext,
  type ForwardOutcome,
} from "./forward_api_request.ts";
import { resolveApiGuard } from "./resolve_api_guard.ts";
import { dialUpstream, upstreamEndpoint } from "./upstream_endpoint.ts";
import { UpstreamPool } from "../conn/upstream_pool.ts";

/** How long, and how much, a refused client may keep sending before its connection is closed anyway. */
const LINGER = { ms: 1000, bytes: 1024 * 1024 };
/** Idle upstream connections kept at most (a bottle runs a handful of requests at once). */
const MAX_IDLE_UPSTREAM = 16;
/** The pool key of the one upstream: the pool is this proxy's own, so one key is all it needs. */
const API_UPSTREAM_KEY = "api";

/** One bottle's API proxy: call `handle` for each accepted connection. */
export class ApiProxy {
  readonly #config: ApiProxyConfig;
  readonly #deps: ApiProxyDeps;
  readonly #limits: ApiLimits;
  readonly #context: ForwardContext;
  readonly #count = new ConnectionCount();
  readonly #road: Road;
  readonly #write: AuditWriter;

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
      pool: new UpstreamPool({
        maxIdle: MAX_IDLE_UPSTREAM,
        maxIdlePerKey: MAX_IDLE_UPSTREAM,
        idleMs: this.#limits.upstreamIdleMs,
      }),
      poolKey: API_UPSTREAM_KEY,
    };
    this.#write = auditWriter(deps.audit, config.bottle, "api");
    this.#road = this.#makeRoad();
  }

  /** Closes the idle upstream connections and keeps none from now on. */
  close(): void {
    this.#context.pool.close();
  }

  /** Connections being served right now. */
  get active(): number {
    return this.#count.value;
  }

  /**
   * Serves one client connection until it closes; never throws. When
   * `signal` aborts (server shutdown), the client's connection is closed,
   * which ends the exchange, and this resolves soon after.
   */
  handle(conn: Deno.Conn, signal?: AbortSignal): Promise<void> {
    return serveClient(conn, signal, this.#road, this.#count);
  }

  /** The API proxy's decisions, as the connection core calls them. */
  #makeRoad(): Road {
    const { maxConnections, headerTimeoutMs, keepAliveIdleMs } = this.#limits;
    return {
      maxConnections,
      headWait: {
        headerMs: headerTimeoutMs,
        idleMs: keepAliveIdleMs,
        timeoutCode: "api.header_timeout",
        timeoutReason: `the request head did not arrive within ${headerTimeoutMs / 1000} s`,
      },
      overloaded: async (client) => {
        const answer = refusal(
          503,
          "api.too_many_connections",
          "too many connections to the API proxy",
        );
        this.#audit(performance.now(), undefined, {
          status: 503,
          decision: "deny",
          reason: answer.code,
        });
        await this.#refuse(client, answer);
      },
      refuseHead: async (client, read, started) => {
        this.#audit(started, undefined, {
          status: read.status,
          decision: "deny",
          reason: read.code,
        });
        await this.#refuse(client, read);
      },
      exchange: (client, head, started) => this.#exchange(client, head, started),
    };
  }

  /** One request: decide, then forward or refuse; true when the connection may carry another. */
  async #exchange(client: Client, head: RequestHead, started: number): Promise<boolean> {
    const decision = decideApiRequest(head, {
      endpoint: this.#context.endpoint,
      credential: this.#config.credential,
      phantom: this.#config.phantom,
      guard: this.#context.guard,
    });
    if (decision.kind === "refuse") {
      this.#audit(started, head, {
        status: decision.refusal.status,
        decision: "deny",
        reason: decision.refusal.code,
        ...decision.audit,
      });
      await this.#refuse(client, decision.refusal);
      return false;
    }
    let result: ForwardOutcome;
    try {
      result = await forwardApiRequest(client.conn, client.reader, head, decision, this.#context);
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
      await this.#refuse(client, result.answer);
      return false;
    }
    return result.keepAlive;
  }

  /** Sends the proxy's own answer, then closes gently (the client may still be sending). */
  async #refuse(client: Client, answer: Refusal): Promise<void> {
    await sendAnswer(client, apiErrorResponse(answer), LINGER);
  }

  /** The target with query values redacted, and any credential the bottle put in the path too. */
  #auditPath(target: string): string {
    let path = redactQuery(target);
    for (const secret of [this.#config.phantom, this.#config.credential.value]) {
      if (secret !== "") path = path.replaceAll(secret, "*");
    }
    return path;
  }

  #audit(started: number, head: RequestHead | undefined, outcome: AuditOutcome): void {
    const { endpoint } = this.#context;
    this.#write(started, {
      method: head?.method ?? "",
      host: endpoint.hostname,
      port: endpoint.port,
      path: head === undefined ? "" : this.#auditPath(head.target),
    }, outcome);
  }
}
