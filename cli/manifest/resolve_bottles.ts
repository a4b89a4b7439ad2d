/**
 * Applies `defaults` and the documented safe defaults to every bottle, giving
 * each one a complete, absolute description. Pure data in, pure data out.
 */
import type {
  Bottle,
  BottleEgress,
  BottlePolicy,
  Credential,
  EnvValue,
  Manifest,
} from "./manifest_types.generated.ts";
import { resolveManifestPath } from "./resolve_path.ts";

/** The name of the bottle used when no manifest exists. */
export const DEFAULT_BOTTLE_NAME = "claude";

/** The manifest used when none is found: one bottle, nothing granted. */
export const BUILTIN_MANIFEST: Manifest = { bottles: { [DEFAULT_BOTTLE_NAME]: {} } };

/** Safe defaults for limits the manifest leaves out. */
export const DEFAULT_RESOURCES = { memory: "4g", cpus: 2, pids: 1024 } as const;

/** Default host variables holding the Anthropic credential, by credential type. */
export const DEFAULT_CREDENTIAL_ENV = {
  oauth: "CLAUDE_BOTTLE_OAUTH_TOKEN",
  apiKey: "ANTHROPIC_API_KEY",
} as const;

/** A bottle with every default applied and every path absolute. */
export interface ResolvedBottle {
  readonly name: string;
  readonly image: string | undefined;
  readonly workspace: string;
  readonly workspaceReadOnly: boolean;
  readonly prompt: string | undefined;
  readonly env: Readonly<Record<string, EnvValue>>;
  /** Credentials, in the manifest's order; the bottle gets phantoms. */
  readonly credentials: readonly ResolvedCredential[];
  readonly skills: readonly string[];
  /** MCP server names Claude Code may start; every other server stays off. */
  readonly mcpServers: readonly string[];
  readonly egressAllow: readonly string[];
  /** Hosts kept as opaque tunnels, never intercepted (`egress.tunnel`). */
  readonly egressTunnel: readonly string[];
  /** Host names pinned to fixed addresses (`egress.hosts`). */
  readonly egressHosts: Readonly<Record<string, string>>;
  readonly resources: { readonly memory: string; readonly cpus: number; readonly pids: number };
  readonly runtime: string;
  readonly auth: {
    readonly type: "oauth" | "apiKey";
    readonly fromHost: string;
    readonly upstream: string;
  };
  readonly policy: ResolvedPolicy;
  readonly dlp: { readonly mode: "block" | "log"; readonly redactModelInput: boolean };
  readonly sanitizeUnicode: boolean;
  /** Server tools the Messages API may run (`api.serverTools`); every other one is removed. */
  readonly serverTools: readonly string[];
}

/** One credential with its defaults applied. */
export interface ResolvedCredential {
  /** The variable the bottle sees, holding the phantom (`GH_TOKEN`). */
  readonly name: string;
  /** The host variable holding the real value. */
  readonly fromHost: string;
  /** Where the real value may go: `host`, `*.domain`, optionally `:port`. */
  readonly hosts: readonly string[];
  /** Path prefixes on those hosts; empty: every path. */
  readonly paths: readonly string[];
}

/** The hook rules of a bottle: the manifest's additions to bottle's defaults, and its modes. */
export interface ResolvedPolicy {
  readonly denyPaths: readonly string[];
  readonly denyWritePaths: readonly string[];
  readonly allowPaths: readonly string[];
  readonly removeDefaults: readonly string[];
  readonly inlineCode: "deny" | "ask";
  readonly changedBinary: "deny" | "ask";
  readonly unknownBinary: "trust" | "ask" | "deny";
}

/** Where relative paths start and what an omitted workspace means. */
export interface ResolveContext {
  /** Folder relative paths are resolved against. */
  readonly baseDir: string;
  /** Workspace used when the manifest names none. */
  readonly defaultWorkspace: string;
  readonly home: string | undefined;
}

function joined(a: readonly string[] | undefined, b: readonly string[] | undefined): string[] {
  return [...new Set([...(a ?? []), ...(b ?? [])])];
}

/** Merges `defaults` into `bottle` by the documented rules. */
export function mergeBottle(defaults: Bottle, bottle: Bottle): Bottle {
  return {
    ...defaults,
    ...bottle,
    env: { ...defaults.env, ...bottle.env },
    credentials: { ...defaults.credentials, ...bottle.credentials },
    skills: joined(defaults.skills, bottle.skills),
    mcpServers: joined(defaults.mcpServers, bottle.mcpServers),
    egress: mergeEgress(defaults.egress, bottle.egress),
    resources: { ...defaults.resources, ...bottle.resources },
    auth: { ...defaults.auth, ...bottle.auth },
    policy: mergePolicy(defaults.policy, bottle.policy),
    dlp: { ...defaults.dlp, ...bottle.dlp },
    api: {
      ...defaults.api,
      ...bottle.api,
      serverTools: [
        ...new Set([...(defaults.api?.serverTools ?? []), ...(bottle.api?.serverTools ?? [])]),
      ],
    },
  };
}

