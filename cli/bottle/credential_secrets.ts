/**
 * The real values of a bottle's credentials, read from the host at start,
 * each with a fresh phantom shaped like it. They travel to the supervisor the
 * one way the Anthropic credential does (its input, over a pipe); the bottle
 * gets only the phantoms. A problem names the credential and the host
 * variable, never a value. Pure: the host is read through `hostEnv`.
 */
import { phantomFor, type RandomBytes } from "../../proxy/credentials/phantom.ts";
import { realValueProblem } from "../../proxy/credentials/credential_grant.ts";
import type { BottlePlan } from "./plan.ts";
import type { PlanProblem } from "./plan_problems.ts";

/** One credential as the supervisor holds it. */
export interface CredentialSecret {
  /** The variable the bottle sees (holding `phantom`). */
  readonly name: string;
  /** The real value: supervisor memory only. */
  readonly value: string;
  readonly phantom: string;
}

/** Every credential's value and phantom, or the first reason one cannot be had. */
export type CredentialSecretsResult =
  | { readonly ok: true; readonly secrets: readonly CredentialSecret[] }
  | { readonly ok: false; readonly problem: PlanProblem };

/** Reads each credential of `plan` from the host and makes its phantom. */
export function credentialSecrets(
  plan: Pick<BottlePlan, "credentials">,
  hostEnv: (name: string) => string | undefined,
  random?: RandomBytes,
): CredentialSecretsResult {
  const secrets: CredentialSecret[] = [];
  for (const { name, fromHost } of plan.credentials) {
    const value = hostEnv(fromHost);
    if (value === undefined) {
      return refuse(
        "credential_unset",
        `credential ${name} takes its real value from the host variable ${fromHost}, which is not set`,
        `export ${fromHost}=… (it stays on the host: the bottle gets a phantom), or remove ${name} from the manifest's credentials`,
      );
    }
    const problem = realValueProblem(value);
    const made = problem === undefined ? phantomFor(value, random) : undefined;
    if (made === undefined || made.kind === "error") {
      return refuse(
        "credential_value",
        `the host variable ${fromHost} (credential ${name}) cannot be used: ${
          problem ?? (made !== undefined && made.kind === "error" ? made.reason : "")
        }`,
        `check the value of ${fromHost}: it should be the token itself, on one line`,
      );
    }
    secrets.push({ name, value, phantom: made.phantom });
  }
  return { ok: true, secrets };
}

function refuse(code: string, message: string, hint: string): CredentialSecretsResult {
  return { ok: false, problem: { code, message, hint } };
}
