/**
 * A bottle's credentials as the egress proxy's swap lookup takes them: the
 * plan's hosts and paths joined with the real value and phantom the
 * supervisor holds for each. Pure.
 */
import type { CredentialSpec } from "../../proxy/credentials/credential_grant.ts";
import type { CredentialSecret } from "../bottle/credential_secrets.ts";
import type { BottlePlan } from "../bottle/plan.ts";

/**
 * Each credential of `plan` with its real value and phantom; throws when the
 * supervisor holds no value for one (the start then fails: a credential the
 * proxy cannot swap must not look granted).
 */
export function credentialSpecs(
  plan: Pick<BottlePlan, "credentials">,
  secrets: readonly CredentialSecret[],
): CredentialSpec[] {
  return plan.credentials.map(({ name, hosts, paths }) => {
    const secret = secrets.find((s) => s.name === name);
    if (secret === undefined) throw new Error(`credential ${name} has no value in the supervisor`);
    return { name, phantom: secret.phantom, real: secret.value, hosts, paths };
  });
}
