/**
 * The content guard a proxy runs on every request body, resolved once from
 * its config: the defaults filled in (see `ApiGuardConfig`), and the real
 * secrets compiled into one canary set — the API credential always among
 * them, phantoms never (the agent sends its own environment back to the
 * model, phantoms included, and that is no leak).
 */
import { type CanarySet, compileCanaries, type KnownSecret } from "../dlp/mod.ts";
import { type ApiProxyConfig, URL_FETCHING_FIELDS } from "./api_proxy_config.ts";
import { deniedServerTools, type ServerTool } from "./server_tools.ts";
import type { ScrubSecret } from "./scrub_response.ts";

/** Label under which the proxy's own API credential is audited when it turns up in a body. */
export const API_CREDENTIAL_LABEL = "api_credential";

/** The guard in force for one proxy. */
export interface ApiGuard {
  readonly sanitizeUnicode: boolean;
  readonly redactModelInput: boolean;
  /** The real secrets a body must never carry. */
  readonly canaries: CanarySet;
  /** Top-level request fields removed. */
  readonly remove: ReadonlySet<string>;
  /** Server tools whose tools entries and `anthropic-beta` values are removed (not granted). */
  readonly deniedServerTools: readonly ServerTool[];
  /** The real secrets replaced in responses: the API credential first, each value once. */
  readonly scrub: readonly ScrubSecret[];
}

/** The guard for `config`; compiles the canaries, so call it once per proxy. */
export function resolveApiGuard(config: ApiProxyConfig): ApiGuard {
  const real: KnownSecret[] = [
    { label: API_CREDENTIAL_LABEL, value: config.credential.value, kind: "real" },
    ...(config.guard?.knownSecrets ?? []).filter((secret) => secret.kind === "real"),
  ];
  const scrub: ScrubSecret[] = [];
  for (const secret of real) {
    if (secret.value !== "" && !scrub.some((s) => s.value === secret.value)) {
      scrub.push({ label: secret.label, value: secret.value });
    }
  }
  return {
    sanitizeUnicode: config.guard?.sanitizeUnicode ?? true,
    redactModelInput: config.guard?.redactModelInput ?? false,
    canaries: compileCanaries(real),
    remove: new Set(config.removeFields ?? URL_FETCHING_FIELDS),
    deniedServerTools: deniedServerTools(config.serverTools),
    scrub,
  };
}
