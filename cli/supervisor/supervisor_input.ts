/**
 * What a supervisor is given for one bottle. Its own module so the services the
 * supervisor starts can take it without importing the supervisor that starts them.
 */
import type { CredentialSecret } from "../bottle/credential_secrets.ts";
import type { BottlePlan } from "../bottle/plan.ts";

/**
 * The test seam's variable: a PEM file whose certificates the egress proxy
 * also trusts when it verifies an intercepted destination, so integration
 * tests can serve TLS on loopback (`egress.hosts`) with a test CA. Read by
 * `bottle start` from its own environment, shown in its preflight, and handed
 * to the supervisor as `testUpstreamCaFile`. Never needed outside tests.
 */
export const TEST_UPSTREAM_CA_VARIABLE = "BOTTLE_TEST_UPSTREAM_CA";

/** Everything a supervisor is given; the only place the real credentials travel. */
export interface SupervisorInput {
  readonly plan: BottlePlan;
  readonly stateRoot: string;
  readonly credential: string;
  readonly phantom: string;
  /** The manifest's credentials: real values (supervisor memory only) and their phantoms. */
  readonly credentials: readonly CredentialSecret[];
  /** The agent's complete environment (holds the phantom, never the credential). */
  readonly agentEnv: Readonly<Record<string, string>>;
  /**
   * Test seam: a PEM file of roots the egress proxy also trusts when it verifies
   * an intercepted destination ({@link TEST_UPSTREAM_CA_VARIABLE}; read in
   * bottle_tls.ts). Absent outside tests.
   */
  readonly testUpstreamCaFile?: string;
}
