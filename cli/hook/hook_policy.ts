/**
 * The in-bottle hook's policy file: plain JSON rendered per bottle from the
 * manifest, mounted read-only at /etc/bottle/hook-policy.json. It holds the
 * path deny lists, the modes of rules a manifest may soften to "ask", and the
 * egress allowlist WebFetch is checked against.
 */

import { parseEgressRule } from "../../proxy/egress_rule.ts";
import { pathPatternProblem } from "./paths/path_pattern.ts";
import type { RuleMode } from "./verdict.ts";

/** Where the rendered policy is mounted inside a bottle. */
export const HOOK_POLICY_PATH = "/etc/bottle/hook-policy.json";

/** What happens the first time an executable outside the image's hash manifest runs. */
export type UnknownBinaryMode = "trust" | RuleMode;

/** Path patterns (grammar in paths/path_pattern.ts). */
export interface PathLists {
  /** Neither read nor written. */
  readonly denyReadWrite: readonly string[];
  /** Read freely, never written. */
  readonly denyWrite: readonly string[];
  /** Exceptions, such as `.env.example`: see paths/path_rules.ts for how they cancel a denial. */
  readonly allow: readonly string[];
}

/** Rules a manifest may set to "ask" instead of "deny". */
export interface HookModes {
  /** Inline code given to an interpreter (`python3 -c`, `node -e`…). */
  readonly inlineCode: RuleMode;
  /** An executable whose hash changed since its first recorded run. */
  readonly changedBinary: RuleMode;
  /** First run of an executable outside the image: "trust" records it (trust on first use). */
  readonly unknownBinary: UnknownBinaryMode;
}

/** The policy file, as the hook reads it. */
export interface HookPolicy {
  readonly version: 1;
  /** The agent's home folder, what `~` stands for. */
  readonly home: string;
  /** The workspace mount. */
  readonly workspace: string;
  readonly paths: PathLists;
  readonly modes: HookModes;
  /** The egress allowlist entries, exactly as the egress proxy gets them. */
  readonly egress: readonly string[];
  /**
   * Absolute paths the workspace seal masked (an empty read-only file or
   * folder is mounted there): a recursive read passes over them, since the
   * kernel hands it nothing. A direct read is still refused, with the reason.
   */
  readonly masked: readonly string[];
}

/** Default path lists: what every bottle protects unless its manifest explicitly removes it. */
export const DEFAULT_PATHS: PathLists = Object.freeze({
  denyReadWrite: Object.freeze([
    "~/.ssh",
    "~/.aws",
    "~/.gnupg",
    "~/.kube",
    "~/.docker",
    "~/.config/gcloud",
    "~/.azure",
    // The same credential folders wherever they sit in the workspace: masked there too.
    ".ssh",
    ".aws",
    ".gnupg",
    ".kube",
    ".docker",
    ".config/gh",
    ".config/gcloud",
    ".azure",
    "~/.netrc",
    "~/.git-credentials",
    "~/.npmrc",
    "~/.pypirc",
    ".env",
    ".env.*",
    "*.pem",
    "*.key",
    "id_rsa*",
    "id_ed25519*",
    "id_ecdsa*",
    "id_dsa*",
    "/proc/*/environ",
    "/proc/*/mem",
    "/proc/*/root",
    "/proc/*/fd",
    "/var/run/secrets",
    "/run/secrets",
    "/run/bottle",
    "/etc/claude-code",
    "/etc/bottle",
    "/etc/shadow",
    "/etc/gshadow",
  ]),
  denyWrite: Object.freeze([
    ".git/hooks",
    ".git/config",
    ".git/modules/*/hooks",
    ".git/modules/*/config",
    ".git/config.worktree",
    ".git/worktrees/*/config.worktree",
    "~/.gitconfig",
    "~/.config/git",
    "~/.bashrc",
    "~/.bash_profile",
    "~/.bash_login",
    "~/.bash_logout",
    "~/.profile",
    "~/.zshrc",
    "~/.zshenv",
    "~/.zprofile",
    "~/.zlogin",
    "~/.inputrc",
    "~/.curlrc",
    "~/.wgetrc",
    "~/.tmux.conf",
    "~/.config/tmux",
    "/etc/profile",
    "/etc/profile.d",
    "/etc/bash.bashrc",
    "/etc/environment",
    ".claude/settings*.json",
    ".claude/commands",
    ".claude/agents",
    ".claude/skills",
    ".mcp.json",
    // Files the host's own tools run or trust: read-only in the bottle (see cli/seal/).
    ".git/info",
    ".gitmodules",
    "claude-bottle.json",
    ".claude",
    ".vscode",
    ".devcontainer",
    ".envrc",
    ".idea",
    // npm on the host runs a project .npmrc's script-shell.
    ".npmrc",
  ]),
  allow: Object.freeze([".env.example", ".env.sample", ".env.template", ".env.dist"]),
});

