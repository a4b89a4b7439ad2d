/**
 * The secrets a supervisor knows for its bottle: the real Anthropic
 * credential, the phantom that stands in for it, each granted credential's
 * real value and phantom, every host value the manifest marks `secret`, and
 * the values of the workspace's masked files. The DLP canaries watch for all
 * of them on the egress path (so a real credential value coming from the
 * bottle, which should never hold it, is refused); the audit log never shows
 * any of them.
 */
import {
  credentialLabel,
  credentialPhantomLabel,
} from "../../proxy/credentials/credential_grant.ts";
import type { KnownSecret } from "../../proxy/dlp/mod.ts";
import { maskedSecrets } from "./masked_secrets.ts";
import type { SupervisorInput } from "./supervisor_input.ts";

/** Every known secret of the bottle of `input`; empty values are left out. */
export function knownSecrets(input: SupervisorInput): KnownSecret[] {
  const secrets: KnownSecret[] = [
    { label: "anthropic_credential", value: input.credential, kind: "real" },
    { label: "anthropic_phantom", value: input.phantom, kind: "phantom" },
  ];
  for (const { name, value, phantom } of input.credentials) {
    secrets.push(
      { label: credentialLabel(name), value, kind: "real" },
      { label: credentialPhantomLabel(name), value: phantom, kind: "phantom" },
    );
  }
  for (const entry of input.plan.env) {
    if (entry.kind !== "fromHost" || entry.secret !== true) continue;
    const value = input.agentEnv[entry.name];
    if (value !== undefined) secrets.push({ label: `env:${entry.name}`, value, kind: "real" });
  }
  secrets.push(...maskedSecrets(input.plan));
  return secrets.filter((secret) => secret.value !== "");
}