/** `allow` and `tunnel` joined, `hosts` merged per name; a list neither side has stays absent. */
function mergeEgress(defaults: BottleEgress = {}, own: BottleEgress = {}): BottleEgress {
  const tunnel = defaults.tunnel === undefined && own.tunnel === undefined
    ? {}
    : { tunnel: joined(defaults.tunnel, own.tunnel) };
  const hosts = defaults.hosts === undefined && own.hosts === undefined
    ? {}
    : { hosts: { ...defaults.hosts, ...own.hosts } };
  return { allow: joined(defaults.allow, own.allow), ...tunnel, ...hosts };
}

function mergePolicy(defaults: BottlePolicy = {}, own: BottlePolicy = {}): BottlePolicy {
  return {
    ...defaults,
    ...own,
    denyPaths: joined(defaults.denyPaths, own.denyPaths),
    denyWritePaths: joined(defaults.denyWritePaths, own.denyWritePaths),
    allowPaths: joined(defaults.allowPaths, own.allowPaths),
    removeDefaults: joined(defaults.removeDefaults, own.removeDefaults),
  };
}

/** The hook rules of a bottle whose manifest says nothing about them. */
export const DEFAULT_POLICY: ResolvedPolicy = {
  denyPaths: [],
  denyWritePaths: [],
  allowPaths: [],
  removeDefaults: [],
  inlineCode: "deny",
  changedBinary: "deny",
  unknownBinary: "trust",
};

/** Resolves every bottle of `manifest`, in the manifest's order. */
export function resolveBottles(manifest: Manifest, context: ResolveContext): ResolvedBottle[] {
  const path = (p: string) => resolveManifestPath(p, context.baseDir, context.home);
  return Object.entries(manifest.bottles).map(([name, own]) => {
    const b = mergeBottle(manifest.defaults ?? {}, own);
    const type = b.auth?.type ?? "oauth";
    return {
      name,
      image: b.image,
      workspace: b.workspace === undefined ? context.defaultWorkspace : path(b.workspace),
      workspaceReadOnly: b.workspaceReadOnly ?? false,
      prompt: b.prompt,
      env: b.env ?? {},
      credentials: resolveCredentials(b.credentials ?? {}),
      // Two spellings of one folder ("./s", "s/") would mount it twice.
      skills: [...new Set((b.skills ?? []).map(path))],
      mcpServers: b.mcpServers ?? [],
      egressAllow: b.egress?.allow ?? [],
      egressTunnel: b.egress?.tunnel ?? [],
      egressHosts: b.egress?.hosts ?? {},
      resources: { ...DEFAULT_RESOURCES, ...b.resources },
      runtime: b.runtime ?? "runc",
      auth: {
        type,
        fromHost: b.auth?.fromHost ?? DEFAULT_CREDENTIAL_ENV[type],
        upstream: b.auth?.upstream ?? "https://api.anthropic.com",
      },
      policy: {
        denyPaths: b.policy?.denyPaths ?? DEFAULT_POLICY.denyPaths,
        denyWritePaths: b.policy?.denyWritePaths ?? DEFAULT_POLICY.denyWritePaths,
        allowPaths: b.policy?.allowPaths ?? DEFAULT_POLICY.allowPaths,
        removeDefaults: b.policy?.removeDefaults ?? DEFAULT_POLICY.removeDefaults,
        inlineCode: b.policy?.inlineCode ?? DEFAULT_POLICY.inlineCode,
        changedBinary: b.policy?.changedBinary ?? DEFAULT_POLICY.changedBinary,
        unknownBinary: b.policy?.unknownBinary ?? DEFAULT_POLICY.unknownBinary,
      },
      dlp: { mode: b.dlp?.mode ?? "block", redactModelInput: b.dlp?.redactModelInput ?? false },
      sanitizeUnicode: b.sanitizeUnicode ?? true,
      serverTools: b.api?.serverTools ?? [],
    };
  });
}

function resolveCredentials(
  credentials: Readonly<Record<string, Credential>>,
): ResolvedCredential[] {
  return Object.entries(credentials).map(([name, c]) => ({
    name,
    fromHost: c.fromHost,
    hosts: c.hosts ?? [],
    paths: c.paths ?? [],
  }));
}
