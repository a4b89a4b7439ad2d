/**
 * The egress proxy: the only way out of a bottle. It speaks HTTP/1.1
 * forward-proxy — `CONNECT host:port` tunnels and absolute-form `http://`
 * requests — and decides every request on its own, in this order: strict
 * parse, normalise, allowlist on host and port, content checks, resolve,
 * refuse forbidden addresses, connect to exactly the address that was checked.
 * Nothing is resolved for a request denied before resolution.
 */
import type { AuditEvent, AuditSink } from "../audit/audit_event.ts";
import { redactQuery } from "../audit/audit_event.ts";
import { type Decision, deny } from "../decision.ts";
import { parseRequestHead, type RequestHead } from "../http/mod.ts";
import type { ListenOn, RunningServer } from "../listen.ts";
import {
  type ContentCheck,
  decideAfterResolve,
  decideBeforeResolve,
  type EgressPolicy,
  needsResolution,
  parseAbsoluteTarget,
  parseConnectTarget,
  type Target,
} from "../policy/mod.ts";
import { ConnReader } from "./conn_reader.ts";
import { forwardRequest } from "./forward_request.ts";
import { pipeTunnel } from "./pipe_tunnel.ts";
import { statusResponse } from "./status_response.ts";
import { writeAll } from "./write_all.ts";

/** Time and count limits of the egress proxy. */
export interface EgressLimits {
  /** A request head must arrive within this (slowloris guard; also the keep-alive idle time). */
  readonly headerTimeoutMs: number;
  /** A tunnel or body transfer with no bytes for this long is closed. */
  readonly idleTimeoutMs: number;
  /** A tunnel is closed after this long, busy or not. */
  readonly tunnelLifetimeMs: number;
  /** Connections from the bottle at once; more are answered 503. */
  readonly maxConnections: number;
  readonly resolveTimeoutMs: number;
  readonly connectTimeoutMs: number;
  /** Upstream response head must arrive within this after the request was sent. */
  readonly responseTimeoutMs: number;
}

/** Safe defaults for every limit. */
export const DEFAULT_EGRESS_LIMITS: EgressLimits = {
  headerTimeoutMs: 10_000,
  idleTimeoutMs: 300_000,
  tunnelLifetimeMs: 3_600_000,
  maxConnections: 256,
  resolveTimeoutMs: 5_000,
  connectTimeoutMs: 10_000,
  responseTimeoutMs: 120_000,
};

/** One bottle's egress policy and limits. */
export interface EgressProxyConfig {
  readonly bottle: string;
  readonly policy: EgressPolicy;
  /** Checks on the target after the allowlist (the DLP hook). */
  readonly contentCheck?: ContentCheck;
  readonly limits?: Partial<EgressLimits>;
}

/** The proxy's edges: DNS, outgoing connections and the audit log. */
export interface EgressDeps {
  readonly resolve: (host: string) => Promise<string[]>;
  readonly connect: (address: string, port: number) => Promise<Deno.Conn>;
  readonly audit: AuditSink;
}

/** Methods forwarded as plain HTTP; anything else on the proxy is 405. */
const FORWARDED_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]);

/** What the proxy does after deciding: connect to `pinned`, or answer with an error. */
type Route =
  | { readonly ok: true; readonly pinned: string }
  | { readonly ok: false; readonly status: number; readonly code: string; readonly reason: string };

function timeout<T>(ms: number, promise: Promise<T>): Promise<T | "timeout"> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<"timeout">((resolve) => timer = setTimeout(() => resolve("timeout"), ms)),
  ]);
}

function denied(decision: Decision): Extract<Route, { ok: false }> {
  return decision.action === "deny"
    ? { ok: false, status: 403, code: decision.code, reason: decision.reason }
    : { ok: false, status: 500, code: "policy.error", reason: "no decision" };
}

/**
 * A target the parser refused, answered the same on both roads: a malformed
 * target or port is 400; a refused spelling (IP form, userinfo, scheme) is a
 * 403 denial.
 */
function targetRefused(decision: Decision): Extract<Route, { ok: false }> {
  const route = denied(decision);
  const malformed = route.code === "egress.bad_target" || route.code === "egress.bad_port";
  return malformed ? { ...route, status: 400 } : route;
}

/** The audit decision for an answer: the proxy refused (4xx), or the policy let it through. */
function decisionFor(status: number): "allow" | "deny" {
  return status >= 400 && status < 500 ? "deny" : "allow";
}

