/**
 * Environment variables a manifest may not set. The first list is what bottle
 * itself sets to keep the bottle sealed (proxies, API address, credentials,
 * trust store — every variable that points a program at the bottle's CA —,
 * home and PATH); the second makes programs load code from
 * outside the image — including the policy hook, which inherits the agent's
 * environment. The second holds every name the managed settings pin
 * (`pinned_env.ts`), so the two lists cannot disagree.
 */
import { CA_TRUST_ENV } from "../bottle/ca_trust_env.ts";
import { PINNED_ENV, START_UP_ONLY_ENV } from "./pinned_env.ts";

/** Set by bottle; a manifest setting one is an error. */
export const RESERVED_ENV: ReadonlySet<string> = new Set([
  "ANTHROPIC_BASE_URL",
  "ANTHROPIC_API_KEY",
  "ANTHROPIC_AUTH_TOKEN",
  "CLAUDE_CODE_OAUTH_TOKEN",
  "CLAUDE_BOTTLE_OAUTH_TOKEN",
  "CLAUDE_CONFIG_DIR",
  "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC",
  "DISABLE_TELEMETRY",
  "DISABLE_ERROR_REPORTING",
  "DISABLE_AUTOUPDATER",
  "HTTPS_PROXY",
  "https_proxy",
  "HTTP_PROXY",
  "http_proxy",
  "ALL_PROXY",
  "all_proxy",
  "NO_PROXY",
  "no_proxy",
  ...Object.keys(CA_TRUST_ENV),
  "SSL_CERT_DIR",
  "SSH_AUTH_SOCK",
  "HOME",
  "PATH",
  "USER",
  "SHELL",
]);

/**
 * Make programs run code from outside the image, or move Claude Code's
 * configuration (`LD_*` is refused as a family too): the pinned names and
 * Claude Code's start-up-only ones.
 */
export const UNSAFE_ENV: ReadonlySet<string> = new Set([
  ...Object.keys(PINNED_ENV),
  ...START_UP_ONLY_ENV,
]);

/** Whether a manifest may not name `name`: an {@link UNSAFE_ENV} name or any `LD_*`. */
export function isUnsafeEnv(name: string): boolean {
  return UNSAFE_ENV.has(name) || name.startsWith("LD_");
}
