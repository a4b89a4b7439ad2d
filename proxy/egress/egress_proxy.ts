/**
 * The egress proxy: the only way out of a bottle. It speaks HTTP/1.1
 * forward-proxy — `CONNECT host:port` tunnels and absolute-form `http://`
 * requests — and decides every request on its own, in this order: strict
 * parse, normalise, allowlist on host and port, DLP on the head, resolve (or
 * take the name's `egress.hosts` pin), refuse forbidden addresses, connect to
 * exactly the address that was checked.
 * Nothing is resolved for a request denied before resolution. Every decision
 * and every forwarded request is one audit event, written when it is known; a
 * tunnel is two, one when it opens and one when it closes.
 */
import type { AuditEvent, AuditSink } from "../audit/audit_event.ts";
import { redactQuery } from "../audit/audit_event.ts";
import { type AuditSubject, type AuditWriter, auditWriter } from "../audit/audit_writer.ts";
import { deny } from "../decision.ts";
import type { RequestHead } from "../http/mod.ts";
import {
  connectTarget,
  decideAfterResolve,
  decideBeforeResolve,
  type EgressPolicy,
  needsResolution,
  parseAbsoluteTarget,
  pinnedAddress,
  type Target,
  type TargetResult,
} from "../policy/mod.ts";
import { denied, type Refusal, refusal } from "../refusal.ts";
import { BodyGuard } from "./body_guard.ts";
import { boundedWait } from "../conn/bounded_wait.ts";
import { closeQuietly } from "../conn/close_quietly.ts";
import type { ConnScope } from "../conn/conn_scope.ts";
import { sendAnswer } from "../conn/send_answer.ts";
import { type Client, ConnectionCount, type Road, serveClient } from "../conn/serve_client.ts";
import {
  auditFields,
  blockingFinding,
  compileEgressDlp,
  type DlpFinding,
  type EgressDlp,
  type EgressDlpConfig,
  findingCode,
  findingReason,
  redactForAudit,
} from "./egress_dlp.ts";
import { DEFAULT_EGRESS_LIMITS, type EgressLimits } from "./egress_limits.ts";
import {
  CLIENT_CLOSED,
  decisionFor,
  hostAgrees,
  type Route,
  SHUTDOWN_CODE,
  SHUTTING_DOWN,
  TUNNEL_CLOSE,
  TUNNEL_OPEN,
} from "./egress_route.ts";
import { checkClientHello, TLS_CODES } from "../tls/check_client_hello.ts";
import { readClientHello } from "../tls/read_client_hello.ts";
import { type Dialled, forwardPooled, type PlainUpstreams } from "./forward_pooled.ts";
import type { ForwardResult } from "./forward_request.ts";
import { pipeTunnel, type TunnelResult } from "./pipe_tunnel.ts";
import { scanRequestHead } from "./scan_request_head.ts";
import { statusResponse } from "./status_response.ts";
import { writeAll } from "../conn/write_all.ts";
import { UpstreamPool } from "../conn/upstream_pool.ts";
import type { CredentialTable } from "../credentials/mod.ts";
import { acceptTls, type TlsIdentity } from "../tls/accept_tls.ts";
import { connectTls } from "../tls/connect_tls.ts";
import { PHANTOM_MISUSE_CODE } from "../credentials/mod.ts";
import { interceptedRequest, isPhantomFinding } from "./intercept_request.ts";

export { DEFAULT_EGRESS_LIMITS, type EgressLimits } from "./egress_limits.ts";
export type { DlpMode, EgressDlpConfig } from "./egress_dlp.ts";
export { serveEgressProxy } from "./serve_egress_proxy.ts";

/** One bottle's egress policy and limits. */
export interface EgressProxyConfig {
  readonly bottle: string;
  readonly policy: EgressPolicy;
  /**
   * DLP on the CONNECT target, absolute-form URLs, request headers and
   * plain-HTTP bodies: the proxy's only content check. A head finding that
   * blocks refuses the request after the allowlist and before DNS. Omitted:
   * `block` mode, every detector, no known secrets.
   */
  readonly dlp?: EgressDlpConfig;
  readonly limits?: Partial<EgressLimits>;
  /**
   * Ports whose tunnels must be TLS to the host the CONNECT named: before the
   * destination is dialled, the client's ClientHello is read and must carry
   * that name as its only SNI, and no Encrypted Client Hello. Applies to name
   * targets (host and `*.suffix` grants); an exact `ip:port` grant is one
   * service the user named, and its tunnel carries whatever bytes the client
   * sends. Omitted: `[443]`.
   */
  readonly tlsPorts?: readonly number[];
  /**
   * TLS interception (intercept.ts): a CONNECT to a name this says yes to is
   * answered 200, its TLS terminated with a leaf for that name, and each
   * request inside decided, DLP-scanned and credential-swapped on its own,
   * then sent over a new, verified TLS connection to the pinned address.
   * Omitted: every CONNECT is an opaque tunnel.
   */
  readonly intercept?: InterceptConfig;
}