/**
 * Whether every Host field names the target (RFC 9110 §7.2), read with the
 * target's own parser so case, a trailing dot and IPv6 spelling compare
 * equal; a Host without a port stands for `defaultPort`.
 */
function hostAgrees(head: RequestHead, target: Target, defaultPort: number): boolean {
  return head.headers.filter(([name]) => name === "host").every(([, value]) => {
    const hasPort = value.lastIndexOf(":") > value.lastIndexOf("]");
    const host = parseConnectTarget(hasPort ? value : `${value}:${defaultPort}`);
    return host.ok && host.target.host === target.host && host.target.port === target.port;
  });
}

/** A per-bottle egress proxy: call `handle` for each accepted connection. */
export class EgressProxy {
  readonly #config: EgressProxyConfig;
  readonly #deps: EgressDeps;
  readonly #limits: EgressLimits;
  #active = 0;

  constructor(config: EgressProxyConfig, deps: EgressDeps) {
    this.#config = config;
    this.#deps = deps;
    this.#limits = { ...DEFAULT_EGRESS_LIMITS, ...config.limits };
  }

  /** Connections being served right now. */
  get active(): number {
    return this.#active;
  }

  /** Serves one client connection until it closes; never throws. */
  async handle(conn: Deno.Conn): Promise<void> {
    this.#active++;
    try {
      // Heads and bodies go out in separate writes: with Nagle's algorithm on,
      // a client's delayed ACK would hold each kept-alive answer for ~40 ms.
      if (conn.remoteAddr.transport === "tcp") (conn as Deno.TcpConn).setNoDelay(true);
      if (this.#active > this.#limits.maxConnections) {
        this.#audit(new Date().toISOString(), performance.now(), "", "", 0, "", {
          status: 503,
          decision: "deny",
          reason: "egress.too_many_connections",
        });
        await this.#answer(
          conn,
          503,
          "egress.too_many_connections",
          "too many connections from this bottle",
        );
        return;
      }
      await this.#session(conn);
    } catch {
      // A network failure or a bug ends this connection only: fail closed.
    } finally {
      this.#active--;
      try {
        conn.close();
      } catch { /* already closed */ }
    }
  }

  async #session(conn: Deno.Conn): Promise<void> {
    const reader = new ConnReader(conn);
    for (;;) {
      const read = await this.#readHead(conn, reader);
      if (read === undefined) return;
      const started = performance.now();
      const time = new Date().toISOString();
      if ("status" in read) {
        this.#audit(time, started, "", "", 0, "", {
          status: read.status,
          decision: "deny",
          reason: read.code,
        });
        await this.#answer(conn, read.status, read.code, read.reason);
        return;
      }
      const { head } = read;
      if (head.method === "CONNECT") {
        await this.#connect(conn, reader, head, time, started);
        return;
      }
      const keepGoing = await this.#plain(conn, reader, head, time, started);
      if (!keepGoing) return;
    }
  }

  /** Reads one request head under the header timeout; undefined when the client went away. */
  async #readHead(
    conn: Deno.Conn,
    reader: ConnReader,
  ): Promise<{ head: RequestHead } | { status: number; code: string; reason: string } | undefined> {
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        conn.close();
      } catch { /* already closed */ }
    }, this.#limits.headerTimeoutMs);
    try {
      for (;;) {
        const result = parseRequestHead(reader.buffered);
        if (result.kind === "head") {
          reader.consume(result.consumed);
          return { head: result.head };
        }
        if (result.kind === "error") return result;
        if (!(await reader.fill())) {
          return timedOut || reader.buffered.length === 0 ? undefined : {
            status: 400,
            code: "http.incomplete",
            reason: "the connection ended inside a request head",
          };
        }
      }
    } finally {
      clearTimeout(timer);
    }
  }

  async #route(target: Target, defaultPort: number): Promise<Route> {
    const { policy, contentCheck } = this.#config;
    const before = decideBeforeResolve(policy, target, defaultPort, contentCheck);
    if (before.action === "deny") return denied(before);
    let addresses: string[];
    if (needsResolution(target)) {
      const resolved = await timeout(
        this.#limits.resolveTimeoutMs,
        this.#deps.resolve(target.host).catch(() => [] as string[]),
      );
      if (resolved === "timeout") {
        return {
          ok: false,
          status: 504,
          code: "egress.resolve_timeout",
          reason: `resolving ${target.host} timed out`,
        };
      }
      addresses = resolved;
      if (addresses.length === 0) {
        return {
          ok: false,
          status: 502,
          code: "egress.resolve_failed",
          reason: `${target.host} did not resolve`,
        };
      }
    } else {
      addresses = [target.host];
    }
    const after = decideAfterResolve(policy, target, addresses);
    if (after.decision.action === "deny") return denied(after.decision);
    if (after.pinned === undefined) return denied(deny("policy.error", "no address was pinned"));
    return { ok: true, pinned: after.pinned };
  }

  async #dial(pinned: string, port: number): Promise<Deno.Conn | Route> {
    const attempt = this.#deps.connect(pinned, port);
    const result = await timeout(
      this.#limits.connectTimeoutMs,
      attempt.catch((e: unknown) => e as Error),
    );
    if (result === "timeout") {
      attempt.then((c) => c.close(), () => {});
      return {
        ok: false,
        status: 504,
        code: "egress.connect_timeout",
        reason: `connecting to port ${port} timed out`,
      };
    }
    if (result instanceof Error) {
      return {
        ok: false,
        status: 502,
        code: "egress.connect_failed",
        reason: `the destination refused or reset the connection`,
      };
    }
    return result;
  }

  async #connect(
    conn: Deno.Conn,
    reader: ConnReader,
    head: RequestHead,
    time: string,
    started: number,
  ): Promise<void> {
    const parsed = parseConnectTarget(head.target);
    const audit = (
      fields: Partial<AuditEvent> & Pick<AuditEvent, "status" | "decision" | "reason">,
    ) =>
      this.#audit(
        time,
        started,
        "CONNECT",
        parsed.ok ? parsed.target.host : head.target.slice(0, 255),
        parsed.ok ? parsed.target.port : 0,
        "",
        fields,
      );
    if (!parsed.ok) {
      const route = targetRefused(parsed.decision);
      audit({ status: route.status, decision: "deny", reason: route.code });
      await this.#answer(conn, route.status, route.code, route.reason);
      return;
    }
    const target = parsed.target;
    if (!hostAgrees(head, target, target.port)) {
      const code = "egress.host_mismatch";
      audit({ status: 400, decision: "deny", reason: code });
      await this.#answer(conn, 400, code, "the Host header does not match the CONNECT target");
      return;
    }
    const route = await this.#route(target, 443);
    if (!route.ok) {
      audit({
        status: route.status,
        decision: decisionFor(route.status),
        reason: route.code,
      });
      await this.#answer(conn, route.status, route.code, route.reason);
      return;
    }
    const upstream = await this.#dial(route.pinned, target.port);
    if (!("read" in upstream)) {
      const failed = upstream as Extract<Route, { ok: false }>;
      audit({ status: failed.status, decision: "allow", reason: failed.code });
      await this.#answer(conn, failed.status, failed.code, failed.reason);
      return;
    }
    const early = reader.take();
    try {
      await writeAll(conn, new TextEncoder().encode("HTTP/1.1 200 Connection Established\r\n\r\n"));
      if (early.length > 0) await writeAll(upstream, early);
    } catch {
      // Either side went away before the tunnel started: close the destination too.
      try {
        upstream.close();
      } catch { /* already closed */ }
      audit({ status: 200, decision: "allow", reason: "egress.tunnel_closed" });
      return;
    }
    const result = await pipeTunnel(conn, upstream, {
      idleMs: this.#limits.idleTimeoutMs,
      lifetimeMs: this.#limits.tunnelLifetimeMs,
    });
    audit({
      status: 200,
      decision: "allow",
      reason: result.ended === "closed" ? "egress.tunnel_closed" : `egress.tunnel_${result.ended}`,
      bytesUp: result.bytesUp + early.length,
      bytesDown: result.bytesDown,
    });
  }

  /** One absolute-form request; true when the connection may carry another. */
  async #plain(
    conn: Deno.Conn,
    reader: ConnReader,
    head: RequestHead,
    time: string,
    started: number,
  ): Promise<boolean> {
    const refuse = async (
      status: number,
      code: string,
      reason: string,
      host = "",
      port = 0,
      path = "",
    ) => {
      this.#audit(time, started, head.method, host, port, path, {
        status,
        decision: decisionFor(status),
        reason: code,
      });
      await this.#answer(conn, status, code, reason);
      return false;
    };
    if (head.target.startsWith("/") || head.target === "*") {
      return refuse(
        400,
        "egress.not_a_proxy_request",
        "this is a proxy: send CONNECT or an absolute http:// URL",
      );
    }
    if (!FORWARDED_METHODS.has(head.method)) {
      return refuse(405, "egress.method_not_allowed", `${head.method} is not forwarded`);
    }
    const parsed = parseAbsoluteTarget(head.target);
    if (!parsed.ok) {
      const route = targetRefused(parsed.decision);
      return refuse(route.status, route.code, route.reason);
    }
    const target = parsed.target;
    const path = redactQuery(target.path);
    if (!hostAgrees(head, target, 80)) {
      return refuse(
        400,
        "egress.host_mismatch",
        "the Host header does not match the request target",
        target.host,
        target.port,
        path,
      );
    }
    if (head.headers.some(([name]) => name === "upgrade")) {
      return refuse(
        403,
        "egress.upgrade_refused",
        "protocol upgrades are not allowed through the proxy",
        target.host,
        target.port,
        path,
      );
    }
    const route = await this.#route(target, 80);
    if (!route.ok) {
      return refuse(route.status, route.code, route.reason, target.host, target.port, path);
    }
    const upstream = await this.#dial(route.pinned, target.port);
    if (!("read" in upstream)) {
      const failed = upstream as Extract<Route, { ok: false }>;
      return refuse(failed.status, failed.code, failed.reason, target.host, target.port, path);
    }
    try {
      const result = await forwardRequest(conn, reader, upstream, head, target, {
        idleMs: this.#limits.idleTimeoutMs,
        responseTimeoutMs: this.#limits.responseTimeoutMs,
      });
      this.#audit(time, started, head.method, target.host, target.port, path, {
        status: result.status,
        decision: "allow",
        reason: result.code,
        bytesUp: result.bytesUp,
        bytesDown: result.bytesDown,
      });
      if (result.answer !== undefined) {
        await this.#answer(conn, result.answer.status, result.code, result.answer.reason);
        return false;
      }
      return result.keepAlive;
    } finally {
      try {
        upstream.close();
      } catch { /* already closed */ }
    }
  }

  #audit(
    time: string,
    started: number,
    method: string,
    host: string,
    port: number,
    path: string,
    fields: Partial<AuditEvent> & Pick<AuditEvent, "status" | "decision" | "reason">,
  ): void {
    try {
      this.#deps.audit({
        time,
        bottle: this.#config.bottle,
        channel: "egress",
        method,
        host,
        port,
        path,
        bytesUp: 0,
        bytesDown: 0,
        durationMs: Math.round(performance.now() - started),
        credentialInjected: false,
        ...fields,
      });
    } catch { /* the audit sink failing must not open anything */ }
  }

  async #answer(conn: Deno.Conn, status: number, code: string, reason: string): Promise<void> {
    try {
      await writeAll(conn, statusResponse(status, code, reason));
    } catch { /* the client is gone */ }
  }
}

/** Accepts connections on `on` and serves each with `proxy` until shut down. */
export function serveEgressProxy(on: ListenOn, proxy: EgressProxy): RunningServer {
  const listener = "path" in on
    ? Deno.listen({ transport: "unix", path: on.path })
    : Deno.listen({ hostname: "127.0.0.1", port: on.port });
  const open = new Set<Deno.Conn>();
  let closing = false;
  const accepting = (async () => {
    for (;;) {
      let conn: Deno.Conn;
      try {
        conn = await listener.accept();
      } catch {
        if (closing) return;
        // A failed accept (out of file descriptors, say) must not stop the
        // proxy for good: pause, then accept again.
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      open.add(conn);
      proxy.handle(conn).finally(() => open.delete(conn));
    }
  })();
  const port = "path" in on ? undefined : (listener.addr as Deno.NetAddr).port;
  return {
    address: "path" in on ? on.path : `127.0.0.1:${port}`,
    port,
    shutdown: async () => {
      closing = true;
      try {
        listener.close();
      } catch { /* already closed */ }
      for (const conn of open) {
        try {
          conn.close();
        } catch { /* already closed */ }
      }
      await accepting;
    },
  };
}
