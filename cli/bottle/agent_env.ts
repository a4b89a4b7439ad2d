/**
 * The agent's environment: an explicit list, never the host's environment.
 * bottle's own variables seal the bottle (proxies, API address, phantom
 * credential, no non-essential traffic); the manifest adds its grants; a few
 * terminal and locale variables come from the host so the session looks right.
 * `hostEnv` reads the host (for those and for `fromHost` grants).
 */
import { gitIdentityEnv } from "../seal/git_identity.ts";
import type { BottlePlan } from "./plan.ts";
import { PINNED_ENV } from "../manifest/pinned_env.ts";
import { credentialVariable } from "./phantom.ts";
import { CA_TRUST_ENV } from "./ca_trust_env.ts";
import { interceptionOf } from "./interception.ts";

/** Loopback port of the in-bottle relay to the API proxy. */
export const API_RELAY_PORT = 8080;
/** Loopback port of the in-bottle relay to the egress proxy. */
export const EGRESS_RELAY_PORT = 3128;

/** Where the workspace is mounted inside the bottle. */
export const WORKSPACE_IN_BOTTLE = "/workspace";

/** The agent's home folder inside the bottle (a tmpfs). */
export const AGENT_HOME = "/home/agent";
/** The agent's user and group inside the bottle. */
export const AGENT_UID = 1000;

/** Variables copied from the host when set: terminal and locale only. */
export const HOST_PASSTHROUGH: readonly string[] = [
  "TERM",
  "COLORTERM",
  "TZ",
  "LANG",
  "LANGUAGE",
  "LC_ALL",
  "LC_CTYPE",
  "LC_COLLATE",
  "LC_MESSAGES",
  "LC_NUMERIC",
  "LC_TIME",
  "LC_MONETARY",
];

/** The variables bottle sets to seal the bottle; the managed settings lock the same values. */
export function sealedEnv(): Record<string, string> {
  const proxy = `http://127.0.0.1:${EGRESS_RELAY_PORT}`;
  return {
    ANTHROPIC_BASE_URL: `http://127.0.0.1:${API_RELAY_PORT}`,
    HTTPS_PROXY: proxy,
    https_proxy: proxy,
    HTTP_PROXY: proxy,
    http_proxy: proxy,
    NO_PROXY: "127.0.0.1,localhost",
    no_proxy: "127.0.0.1,localhost",
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
    DISABLE_TELEMETRY: "1",
    DISABLE_ERROR_REPORTING: "1",
    DISABLE_AUTOUPDATER: "1",
  };
}

/**
 * The whole environment of the agent: `phantom` stands in for the Anthropic
 * credential and each of `credentialPhantoms` for a granted credential.
 * When the egress proxy intercepts any host, the trust variables point at the
 * bottle's CA (ca_trust_env.ts); otherwise the image's trust store stands.
 * Later entries win, so nothing from the host or manifest can replace a
 * sealing or pinned variable (the manifest check refuses those names too).
 * The pins are in the container's environment as well as in the managed
 * settings, so Claude Code starts with the values it keeps (its config
 * folder included) and `bottle exec` shells see the same ones.
 */
export function agentEnv(
  plan: BottlePlan,
  phantom: string,
  hostEnv: (name: string) => string | undefined,
  credentialPhantoms: readonly { readonly name: string; readonly phantom: string }[] = [],
): Record<string, string> {
  const env: Record<string, string> = {
    PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    HOME: AGENT_HOME,
    USER: "agent",
    SHELL: "/bin/bash",
    TERM: "xterm-256color",
  };
  for (const name of HOST_PASSTHROUGH) {
    const value = hostEnv(name);
    if (value !== undefined) env[name] = value;
  }
  // The manifest's own GIT_AUTHOR_* / GIT_COMMITTER_* win over the host's identity.
  Object.assign(env, gitIdentityEnv(plan.gitIdentity));
  for (const entry of plan.env) {
    const value = entry.kind === "literal" ? entry.value : hostEnv(entry.hostVariable);
    if (value !== undefined) env[entry.name] = value;
  }
  // Each granted credential is a phantom under its own name; the real value never enters.
  for (const { name, phantom } of credentialPhantoms) env[name] = phantom;
  return {
    ...env,
    ...(interceptionOf(plan).caHosts.length > 0 ? CA_TRUST_ENV : {}),
    ...PINNED_ENV,
    ...sealedEnv(),
    [credentialVariable(plan.auth.type)]: phantom,
  };
}

/** Why `env` cannot be written as a docker env file (one `NAME=value` per line), or undefined. */
export function envFileProblem(env: Readonly<Record<string, string>>): string | undefined {
  for (const [name, value] of Object.entries(env)) {
    if (/[\n\r\0]/.test(value)) return `the value of ${name} holds a line break or NUL byte`;
  }
  return undefined;
}

/** The env file `docker run --env-file` reads: one `NAME=value` per line, values verbatim. */
export function renderEnvFile(env: Readonly<Record<string, string>>): string {
  const problem = envFileProblem(env);
  if (problem !== undefined) throw new Error(problem);
  return Object.entries(env).map(([name, value]) => `${name}=${value}\n`).join("");
}
