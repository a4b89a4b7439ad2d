/**
 * What a supervisor is given for one bottle. Its own module so the services the
 * supervisor starts can take it without importing the supervisor that starts them.
 */
import type { CredentialSecret } from "../bottle/credential_secrets.ts";
import type { BottlePlan } from "../bottle/plan.ts";

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
}
