/**
 * Redacts what the policy hook reports before it reaches the audit log: every
 * known secret of the bottle (raw) and anything a DLP detector recognises.
 */
import { redactDetected } from "../../proxy/dlp/mod.ts";
import { knownSecrets } from "./known_secrets.ts";
import type { SupervisorInput } from "./supervisor_input.ts";

/** A function that removes credentials from one summary line. */
export function summaryRedactor(input: SupervisorInput): (text: string) => string {
  const secrets = knownSecrets(input);
  return (text) => {
    let out = text;
    for (const secret of secrets) out = out.replaceAll(secret.value, `[REDACTED:${secret.label}]`);
    return redactDetected(out).text;
  };
}