/** What TLS interception needs: which targets, the bottle's CA, its credentials. */
export interface InterceptConfig {
  /**
   * Whether a CONNECT to this name and port is intercepted; false keeps it an
   * opaque tunnel (`egress.tunnel`). Asked only for name targets on a TLS port.
   */
  readonly intercepts: (host: string, port: number) => boolean;
  /** The certificate for a name, signed by the bottle's CA (a leaf cache); a throw closes. */
  readonly leafFor: (name: string) => Promise<TlsIdentity>;
  /** The bottle's credentials: phantoms, real values, and where each may go. */
  readonly credentials: CredentialTable;
  /**
   * Roots, PEM, destinations are verified against, on top of Deno's own
   * store: the host's system bundle, configured corporate roots, test CAs.
   */
  readonly upstreamRoots?: readonly string[];
}

/** Ports whose tunnels must be TLS to the named host when the config says nothing. */
export const DEFAULT_TLS_PORTS: readonly number[] = [443];

/** The proxy's edges: DNS, outgoing connections and the audit log. */
export interface EgressDeps {
  readonly resolve: (host: string) => Promise<string[]>;
  /** Dials exactly `address`; should give up when `signal` aborts (timeout or shutdown). */
  readonly connect: (address: string, port: number, signal?: AbortSignal) => Promise<Deno.Conn>;
  readonly audit: AuditSink;
}

/** Methods forwarded as plain HTTP; anything else on the proxy is 405. */
const FORWARDED_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"]);

/** Audit reason of a client that began a request head and did not finish it in time. */
const HEADER_TIMEOUT = "http.header_timeout";

const CONNECTION_ESTABLISHED = new TextEncoder().encode(
  "HTTP/1.1 200 Connection Established\r\n\r\n",
);

/** What the audit event says the request was for. */
type Subject = AuditSubject;

/** What DLP found in a request head, and the finding that refuses it (block mode). */
interface HeadScan {
  readonly findings: readonly DlpFinding[];
  readonly block?: DlpFinding;
}

/**
 * A tunnel opened to its destination, or why not: a refusal the client has
 * not been told yet (it gets the answer), or `closed` once the client had its
 * 200 or went away (then it can only be closed; `why` is absent when the
 * client went away).
 */
type Opened =
  | { readonly kind: "open"; readonly upstream: Deno.Conn }
  | Refusal
  | { readonly kind: "closed"; readonly why?: Refusal };

const HOST_MISMATCH_CONNECT = refusal(
  400,
  "egress.host_mismatch",
  "the Host header does not match the CONNECT target",
);
const NOT_AUTHORITY_FORM = refusal(400, "egress.bad_target", "a CONNECT target must be host:port");
const NO_SCAN: HeadScan = { findings: [] };
/** What a CONNECT's exchange answers the core: the connection carries nothing after a tunnel. */
const LAST_EXCHANGE = () => false;

const NO_SUBJECT: Subject = { method: "", host: "", port: 0, path: "" };

const UPGRADE_REFUSED = refusal(
  403,
  "egress.upgrade_refused",
  "protocol upgrades are not allowed through the proxy",
);
const INTERCEPT_CHECK_FAILED = refusal(
  403,
  "policy.error",
  "the interception check failed; the connection is refused",
);
/** The shared TLS pool's own dial is never used: each session dials for its host. */
const NO_TLS_DIAL: Dialled = refusal(502, "egress.connect_failed", "no destination to dial");

/** One intercepted connection: its host, the pinned address, what it moved, how it dials. */
interface InterceptSession {
  readonly host: string;
  readonly port: number;
  readonly pinned: string;
  bytesUp: number;
  bytesDown: number;
  readonly upstreams: PlainUpstreams;
}