/** Default modes: everything that is not a plain deny starts as deny; unknown binaries are trusted on first use. */
export const DEFAULT_MODES: HookModes = Object.freeze({
  inlineCode: "deny",
  changedBinary: "deny",
  unknownBinary: "trust",
});

/** What the manifest contributes to a bottle's hook policy. */
export interface HookPolicyInput {
  readonly home?: string;
  readonly workspace?: string;
  readonly egress: readonly string[];
  readonly paths?: {
    readonly denyReadWrite?: readonly string[];
    readonly denyWrite?: readonly string[];
    readonly allow?: readonly string[];
    /** Default patterns to drop, each written exactly as in DEFAULT_PATHS. */
    readonly remove?: readonly string[];
  };
  readonly modes?: Partial<HookModes>;
  /** The seal's masked paths (absolute, in the bottle). Default: none. */
  readonly masked?: readonly string[];
}

/** A rendered policy and the defaults it dropped (the preflight shows them). */
export interface RenderedHookPolicy {
  readonly policy: HookPolicy;
  readonly removedDefaults: readonly string[];
}

const LISTS = ["denyReadWrite", "denyWrite", "allow"] as const;

/**
 * Builds a bottle's policy: defaults, then the manifest's additions, minus the
 * defaults it removes. A removal must name a default exactly; anything else
 * (a typo, a pattern that is not a default) throws, so nobody believes a
 * protection is gone when it is not, or the reverse.
 */
export function renderHookPolicy(input: HookPolicyInput): RenderedHookPolicy {
  const remove = new Set(input.paths?.remove ?? []);
  for (const pattern of remove) {
    if (!LISTS.some((list) => DEFAULT_PATHS[list].includes(pattern))) {
      throw new Error(`"${pattern}" is not a default path pattern, so it cannot be removed`);
    }
  }
  const lists = Object.fromEntries(LISTS.map((list) => {
    const kept = DEFAULT_PATHS[list].filter((p) => !remove.has(p));
    return [list, [...new Set([...kept, ...(input.paths?.[list] ?? [])])]];
  })) as unknown as PathLists;
  const policy = parseHookPolicy({
    version: 1,
    home: input.home ?? "/home/agent",
    workspace: input.workspace ?? "/workspace",
    paths: lists,
    modes: { ...DEFAULT_MODES, ...input.modes },
    egress: input.egress,
    masked: input.masked ?? [],
  });
  return { policy, removedDefaults: Object.freeze([...remove]) };
}

/**
 * Validates a parsed policy file and returns it frozen. Anything malformed
 * throws — an unknown key, a missing list, an invalid pattern or egress
 * entry — so a damaged file denies every tool call instead of dropping a rule.
 */
