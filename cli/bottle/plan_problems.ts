/**
 * What stops a bottle from starting, checked before anything runs: a missing
 * credential, a grant that would carry a real Anthropic credential (or a
 * granted credential's real value) into the bottle, unset host variables, a
 * missing workspace, a print run without a prompt. Pure: the host is seen
 * through two functions.
 */
import { DEFAULT_CREDENTIAL_ENV } from "../manifest/resolve_bottles.ts";
import type { BottlePlan } from "./plan.ts";

/** One reason a bottle cannot start, with what to do about it. */
export interface PlanProblem {
  readonly code: string;
  readonly message: string;
  readonly hint: string;
}

/** What the checks may ask of the host. */
export interface PlanHost {
  readonly hasEnv: (name: string) => boolean;
  readonly isDirectory: (path: string) => boolean;
}

/** Every problem with `plan`, most important first; empty when it can start. */
export function planProblems(plan: BottlePlan, host: PlanHost): PlanProblem[] {
  const problems: PlanProblem[] = [];
  // Claude Code's own variables too: a host running Claude Code often holds a real token there.
  const credentialVars = new Set<string>([
    plan.auth.fromHost,
    ...Object.values(DEFAULT_CREDENTIAL_ENV),
    "CLAUDE_CODE_OAUTH_TOKEN",
    "ANTHROPIC_AUTH_TOKEN",
  ]);
  for (const entry of plan.env) {
    if (entry.kind === "fromHost" && credentialVars.has(entry.hostVariable)) {
      problems.push({
        code: "credential_grant",
        message:
          `env ${entry.name} would copy ${entry.hostVariable}, an Anthropic credential, into the bottle`,
        hint:
          "remove it: the bottle gets a phantom and the supervisor adds the real credential on the way out",
      });
    }
  }
  const credentialSources = new Map(plan.credentials.map((c) => [c.fromHost, c.name]));
  for (const entry of plan.env) {
    const credential = entry.kind === "fromHost"
      ? credentialSources.get(entry.hostVariable)
      : undefined;
    if (entry.kind === "fromHost" && credential !== undefined) {
      problems.push({
        code: "credential_in_env",
        message:
          `env ${entry.name} would copy ${entry.hostVariable}, the real value of credential ${credential}, into the bottle`,
        hint: `remove ${entry.name} from env: the bottle's ${credential} holds a phantom`,
      });
    }
  }
  if (!host.hasEnv(plan.auth.fromHost)) {
    problems.push({
      code: "credential_missing",
      message: `the host variable ${plan.auth.fromHost} (the ${
        plan.auth.type === "oauth" ? "OAuth token" : "API key"
      } for the model) is not set`,
      hint: plan.auth.type === "oauth"
        ? `run \`claude setup-token\` on a machine with a browser, then \`export ${plan.auth.fromHost}=…\``
        : `export ${plan.auth.fromHost}=… (an Anthropic API key), or use auth.type "oauth"`,
    });
  }
  for (const entry of plan.env) {
    if (entry.kind === "fromHost" && !host.hasEnv(entry.hostVariable)) {
      problems.push({
        code: "host_env_unset",
        message:
          `env ${entry.name} takes the host variable ${entry.hostVariable}, which is not set`,
        hint: `export ${entry.hostVariable}, or remove ${entry.name} from the manifest`,
      });
    }
  }
  for (const credential of plan.credentials) {
    if (!host.hasEnv(credential.fromHost)) {
      problems.push({
        code: "credential_unset",
        message:
          `credential ${credential.name} takes its real value from the host variable ${credential.fromHost}, which is not set`,
        hint:
          `export ${credential.fromHost}=… (it stays on the host: the bottle gets a phantom), or remove ${credential.name} from the manifest's credentials`,
      });
    }
  }
  if (!host.isDirectory(plan.workspace)) {
    problems.push({
      code: "workspace_missing",
      message: `the workspace ${plan.workspace} is not a folder`,
      hint: "create it, or pass --workspace DIR",
    });
  }
  for (const skill of plan.skills) {
    if (!host.isDirectory(skill.path)) {
      problems.push({
        code: "skill_missing",
        message: `the skill folder ${skill.path} does not exist`,
        hint: "fix the path in the manifest's skills",
      });
    }
  }
  if (plan.mode === "print" && (plan.prompt ?? "").trim() === "") {
    problems.push({
      code: "prompt_missing",
      message: "--print needs a prompt",
      hint: 'pass --prompt "…" or set prompt in the manifest',
    });
  }
  return problems;
}
