/**
 * Starts a bottle's two proxies on its unix sockets: the API proxy (phantom
 * in, real credential out, only toward the upstream) and the egress proxy
 * (the allowlist, DLP). Both watch for the bottle's known secrets and write to
 * the bottle's audit log.
 */
import type { AuditSink } from "../../proxy/audit/audit_event.ts";
import { serveApiProxy } from "../../proxy/api/serve_api_proxy.ts";
import { EgressProxy, serveEgressProxy } from "../../proxy/egress/egress_proxy.ts";
import { connectTcp, resolveHost } from "../../proxy/egress/resolve_host.ts";
import type { RunningServer } from "../../proxy/conn/listen.ts";
import { compileEgressPolicy } from "../../proxy/policy/mod.ts";
import type { BottlePlan } from "../bottle/plan.ts";
import type { StateLayout } from "../bottle/state_layout.ts";
import type { KnownSecret } from "../../proxy/dlp/mod.ts";

/** The running proxies of one bottle. */
export interface BottleProxies {
  readonly api: RunningServer;
  readonly egress: RunningServer;
  /** Stops both; resolves when every connection is closed. */
  readonly shutdown: () => Promise<void>;
}

/** Starts both proxies of `plan` on the sockets of `layout`. */
export async function startProxies(
  plan: BottlePlan,
  layout: StateLayout,
  secrets: {
    readonly credential: string;
    readonly phantom: string;
    /** Every secret the supervisor knows (known_secrets.ts): DLP canaries on both proxies. */
    readonly known: readonly KnownSecret[];
  },
  audit: AuditSink,
): Promise<BottleProxies> {
  const real = secrets.known.filter((secret) => secret.kind === "real");
  const api = serveApiProxy(
    { path: layout.apiSocket },
    {
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
    },
    { audit },
  );
  const egress = serveEgressProxy(
    { path: layout.egressSocket },
    new EgressProxy(
      {
        bottle: plan.name,
        policy: compileEgressPolicy(plan.egressAllow),
        dlp: { mode: plan.dlp.mode, knownSecrets: secrets.known },
      },
      { resolve: resolveHost, connect: connectTcp, audit },
    ),
  );
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
