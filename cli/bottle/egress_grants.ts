/**
 * The egress allowlist a bottle's proxy enforces: the manifest's
 * `egress.allow`, then each credential host on its port (443 unless written),
 * which a credential grants implicitly. One list for the egress proxy, the
 * policy hook's WebFetch check and the preflight, so they cannot disagree;
 * the proxy's policy adds the `egress.hosts` pins.
 */
import { parseCredentialHost } from "../../proxy/credentials/credential_grant.ts";
import { compileEgressPolicy, type EgressPolicy } from "../../proxy/policy/egress_policy.ts";
import type { BottlePlan } from "./plan.ts";

/** One allowlist entry and, for one a credential adds, the credentials that need it. */
export interface EgressGrant {
  readonly entry: string;
  /** Names of the credentials whose hosts this entry is; empty for a manifest entry. */
  readonly credentials: readonly string[];
}

/** Every allowlist entry of `plan`, the manifest's first, each once. */
export function egressGrants(plan: Pick<BottlePlan, "egressAllow" | "credentials">): EgressGrant[] {
  const grants = new Map<string, { entry: string; credentials: string[] }>();
  for (const entry of plan.egressAllow) grants.set(entry, { entry, credentials: [] });
  for (const credential of plan.credentials) {
    for (const written of credential.hosts) {
      const parsed = parseCredentialHost(written);
      // The manifest check refused any other; a bad one grants nothing.
      if (parsed.kind === "error") continue;
      const { kind, name, port } = parsed.host;
      const entry = `${kind === "suffix" ? "*." : ""}${name}:${port}`;
      const grant = grants.get(entry) ?? { entry, credentials: [] };
      if (!grant.credentials.includes(credential.name)) grant.credentials.push(credential.name);
      grants.set(entry, grant);
    }
  }
  return [...grants.values()];
}

/** The allowlist entries of `plan`, as the egress proxy and the hook compile them. */
export function egressEntries(plan: Pick<BottlePlan, "egressAllow" | "credentials">): string[] {
  return egressGrants(plan).map((grant) => grant.entry);
}

/** The egress proxy's policy for `plan`: its allowlist entries and its `egress.hosts` pins. */
export function egressPolicyOf(
  plan: Pick<BottlePlan, "egressAllow" | "credentials" | "egressHosts">,
): EgressPolicy {
  return compileEgressPolicy(egressEntries(plan), plan.egressHosts);
}
