/**
 * The egress allowlist as the proxy holds it: the manifest's entries parsed
 * once into rules, passed as plain data to every pure decision.
 */

import { type EgressRule, parseEgressRule } from "../egress_rule.ts";

/** The parsed egress allowlist every egress decision reads. */
export interface EgressPolicy {
  readonly rules: readonly EgressRule[];
}

/**
 * Parses the manifest's egress entries into a frozen policy. The manifest
 * validator has already refused bad entries, so one here is a bug: it throws
 * rather than drop the entry silently (a dropped entry could hide a typo that
 * widens nothing, but a half-read policy is never what the user wrote).
 */
export function compileEgressPolicy(entries: readonly string[]): EgressPolicy {
  const rules = entries.map((entry) => {
    const result = parseEgressRule(entry);
    if (!result.ok) {
      throw new Error(
        `egress allowlist entry ${JSON.stringify(entry)} is invalid: ${result.reason}`,
      );
    }
    return Object.freeze(result.rule);
  });
  return Object.freeze({ rules: Object.freeze(rules) });
}
