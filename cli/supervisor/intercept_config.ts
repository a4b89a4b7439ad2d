/**
 * The egress proxy's interception, as the supervisor builds it for one bottle:
 * which CONNECTs are decrypted (interception.ts: a name on a TLS port that
 * `egress.tunnel` does not keep opaque), leaves from the bottle's CA through a
 * bounded cache, the credential table (the plan's hosts and paths with the
 * real values and phantoms the supervisor holds), and the roots destinations
 * are verified against. Loaded with the egress proxy, on its first use.
 */
import type { CredentialSpec } from "../../proxy/credentials/credential_grant.ts";
import { compileCredentialTable } from "../../proxy/credentials/credential_swaps.ts";
import type { InterceptConfig } from "../../proxy/egress/egress_proxy.ts";
import type { LeafCertificate } from "../../proxy/tls/bottle_ca.ts";
import {
  DEFAULT_LEAF_CAPACITY,
  DEFAULT_RENEW_BEFORE_MS,
  LeafCache,
} from "../../proxy/tls/leaf_cache.ts";
import { interceptsOf } from "../bottle/interception.ts";
import type { BottlePlan } from "../bottle/plan.ts";
import type { BottleTls } from "./bottle_tls.ts";

/** The interception of `plan`, signed by `tls.ca`. */
export function interceptConfigOf(
  plan: Pick<BottlePlan, "egressAllow" | "credentials" | "egressTunnel">,
  specs: readonly CredentialSpec[],
  tls: BottleTls,
): InterceptConfig {
  const leaves = new LeafCache<LeafCertificate>({
    capacity: DEFAULT_LEAF_CAPACITY,
    make: (name, now) => tls.ca.issue(name, new Date(now)),
    expiresAt: (leaf) => leaf.notAfter.getTime(),
    renewBeforeMs: DEFAULT_RENEW_BEFORE_MS,
  });
  return {
    intercepts: interceptsOf(plan),
    leafFor: (name) => leaves.get(name),
    credentials: compileCredentialTable(specs),
    upstreamRoots: tls.upstreamRoots,
  };
}
