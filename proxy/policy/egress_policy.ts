/**
 * The egress allowlist as the proxy holds it: the manifest's entries parsed
 * once into rules, and its `egress.hosts` pins, passed as plain data to every
 * pure decision.
 */

import { type EgressRule, parseEgressRule } from "../egress_rule.ts";
import { compileHostPins, type HostPin } from "./host_pins.ts";

/** The parsed egress allowlist and host pins every egress decision reads. */
export interface EgressPolicy {
  readonly rules: readonly EgressRule[];
  /** `egress.hosts`: names dialled at a fixed address, never resolved (empty when none). */
  readonly pins: readonly HostPin[];
}

/**
 * Parses the manifest's egress entries (and `egress.hosts` pins) into a
 * frozen policy. The manifest validator has already refused bad entries, so
 * one here is a bug: it throws rather than drop the entry silently (a dropped
 * entry could hide a typo that widens nothing, but a half-read policy is
 * never what the user wrote).
 */
export function compileEgressPolicy(
  entries: readonly string[],
  hosts: Readonly<Record<string, string>> = {},
): EgressPolicy {
  const rules = entries.map((entry) => {
    const result = parseEgressRule(entry);
    if (result.kind === "error") {
      throw new Error(
        `egress allowlist entry ${JSON.stringify(entry)} is invalid: ${result.reason}`,
      );
    }
    return Object.freeze(result.rule);
  });
  return Object.freeze({ rules: Object.freeze(rules), pins: compileHostPins(hosts) });
}