/** A per-bottle egress proxy: call `handle` for each accepted connection. */
export class EgressProxy {
  readonly #config: EgressProxyConfig;
  readonly #deps: EgressDeps;
  readonly #limits: EgressLimits;
  readonly #dlp: EgressDlp;
  readonly #tlsPorts: ReadonlySet<number>;
  readonly #count = new ConnectionCount();
  readonly #road: Road;
  readonly #audit: AuditWriter;
  readonly #upstreams: PlainUpstreams;
  /** Upstream TLS connections of intercepted requests: a pool of their own. */
  readonly #tlsUpstreams: PlainUpstreams;
  /** Requests being served inside intercepted connections (counted once, outside). */
  readonly #insideCount = new ConnectionCount();

  constructor(config: EgressProxyConfig, deps: EgressDeps) {
    this.#config = config;
    this.#deps = deps;
    this.#limits = { ...DEFAULT_EGRESS_LIMITS, ...config.limits };
    this.#dlp = compileEgressDlp(config.dlp);
    this.#tlsPorts = new Set(config.tlsPorts ?? DEFAULT_TLS_PORTS);
    this.#audit = auditWriter(deps.audit, config.bottle, "egress");
    this.#road = this.#makeRoad();
    const { maxIdleUpstream, maxIdleUpstreamPerHost, upstreamIdleMs } = this.#limits;
    const pool = () =>
      new UpstreamPool({
        maxIdle: maxIdleUpstream,
        maxIdlePerKey: maxIdleUpstreamPerHost,
        idleMs: upstreamIdleMs,
      });
    const pooling = maxIdleUpstream > 0 && maxIdleUpstreamPerHost > 0;
    const limits = {
      idleMs: this.#limits.idleTimeoutMs,
      responseTimeoutMs: this.#limits.responseTimeoutMs,
    };
    this.#upstreams = {
      pool: pool(),
      pooling,
      dial: (pinned, port, scope) => this.#dial(pinned, port, scope),
      limits,
    };
    // The dial of an intercepted request names its host: see #interceptedExchange.
    this.#tlsUpstreams = {
      pool: pool(),
      pooling,
      dial: () => Promise.resolve(NO_TLS_DIAL),
      limits,
    };
  }

  /** Closes the idle upstream connections and keeps none from now on (at shutdown). */
  close(): void {
    this.#upstreams.pool.close();
    this.#tlsUpstreams.pool.close();
  }

  /** Idle upstream connections kept right now. */
  get idleUpstreams(): number {
    return this.#upstreams.pool.size + this.#tlsUpstreams.pool.size;
  }

  /** Connections being served right now. */
  get active(): number {
    return this.#count.value;
  }

  /**
   * Serves one client connection until it closes; never throws. When
   * `signal` aborts (server shutdown), the client's connection and any
   * destination it reached are closed and this resolves soon after.
   */
  handle(conn: Deno.Conn, signal?: AbortSignal): Promise<void> {
    return serveClient(conn, signal, this.#road, this.#count);
  }

  /** The egress proxy's decisions, as the connection core calls them. */
  #makeRoad(): Road {
    const { maxConnections, headerTimeoutMs } = this.#limits;
    return {
      maxConnections,
      headWait: {
        headerMs: headerTimeoutMs,
        timeoutCode: HEADER_TIMEOUT,
        timeoutReason: `the request head did not arrive within ${headerTimeoutMs} ms`,
      },
      overloaded: async (client) => {
        const code = "egress.too_many_connections";
        this.#audit(performance.now(), NO_SUBJECT, { status: 503, decision: "deny", reason: code });
        await this.#answer(client, 503, code, "too many connections from this bottle");
      },
      refuseHead: (client, read, started) => this.#refuse(client, started, NO_SUBJECT, read),
      // A tunnel is the connection's last exchange. Not awaited here: an idle
      // tunnel keeps no frame of this function alive.
      exchange: (client, head, started) =>
        head.method === "CONNECT"
          ? this.#connect(client, head, started).then(LAST_EXCHANGE)
          : this.#plain(client, head, started),
    };
  }

  /**
   * Decides and resolves: the allowlist, then the DLP refusal of the head
   * (the one content check), then DNS. A request refused here is never
   * resolved, and a target off the allowlist is refused as such whatever it
   * carries.
   */
  async #route(
    target: Target,
    defaultPort: number,
    scope: ConnScope,
    scan: HeadScan,
  ): Promise<Route> {
    const { policy } = this.#config;
    const before = decideBeforeResolve(policy, target, defaultPort);
    if (before.kind === "deny") return denied(before);
    if (scan.block !== undefined) {
      const { block } = scan;
      return { ...refusal(403, findingCode(block), findingReason(block)), finding: block };
    }
    let addresses: string[];
    let pin: string | undefined;
    try {
      pin = pinnedAddress(policy, target);
    } catch (error) {
      return denied(deny("policy.error", `the policy check failed: ${(error as Error).message}`));
    }
    if (pin !== undefined) {
      // `egress.hosts`: the name stands for exactly this address; DNS is never asked.
      addresses = [pin];
    } else if (needsResolution(target)) {
      const resolve = async () => await this.#deps.resolve(target.host);
      const resolved = await boundedWait(
        this.#limits.resolveTimeoutMs,
        scope,
        () => resolve().catch(() => [] as string[]),
      );
      if (resolved.kind === "aborted") return SHUTTING_DOWN;
      if (resolved.kind === "timeout") {
        return refusal(504, "egress.resolve_timeout", `resolving ${target.host} timed out`);
      }
      addresses = resolved.value;
      if (addresses.length === 0) {
        return refusal(502, "egress.resolve_failed", `${target.host} did not resolve`);
      }
    } else {
      addresses = [target.host];
    }
    const after = decideAfterResolve(policy, target, addresses);
    if (after.decision.kind === "deny") return denied(after.decision);
    if (after.pinned === undefined) return denied(deny("policy.error", "no address was pinned"));
    return { kind: "pinned", pinned: after.pinned };
  }

  /** Connects to the pinned address; the connection is held by `scope`, so shutdown closes it. */
  async #dial(pinned: string, port: number, scope: ConnScope): Promise<Dialled> {
    const connect = async (signal: AbortSignal) => await this.#deps.connect(pinned, port, signal);
    const dialled = await boundedWait(
      this.#limits.connectTimeoutMs,
      scope,
      (signal) => connect(signal).catch(() => undefined),
      (late) => {
        if (late !== undefined) closeQuietly(late);
      },
    );
    if (dialled.kind === "aborted") return SHUTTING_DOWN;
    if (dialled.kind === "timeout") {
      return refusal(504, "egress.connect_timeout", `connecting to port ${port} timed out`);
    }
    if (dialled.value === undefined) {
      return refusal(
        502,
        "egress.connect_failed",
        "the destination refused or reset the connection",
      );
    }
    return scope.hold(dialled.value) ? { kind: "dialled", conn: dialled.value } : SHUTTING_DOWN;
  }

  /**
   * A CONNECT: the target the head parser split, the DLP scan of the head and
   * the Host check, the route, then the tunnel. The audit subject (redacted by
   * the scan's findings) and the refusal writer are fixed once, before any
   * check can refuse.
   */
  async #connect(client: Client, head: RequestHead, started: number): Promise<void> {
    const { scope } = client;
    const parsed: TargetResult = head.authority === undefined
      ? NOT_AUTHORITY_FORM
      : connectTarget(head.authority);
    const scan = parsed.kind === "target" ? this.#scanHead(parsed.target, head) : NO_SCAN;
    const subject = redactForAudit(connectSubject(head, parsed), scan.findings);
    const dlp = (why?: Refusal) => auditFields(scan.findings, why?.finding);
    const refuse = (why: Refusal) => this.#refuse(client, started, subject, why, dlp(why));
    if (parsed.kind === "refuse") return await refuse(parsed);
    const { target } = parsed;
    if (!hostAgrees(head, target, target.port)) return await refuse(HOST_MISMATCH_CONNECT);
    const route = await this.#route(target, 443, scope, scan);
    if (route.kind === "refuse") return await refuse(route);
    const inspected = this.#intercepts(target);
    if (inspected === undefined) return await refuse(INTERCEPT_CHECK_FAILED);
    if (inspected) return this.#intercept(client, target, route.pinned, started, subject);
    const opened = this.#tlsPorts.has(target.port) && target.kind === "name"
      ? await this.#openTlsTunnel(client, target, route.pinned)
      : await this.#openTunnel(client, target, route.pinned);
    // Refused before the 200: the client gets the answer; after it, only a close.
    if (opened.kind === "refuse") return await refuse(opened);
    if (opened.kind === "closed") {
      const { why } = opened;
      const closed = why !== undefined
        ? { status: why.status, decision: decisionFor(why.status), reason: why.code }
        : scope.aborted
        ? { status: 503, decision: "allow" as const, reason: SHUTDOWN_CODE }
        : { status: 499, decision: "allow" as const, reason: CLIENT_CLOSED };
      return this.#audit(started, subject, { ...closed, ...dlp(why) });
    }
    // The decision is written now, not when the tunnel ends: an open tunnel has its record.
    this.#audit(started, subject, {
      status: 200,
      decision: "allow",
      reason: TUNNEL_OPEN,
      ...dlp(),
    });
    // Handed on, not awaited: while the tunnel is open, nothing of this
    // decision (the head, the scan, the closures above) is kept alive.
    return this.#tunnel(client, opened.upstream, started, subject);
  }

  /**
   * Whether a CONNECT to `target` is intercepted: a name on a TLS port that
   * the config does not keep as a tunnel. Undefined when the check threw
   * (the CONNECT is then refused: fail closed).
   */
  #intercepts(target: Target): boolean | undefined {
    const { intercept } = this.#config;
    if (intercept === undefined || target.kind !== "name" || !this.#tlsPorts.has(target.port)) {
      return false;
    }
    try {
      return intercept.intercepts(target.host, target.port);
    } catch {
      return undefined;
    }
  }

  /**
   * An intercepted CONNECT: the 200, the client's TLS terminated with a leaf
   * for the CONNECT host (its ClientHello checked first: that name as the only
   * SNI, TLS 1.2 or newer, http/1.1), then each request inside served as its
   * own exchange (#interceptedExchange) until the connection closes. Audited
   * when it opens and when it closes, like a tunnel, marked `inspected`; each
   * request inside has its own line.
   */
  async #intercept(
    client: Client,
    target: Target,
    pinned: string,
    started: number,
    subject: Subject,
  ): Promise<void> {
    const { scope } = client;
    const intercept = this.#config.intercept!;
    try {
      await writeAll(client.conn, CONNECTION_ESTABLISHED);
    } catch {
      const reason = scope.aborted ? SHUTDOWN_CODE : CLIENT_CLOSED;
      return this.#audit(started, subject, {
        status: scope.aborted ? 503 : 499,
        decision: "allow",
        reason,
      });
    }
    const accepted = await acceptTls({ conn: client.conn, reader: client.reader }, {
      expectedName: target.host,
      leafFor: intercept.leafFor,
      helloTimeoutMs: this.#limits.clientHelloTimeoutMs,
      maxClientHelloBytes: this.#limits.maxClientHelloBytes,
      signal: scope.signal,
    });
    if (accepted.kind === "refuse") {
      return this.#audit(started, subject, {
        status: accepted.status,
        decision: decisionFor(accepted.status),
        reason: accepted.code,
        inspected: true,
      });
    }
    this.#audit(started, subject, {
      status: 200,
      decision: "allow",
      reason: TUNNEL_OPEN,
      inspected: true,
    });
    const session: InterceptSession = {
      host: target.host,
      port: target.port,
      pinned,
      bytesUp: 0,
      bytesDown: 0,
      upstreams: {
        ...this.#tlsUpstreams,
        dial: (address, port, dialScope) => this.#dialTls(target.host, address, port, dialScope),
      },
    };
    await serveClient(accepted.conn, scope.signal, this.#insideRoad(session), this.#insideCount);
    this.#audit(started, subject, {
      status: 200,
      decision: "allow",
      reason: TUNNEL_CLOSE,
      ended: scope.aborted ? "shutdown" : "closed",
      bytesUp: session.bytesUp,
      bytesDown: session.bytesDown,
      inspected: true,
    });
  }

  /** The connection core's road inside an intercepted connection. */
  #insideRoad(session: InterceptSession): Road {
    const { headerTimeoutMs } = this.#limits;
    const nothing: Subject = { ...NO_SUBJECT, host: session.host, port: session.port };
    return {
      maxConnections: Number.POSITIVE_INFINITY,
      headWait: {
        headerMs: headerTimeoutMs,
        timeoutCode: HEADER_TIMEOUT,
        timeoutReason: `the request head did not arrive within ${headerTimeoutMs} ms`,
      },
      overloaded: () => Promise.resolve(),
      refuseHead: (client, read, started) => this.#refuse(client, started, nothing, read),
      exchange: (client, head, started) =>
        this.#interceptedExchange(session, client, head, started),
    };
  }

  /**
   * One request inside an intercepted connection, decided on its own: the
   * method, the credential lookup (a phantom off its route refuses), the Host
   * check, the allowlist, DLP on the head (phantoms on their route blanked)
   * and on the body, then the real values swapped in and the request sent
   * over a verified TLS connection to the CONNECT's pinned address.
   */
  async #interceptedExchange(
    session: InterceptSession,
    client: Client,
    head: RequestHead,
    started: number,
  ): Promise<boolean> {
    const { host, port } = session;
    const asked: Subject = { method: head.method, host, port, path: redactQuery(head.target) };
    const refuse = async (subject: Subject, why: Refusal, extra: Partial<AuditEvent> = {}) => {
      await this.#refuse(client, started, subject, why, { inspected: true, ...extra });
      return false;
    };
    if (!FORWARDED_METHODS.has(head.method)) {
      return refuse(
        asked,
        refusal(405, "egress.method_not_allowed", `${head.method} is not forwarded`),
      );
    }
    let prepared;
    try {
      prepared = interceptedRequest(this.#config.intercept!.credentials, host, port, head);
    } catch {
      return refuse(asked, INTERCEPT_CHECK_FAILED);
    }
    if (prepared.kind === "refuse") {
      const findings = prepared.finding === undefined ? [] : [prepared.finding];
      return refuse(
        redactForAudit(asked, findings),
        prepared,
        auditFields(findings, prepared.finding),
      );
    }
    const { target, scanned, forwarded, credentials } = prepared;
    if (!hostAgrees(head, target, 443)) {
      return refuse(
        asked,
        refusal(400, "egress.host_mismatch", "the Host header does not match the CONNECT target"),
      );
    }
    if (head.headers.some(([name]) => name === "upgrade")) {
      return refuse(asked, UPGRADE_REFUSED);
    }
    const scan = this.#scanHead(scanned.target, scanned.head);
    const subject = redactForAudit(asked, scan.findings);
    const dlp = (why?: Refusal) => auditFields(scan.findings, why?.finding);
    const before = decideBeforeResolve(this.#config.policy, target, 443);
    if (before.kind === "deny") {
      const why = denied(before);
      return refuse(subject, why, dlp(why));
    }
    if (scan.block !== undefined) {
      const why = {
        ...refusal(403, findingCode(scan.block), findingReason(scan.block)),
        finding: scan.block,
      };
      return refuse(subject, why, dlp(why));
    }
    const guard = await BodyGuard.forHeaders(this.#dlp, head.headers);
    const sent = await forwardPooled(
      session.upstreams,
      client,
      forwarded.head,
      forwarded.target,
      session.pinned,
      guard,
    );
    if (sent.kind === "refuse") return refuse(subject, sent, dlp(sent));
    const { result } = sent;
    session.bytesUp += result.bytesUp;
    session.bytesDown += result.bytesDown;
    // A phantom in the body is one off its route: refused as such.
    const code = isPhantomFinding(result.dlpStop) ? PHANTOM_MISUSE_CODE : result.code;
    const injected = credentials.length > 0 && result.dlpStop === undefined;
    return await this.#finish(client, started, subject, scan, guard, { ...result, code }, {
      inspected: true,
      credentialInjected: injected,
      ...(injected ? { credentials } : {}),
    });
  }

  /**
   * Dials the pinned address of an intercepted host and starts TLS on it,
   * verified for `host` against the store plus the configured roots. The TLS
   * connection takes the TCP one's place in `scope`.
   */
  async #dialTls(host: string, pinned: string, port: number, scope: ConnScope): Promise<Dialled> {
    const dialled = await this.#dial(pinned, port, scope);
    if (dialled.kind === "refuse") return dialled;
    const roots = this.#config.intercept?.upstreamRoots;
    const tls = await connectTls(dialled.conn, {
      hostname: host,
      timeoutMs: this.#limits.connectTimeoutMs,
      signal: scope.signal,
      ...(roots === undefined ? {} : { caCerts: roots }),
    });
    scope.release(dialled.conn);
    if (tls.kind === "refuse") return tls;
    return scope.hold(tls.conn) ? { kind: "dialled", conn: tls.conn } : SHUTTING_DOWN;
  }

  /** Runs an open tunnel to its end, then writes its closing line. */
  async #tunnel(
    client: Client,
    upstream: Deno.Conn,
    started: number,
    subject: Subject,
  ): Promise<void> {
    const { ended, bytesUp, bytesDown } = await this.#pipe(client, upstream);
    this.#audit(started, subject, {
      status: 200,
      decision: "allow",
      reason: TUNNEL_CLOSE,
      ended: client.scope.aborted ? "shutdown" : ended,
      bytesUp,
      bytesDown,
    });
  }

  /** Copies an open tunnel both ways until it ends; the bytes already read go first. */
  async #pipe({ conn, reader }: Client, upstream: Deno.Conn): Promise<TunnelResult> {
    // The bytes already read (a checked ClientHello, or a fast client's first bytes) go first.
    const early = reader.take();
    // The tunnel reads the client's socket directly: its 16 KiB read buffer is not needed.
    reader.release();
    try {
      if (early.length > 0) await writeAll(upstream, early);
    } catch {
      // Either side went away before the tunnel started: close the destination too.
      closeQuietly(upstream);
      return { ended: "closed", bytesUp: 0, bytesDown: 0 };
    }
    const piped = pipeTunnel(conn, upstream, {
      idleMs: this.#limits.idleTimeoutMs,
      lifetimeMs: this.#limits.tunnelLifetimeMs,
    });
    if (early.length === 0) return piped;
    return piped.then((result) => ({ ...result, bytesUp: result.bytesUp + early.length }));
  }

  /**
   * Dials the destination, then tells the client the tunnel is open. A dial
   * that fails is answered; a client gone before the 200 is only audited.
   */
  async #openTunnel(client: Client, target: Target, pinned: string): Promise<Opened> {
    const dialled = await this.#dial(pinned, target.port, client.scope);
    if (dialled.kind === "refuse") return dialled;
    try {
      await writeAll(client.conn, CONNECTION_ESTABLISHED);
    } catch {
      closeQuietly(dialled.conn);
      return { kind: "closed" };
    }
    return { kind: "open", upstream: dialled.conn };
  }

  /**
   * A tunnel that must be TLS to `target`: the 200 goes first (a client sends
   * its ClientHello only then), and nothing is dialled until the ClientHello
   * names the CONNECT host. A refusal after the 200 closes the tunnel without
   * a word; the audit log says why.
   */
  async #openTlsTunnel(client: Client, target: Target, pinned: string): Promise<Opened> {
    try {
      await writeAll(client.conn, CONNECTION_ESTABLISHED);
    } catch {
      return { kind: "closed" };
    }
    const refused = await this.#readClientHello(client, target.host);
    if (refused !== undefined) return { kind: "closed", why: refused };
    const dialled = await this.#dial(pinned, target.port, client.scope);
    if (dialled.kind === "refuse") return { kind: "closed", why: dialled };
    return { kind: "open", upstream: dialled.conn };
  }

  /**
   * Reads the tunnel's first bytes until they are a whole ClientHello or cannot
   * become one, bounded in time and size; undefined when it names `host`.
   */
  async #readClientHello({ reader, scope }: Client, host: string): Promise<Refusal | undefined> {
    const { clientHelloTimeoutMs, maxClientHelloBytes } = this.#limits;
    const hello = await readClientHello(reader, {
      timeoutMs: clientHelloTimeoutMs,
      maxBytes: maxClientHelloBytes,
      signal: scope.signal,
    });
    if (hello.kind === "aborted") return SHUTTING_DOWN;
    if (hello.kind === "timeout") {
      return refusal(
        408,
        TLS_CODES.timeout,
        `the TLS ClientHello did not arrive within ${clientHelloTimeoutMs} ms`,
      );
    }
    const decision = checkClientHello(hello, host);
    return decision.kind === "allow" ? undefined : denied(decision);
  }

  /** DLP on a request head; a scan that throws refuses the request (fail closed). */
  #scanHead(target: Target, head: RequestHead): HeadScan {
    try {
      const findings = scanRequestHead(this.#dlp, target, head.headers);
      const block = blockingFinding(this.#dlp.mode, findings);
      return block === undefined ? { findings } : { findings, block };
    } catch {
      const block: DlpFinding = { detector: "scan_error", location: "head" };
      return { findings: [block], block };
    }
  }

  /** One absolute-form request; true when the connection may carry another. */
  async #plain(client: Client, head: RequestHead, started: number): Promise<boolean> {
    const refuse = async (subject: Subject, answer: Refusal) => {
      await this.#refuse(client, started, subject, answer);
      return false;
    };
    const asked: Subject = { ...NO_SUBJECT, method: head.method };
    if (head.target.startsWith("/") || head.target === "*") {
      return refuse(
        { ...asked, path: redactQuery(head.target) },
        refusal(
          400,
          "egress.not_a_proxy_request",
          "this is a proxy: send CONNECT or an absolute http:// URL",
        ),
      );
    }
    const parsed = parseAbsoluteTarget(head.target);
    const subject: Subject = parsed.kind === "target"
      ? {
        method: head.method,
        host: parsed.target.host,
        port: parsed.target.port,
        path: redactQuery(parsed.target.path),
      }
      : asked;
    if (!FORWARDED_METHODS.has(head.method)) {
      return refuse(
        subject,
        refusal(405, "egress.method_not_allowed", `${head.method} is not forwarded`),
      );
    }
    if (parsed.kind === "refuse") return refuse(subject, parsed);
    const target = parsed.target;
    if (!hostAgrees(head, target, 80)) {
      return refuse(
        subject,
        refusal(400, "egress.host_mismatch", "the Host header does not match the request target"),
      );
    }
    if (head.headers.some(([name]) => name === "upgrade")) {
      return refuse(
        subject,
        refusal(
          403,
          "egress.upgrade_refused",
          "protocol upgrades are not allowed through the proxy",
        ),
      );
    }
    const scan = this.#scanHead(target, head);
    const scanned = redactForAudit(subject, scan.findings);
    const refuseScanned = async (answer: Refusal) => {
      const dlp = auditFields(scan.findings, answer.finding);
      await this.#refuse(client, started, scanned, answer, dlp);
      return false;
    };
    // Decided above for this request, every time; only now is a connection taken or dialled.
    const route = await this.#route(target, 80, client.scope, scan);
    if (route.kind === "refuse") return refuseScanned(route);
    const guard = await BodyGuard.forHeaders(this.#dlp, head.headers);
    const forwarded = await forwardPooled(
      this.#upstreams,
      client,
      head,
      target,
      route.pinned,
      guard,
    );
    if (forwarded.kind === "refuse") return refuseScanned(forwarded);
    return await this.#finish(client, started, subject, scan, guard, forwarded.result);
  }

  /** Audits a forwarded request, and answers the client when the proxy has to; true to go on. */
  async #finish(
    client: Client,
    started: number,
    subject: Subject,
    scan: HeadScan,
    guard: BodyGuard,
    result: ForwardResult,
    extra: Partial<AuditEvent> = {},
  ): Promise<boolean> {
    // A shutdown closed both connections mid-exchange: whatever forwardRequest
    // concluded from that, the log says why. With no answer sent, 503 stands in.
    const cut = client.scope.aborted && result.code !== "egress.forwarded";
    const findings = [...scan.findings, ...guard.findings];
    this.#audit(started, redactForAudit(subject, findings), {
      status: cut && result.answer !== undefined ? 503 : result.status,
      decision: result.dlpStop === undefined ? "allow" : "deny",
      reason: cut ? SHUTDOWN_CODE : result.code,
      bytesUp: result.bytesUp,
      bytesDown: result.bytesDown,
      ...auditFields(findings, result.dlpStop),
      ...extra,
    });
    if (result.answer !== undefined) {
      await this.#answer(client, result.answer.status, result.code, result.answer.reason);
      return false;
    }
    return result.keepAlive;
  }

  /** Audits a request the proxy answers itself, then sends that answer. */
  async #refuse(
    client: Client,
    started: number,
    subject: Subject,
    answer: Refusal,
    extra: Partial<AuditEvent> = {},
  ): Promise<void> {
    const { status, code, reason } = answer;
    this.#audit(started, subject, {
      status,
      decision: decisionFor(status),
      reason: code,
      ...extra,
    });
    await this.#answer(client, status, code, reason);
  }

  /** Sends the proxy's own answer (which always closes), unless shutdown closed the client. */
  async #answer(client: Client, status: number, code: string, reason: string): Promise<void> {
    await sendAnswer(client, statusResponse(status, code, reason));
  }
}

/** What the audit line of a CONNECT says it was for: the target, or as much as can be told of it. */
function connectSubject(head: RequestHead, parsed: TargetResult): Subject {
  if (parsed.kind === "refuse") {
    return { ...NO_SUBJECT, method: "CONNECT", host: head.target.slice(0, 255) };
  }
  const { host, port } = parsed.target;
  return { method: "CONNECT", host, port, path: "" };
}
