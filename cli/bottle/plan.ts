/**
 * A bottle plan: everything needed to start one bottle, as plain data with no
 * secret in it. `bottle start` builds it, shows it in the preflight and hands
 * it to the supervisor (through a pipe, for detached bottles).
 */
import { basename } from "node:path";
import type {
  ResolvedBottle,
  ResolvedCredential,
  ResolvedPolicy,
} from "../manifest/resolve_bottles.ts";
import type { GitIdentity } from "../seal/git_identity.ts";
import { NO_SEAL, type WorkspaceSeal } from "../seal/workspace_seal.ts";
import type { CredentialType } from "./phantom.ts";

/** The default agent image, built by `bottle image build`. */
export const DEFAULT_IMAGE = "bottle-agent:latest";

/** How the agent runs: an interactive session under tmux, or `claude -p` once. */
export type AgentMode = "interactive" | "print";

/** One environment variable granted by the manifest. */
export type PlannedEnv =
  | { readonly name: string; readonly kind: "literal"; readonly value: string }
  | {
    readonly name: string;
    readonly kind: "fromHost";
    readonly hostVariable: string;
    /** A secret: the egress proxy blocks any request carrying its value. Default: false. */
    readonly secret?: boolean;
  };

/**
 * One credential: the variable the bottle sees (holding a phantom), the host
 * variable the real value is read from at start, and where it may go.
 */
export type PlannedCredential = ResolvedCredential;

/** One skill folder, mounted read-only at `~/.claude/skills/<name>`. */
export interface PlannedSkill {
  readonly name: string;
  readonly path: string;
}

/** Everything a supervisor needs to start a bottle; never holds a secret value. */
export interface BottlePlan {
  /** The bottle's unique name (`attach NAME`). */
  readonly name: string;
  /** The manifest's bottle this one was made from. */
  readonly agent: string;
  /** The manifest file, or null for the built-in default. */
  readonly manifest: string | null;
  readonly image: string;
  readonly workspace: string;
  readonly workspaceReadOnly: boolean;
  readonly prompt: string | undefined;
  readonly mode: AgentMode;
  readonly env: readonly PlannedEnv[];
  /** Credentials: names and where they go, never a value (the real ones reach only the supervisor). */
  readonly credentials: readonly PlannedCredential[];
  readonly skills: readonly PlannedSkill[];
  /** MCP server names Claude Code may start (the managed settings allow only these). */
  readonly mcpServers: readonly string[];
  readonly egressAllow: readonly string[];
  /** Hosts kept as opaque tunnels: never intercepted, not inspected. */
  readonly egressTunnel: readonly string[];
  /** Host names pinned to fixed addresses, dialled without DNS. */
  readonly egressHosts: Readonly<Record<string, string>>;
  readonly resources: { readonly memory: string; readonly cpus: number; readonly pids: number };
  readonly runtime: string;
  readonly auth: {
    readonly type: CredentialType;
    /** The host variable the real credential is read from. */
    readonly fromHost: string;
    readonly upstream: string;
  };
  /** The policy hook's rules (rendered into the bottle's hook-policy.json). */
  readonly policy: ResolvedPolicy;
  /** Data-loss prevention on the egress path, and redaction on the model channel. */
  readonly dlp: { readonly mode: "block" | "log"; readonly redactModelInput: boolean };
  /** Whether invisible Unicode is stripped from requests to the model. */
  readonly sanitizeUnicode: boolean;
  /** Server tools the Messages API may run; every other one is removed from model requests. */
  readonly serverTools: readonly string[];
  /** Secret files masked and host-run files made read-only in the workspace (cli/seal/). */
  readonly seal: WorkspaceSeal;
  /** Why the workspace is broad, when `--allow-broad-workspace` let it through; else undefined. */
  readonly broadWorkspace: string | undefined;
  /** The host's git identity, given to the agent as GIT_AUTHOR_* / GIT_COMMITTER_*. */
  readonly gitIdentity: GitIdentity | undefined;
}

/** What the user chose on the command line. */
export interface PlanOptions {
  readonly name: string;
  readonly manifest: string | null;
  readonly workspace?: string | undefined;
  readonly prompt?: string | undefined;
  readonly print: boolean;
}

/** The plan for one bottle of `bottle`, with the command line's overrides applied. */
export function planBottle(bottle: ResolvedBottle, options: PlanOptions): BottlePlan {
  return {
    name: options.name,
    agent: bottle.name,
    manifest: options.manifest,
    image: bottle.image ?? DEFAULT_IMAGE,
    workspace: options.workspace ?? bottle.workspace,
    workspaceReadOnly: bottle.workspaceReadOnly,
    prompt: options.prompt ?? bottle.prompt,
    mode: options.print ? "print" : "interactive",
    env: Object.entries(bottle.env).map(([name, value]) =>
      typeof value === "string"
        ? { name, kind: "literal", value }
        : { name, kind: "fromHost", hostVariable: value.fromHost, secret: value.secret ?? false }
    ),
    credentials: bottle.credentials,
    skills: bottle.skills.map((path) => ({ name: basename(path), path })),
    mcpServers: bottle.mcpServers,
    egressAllow: bottle.egressAllow,
    egressTunnel: bottle.egressTunnel,
    egressHosts: bottle.egressHosts,
    resources: bottle.resources,
    runtime: bottle.runtime,
    auth: bottle.auth,
    policy: bottle.policy,
    dlp: bottle.dlp,
    sanitizeUnicode: bottle.sanitizeUnicode,
    serverTools: bottle.serverTools,
    seal: NO_SEAL,
    broadWorkspace: undefined,
    gitIdentity: undefined,
  };
}