export function parseHookPolicy(json: unknown): HookPolicy {
  // `masked` is optional: a policy written without a seal masks nothing.
  const isObject = json !== null && typeof json === "object" && !Array.isArray(json);
  const { masked, ...rest } = isObject ? json as Record<string, unknown> : {};
  const top = record(isObject ? rest : json, "the hook policy", [
    "version",
    "home",
    "workspace",
    "paths",
    "modes",
    "egress",
  ]);
  if (top.version !== 1) throw new Error("hook policy: version must be 1");
  const paths = record(top.paths, "paths", LISTS);
  const modes = record(top.modes, "modes", ["inlineCode", "changedBinary", "unknownBinary"]);
  const policy: HookPolicy = {
    version: 1,
    home: absoluteFolder(top.home, "home"),
    workspace: absoluteFolder(top.workspace, "workspace"),
    paths: {
      denyReadWrite: patternList(paths.denyReadWrite, "paths.denyReadWrite", false),
      denyWrite: patternList(paths.denyWrite, "paths.denyWrite", false),
      allow: patternList(paths.allow, "paths.allow", true),
    },
    modes: {
      inlineCode: ruleMode(modes.inlineCode, "modes.inlineCode"),
      changedBinary: ruleMode(modes.changedBinary, "modes.changedBinary"),
      unknownBinary: modes.unknownBinary === "trust"
        ? "trust"
        : ruleMode(modes.unknownBinary, 'modes.unknownBinary ("trust" is allowed too)'),
    },
    egress: egressList(top.egress),
    masked: maskedList(masked),
  };
  return deepFreeze(policy);
}

function maskedList(value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > 10_000) {
    throw new Error("hook policy: masked must be a list of at most 10,000 paths");
  }
  return value.map((path) => {
    if (
      typeof path !== "string" || !path.startsWith("/") ||
      path.split("/").slice(1).some((s) => s === "" || s === "." || s === "..")
    ) {
      throw new Error(
        `hook policy: masked path ${JSON.stringify(path)} is not normalised and absolute`,
      );
    }
    return path;
  });
}

function record(
  value: unknown,
  what: string,
  keys: readonly string[],
): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw new Error(`hook policy: ${what} must be an object`);
  }
  const object = value as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    if (!keys.includes(key)) throw new Error(`hook policy: unknown key "${key}" in ${what}`);
  }
  for (const key of keys) {
    if (!(key in object)) throw new Error(`hook policy: ${what} lacks "${key}"`);
  }
  return object;
}

function absoluteFolder(value: unknown, what: string): string {
  if (
    typeof value !== "string" || !value.startsWith("/") || value === "/" ||
    value.split("/").slice(1).some((s) => s === "" || s === "." || s === "..")
  ) {
    throw new Error(`hook policy: ${what} must be a normalised absolute folder, not /`);
  }
  return value;
}

function patternList(value: unknown, what: string, forAllow: boolean): readonly string[] {
  if (!Array.isArray(value)) throw new Error(`hook policy: ${what} must be a list`);
  return value.map((pattern, i) => {
    if (typeof pattern !== "string") throw new Error(`hook policy: ${what}[${i}] is not a string`);
    const problem = pathPatternProblem(pattern, forAllow);
    if (problem !== undefined) throw new Error(`hook policy: ${what}[${i}]: ${problem}`);
    return pattern;
  });
}

function ruleMode(value: unknown, what: string): RuleMode {
  if (value === "deny" || value === "ask") return value;
  throw new Error(`hook policy: ${what} must be "deny" or "ask"`);
}

function egressList(value: unknown): readonly string[] {
  if (!Array.isArray(value)) throw new Error("hook policy: egress must be a list");
  return value.map((entry, i) => {
    if (typeof entry !== "string") throw new Error(`hook policy: egress[${i}] is not a string`);
    const rule = parseEgressRule(entry);
    if (rule.kind === "error") {
      throw new Error(`hook policy: egress[${i}] "${entry}": ${rule.reason}`);
    }
    return entry;
  });
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === "object") {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
