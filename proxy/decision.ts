/**
 * The answer of every policy check. A deny carries a stable, dotted reason
 * code (sent as `X-Bottle-Deny` and written to the audit log) and one line of
 * plain words for the person or model reading it.
 */

/** A policy's verdict on one request. */
export type Decision =
  | { readonly kind: "allow" }
  | { readonly kind: "deny"; readonly code: string; readonly reason: string };

/** The one allow value. */
export const ALLOW: Decision = { kind: "allow" };

/** Builds a deny decision. */
export function deny(code: string, reason: string): Decision {
  return { kind: "deny", code, reason };
}

/**
 * Runs a policy check and turns a throw into a deny: a policy that fails
 * never lets a request through.
 */
export function failClosed<T extends unknown[]>(
  check: (...args: T) => Decision,
  ...args: T
): Decision {
  try {
    return check(...args);
  } catch (error) {
    return deny("policy.error", `the policy check failed: ${(error as Error).message ?? error}`);
  }
}
