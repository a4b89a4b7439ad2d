/**
 * Starts a bottle's two proxies on its unix sockets: the API proxy (phantom
 * in, real credential out, only toward the upstream) and the egress proxy
 * (the allowlist — credential hosts included — the `egress.hosts` pins, DLP,
 * and TLS interception with the bottle's CA: intercept_config.ts). Both watch
 * for the bottle's known secrets and write to the bottle's audit log.
 *
 * Both sockets listen from the start, but each proxy's code — with the DLP
 * detectors, the canary tables and the Unicode sanitiser, most of an idle
 * supervisor's memory — is loaded and built on the socket's first connection.
 * That connection waits for it; if the build fails, every connection is closed
 * unanswered: nothing passes unguarded. The upstream URL and the egress grants
 * are checked now, so a bad one still fails the start.
 */
import type { AuditSink } from "../../proxy/audit/audit_event.ts";
import type { ApiProxy } from "../../proxy/api/api_proxy.ts";
import { upstreamEndpoint } from "../../proxy/api/upstream_endpoint.ts";
import { closeQuietly } from "../../proxy/conn/close_quietly.ts";
import type { RunningServer } from "../../proxy/conn/listen.ts";
import { serveConnections } from "../../proxy/conn/serve_connections.ts";
import type { EgressProxy } from "../../proxy/egress/egress_proxy.ts";
import { egressPolicyOf } from "../bottle/egress_grants.ts";
import type { BottlePlan } from "../bottle/plan.ts";
import type { StateLayout } from "../bottle/state_layout.ts";
import type { KnownSecret } from "../../proxy/dlp/mod.ts";
import { onFirstUse } from "./on_first_use.ts";
import { compileCredentialGrant } from "../../proxy/credentials/credential_grant.ts";
import type { CredentialSecret } from "../bottle/credential_secrets.ts";
import { interceptionOf } from "../bottle/interception.ts";
import type { BottleTls } from "./bottle_tls.ts";
import { credentialSpecs } from "./credential_specs.ts";

/** The running proxies of one bottle. */
export interface BottleProxies {
  readonly api: RunningServer;
  readonly egress: RunningServer;
  /** Stops both; resolves when every connection is closed. */
  readonly shutdown: () => Promise<void>;
}

/**
 * Starts both proxies of `plan` on the sockets of `layout`. `tls` (the CA
 * made at start) turns interception on; a plan with credentials needs it.
 */
export async function startProxies(
  plan: BottlePlan,
  layout: StateLayout,
  secrets: {
    readonly credential: string;
    readonly phantom: string;
    /** Every secret the supervisor knows (known_secrets.ts): DLP canaries on both proxies. */
    readonly known: readonly KnownSecret[];
    /** The manifest's credentials: real values and phantoms (swapped by the egress proxy). */
    readonly credentials?: readonly CredentialSecret[];
  },
  audit: AuditSink,
  tls?: BottleTls,
): Promise<BottleProxies> {
  const real = secrets.known.filter((secret) => secret.kind === "real");
  // What the proxies' constructors would refuse, refused before any socket exists.
  upstreamEndpoint(plan.auth.upstream);
  const policy = egressPolicyOf(plan);
  const { tlsPorts } = interceptionOf(plan);
  const specs = credentialSpecs(plan, secrets.credentials ?? []);
  for (const spec of specs) compileCredentialGrant(spec);
  if (specs.length > 0 && tls === undefined) {
    throw new Error("a bottle with credentials needs its CA: their hosts are intercepted");
  }
  const apiProxy = onFirstUse<ApiProxy>(async () => {
    const { ApiProxy } = await import("../../proxy/api/api_proxy.ts");
    return new ApiProxy({
      bottle: plan.name,
      upstream: plan.auth.upstream,
      credential: { type: plan.auth.type, value: secrets.credential },
      phantom: secrets.phantom,
      serverTools: plan.serverTools,
      guard: {
        sanitizeUnicode: plan.sanitizeUnicode,
        redactModelInput: plan.dlp.redactModelInput,
        knownSecrets: real,
      },
    }, { audit });
  });
  const egressProxy = onFirstUse<EgressProxy>(async () => {
    const [{ EgressProxy }, { connectTcp, resolveHost }, { interceptConfigOf }] = await Promise
      .all([
        import("../../proxy/egress/egress_proxy.ts"),
        import("../../proxy/egress/resolve_host.ts"),
        import("./intercept_config.ts"),
      ]);
    return new EgressProxy(
      {
        bottle: plan.name,
        policy,
        dlp: { mode: plan.dlp.mode, knownSecrets: secrets.known },
        tlsPorts,
        ...(tls === undefined ? {} : { intercept: interceptConfigOf(plan, specs, tls) }),
      },
      { resolve: resolveHost, connect: connectTcp, audit },
    );
  });
  // As `serveApiProxy` and `serveEgressProxy` serve their proxies, each built on first use:
  // a connection waits for its proxy, and one that cannot be built closes it unanswered.
  const api = serveConnections({ path: layout.apiSocket }, async (conn, signal) => {
    const proxy = await apiProxy.get().catch(() => undefined);
    if (proxy === undefined || signal.aborted) return closeQuietly(conn);
    await proxy.handle(conn, signal);
  }, () => void apiProxy.built()?.then((proxy) => proxy.close(), () => {}));
  const egress = serveConnections({ path: layout.egressSocket }, async (conn, signal) => {
    const proxy = await egressProxy.get().catch(() => undefined);
    if (proxy === undefined || signal.aborted) return closeQuietly(conn);
    await proxy.handle(conn, signal);
  }, () => void egressProxy.built()?.then((proxy) => proxy.close(), () => {}));
  // Both sockets exist once the listeners return. The bottle's uid connects through the
  // read-only bind mount; the 0700 state folder keeps every other host user away from them.
  await Deno.chmod(layout.apiSocket, 0o666);
  await Deno.chmod(layout.egressSocket, 0o666);
  return {
    api,
    egress,
    shutdown: async () => {
      await Promise.allSettled([api.shutdown(), egress.shutdown()]);
    },
  };
}
