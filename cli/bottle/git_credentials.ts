/**
 * The bottle's system git config: for each host a credential is granted for,
 * a credential helper that answers `git clone/push https://host/…` with that
 * credential's phantom (git_credential.sh), so git over HTTPS works without a
 * token in `.git/config` or the agent's help. The egress proxy swaps the real
 * value in on the wire. Mounted read-only at /etc/bottle/gitconfig, and
 * `GIT_CONFIG_SYSTEM` is pinned to it (pinned_env.ts), so no file in the
 * bottle can name another system config.
 */

/** Where the system git config and its helper are in a bottle. */
export const GIT_SYSTEM_CONFIG_IN_BOTTLE = "/etc/bottle/gitconfig";
export const GIT_CREDENTIAL_HELPER_IN_BOTTLE = "/etc/bottle/git-credential.sh";

/** A credential as git needs it: the variable that holds the phantom, and its hosts. */
export interface GitCredential {
  /** An environment variable name (the manifest checks the form). */
  readonly name: string;
  /**
   * Host names, or `*.suffix` patterns (git matches `*` within one label, as the proxy does),
   * each with an optional `:port` (`:443` is dropped: git compares the URL as written).
   */
  readonly hosts: readonly string[];
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const HOST = /^(\*\.)?[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:[0-9]{1,5})?$/;

/** The config text: one `[credential "https://host"]` section per granted host. */
export function gitSystemConfig(
  credentials: readonly GitCredential[],
  helper = GIT_CREDENTIAL_HELPER_IN_BOTTLE,
): string {
  const lines = ["# Written by bottle for this bottle; read-only."];
  for (const { name, hosts } of credentials) {
    // The manifest refuses anything else; a value that slipped through is left out, not quoted.
    if (!NAME.test(name)) continue;
    for (const host of hosts) {
      if (!HOST.test(host)) continue;
      const url = host.endsWith(":443") ? host.slice(0, -4) : host;
      lines.push(`[credential "https://${url}"]`, `\thelper = /bin/sh ${helper} ${name}`);
    }
  }
  return lines.join("\n") + "\n";
}
