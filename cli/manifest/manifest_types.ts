// Generated from schemas/claude-bottle.schema.json by `deno task gen`. Do not edit.
// A unit test fails when this file and the schema disagree.

/** Where the bottle may connect to, through the supervisor's egress proxy. Default: nowhere. The Anthropic API is reached through its own proxy and needs no entry here. */
export interface BottleEgress {
  /** Allowed destinations. `host` (port 443 for HTTPS, 80 for plain HTTP), `*.suffix` (subdomains of suffix only, never suffix itself), `host:port`, `*.suffix:port`, and `ip:port` or `[ipv6]:port` for an exact address such as a local test server. Wildcards over public suffixes or shared hosting domains are refused. */
  readonly allow?: readonly (string)[];
}

/** Limits for the bottle's container. Each omitted limit takes its safe default. */
export interface BottleResources {
  /** Memory limit, a number with an optional unit b, k, m or g (as `docker run --memory`). Default: "4g". At least 64m. */
  readonly memory?: string;
  /** CPU limit in cores, fractions allowed (as `docker run --cpus`). Default: 2. */
  readonly cpus?: number;
  /** Maximum number of processes and threads in the bottle (as `docker run --pids-limit`). Default: 1024. */
  readonly pids?: number;
}

/** Where the real Anthropic credential comes from and where model requests go. The credential stays on the host: the bottle gets a phantom and the supervisor swaps the real one in on the way out. */
export interface BottleAuth {
  /** `oauth` (default): a long-lived OAuth token from `claude setup-token`, sent as `Authorization: Bearer`. `apiKey`: an Anthropic API key, sent as `x-api-key`. */
  readonly type?: "oauth" | "apiKey";
  /** Host environment variable holding the credential. Default: CLAUDE_BOTTLE_OAUTH_TOKEN for `oauth`, ANTHROPIC_API_KEY for `apiKey`. */
  readonly fromHost?: string;
  /** Base URL of the Messages API the supervisor forwards to. Default: https://api.anthropic.com. Must be https, except on a loopback address (for a local gateway or test server). */
  readonly upstream?: string;
}

/** What the model channel (the API proxy) lets requests to the model carry besides the conversation. Default: nothing more. */
export interface BottleApi {
  /** Server tools the Messages API may run for this bottle: `web_fetch` (the API fetches any URL), `web_search` (the API searches the web and reads result pages), `code_execution` (the API runs code in Anthropic's sandbox). The API runs them on its own servers, outside the egress allowlist and its DLP, so each one not listed here is removed from every request (its `tools` entry and its `anthropic-beta` value) and the removal is audited. Merged with `defaults` (joined). Default: none. */
  readonly serverTools?: readonly ("web_fetch" | "web_search" | "code_execution")[];
}

/** Rules of the policy hook that checks every tool call inside the bottle (locked by managed settings: the agent cannot change or skip it). Each omitted field keeps its safe default; the preflight shows every change from the defaults. */
export interface BottlePolicy {
  /** More paths the agent may neither read nor write, added to the defaults (~/.ssh, ~/.aws, .env files, *.pem, *.key, /proc/*\/environ, …). A pattern is absolute (`/etc/shadow`), from the agent's home (`~/.ssh`) or relative (`.env`, `*.pem`, `config/prod`), which matches at any depth; it covers the file or folder and everything below it; `*` and `?` match within one name. Default: none. */
  readonly denyPaths?: readonly (string)[];
  /** More paths the agent may read but never write, added to the defaults (.git/hooks, .git/config, shell start-up files, .claude/settings*.json, .mcp.json, …). Same patterns as denyPaths. Default: none. */
  readonly denyWritePaths?: readonly (string)[];
  /** Exceptions to the deny lists, such as a template that looks like a secret file (`.env.example`, `.env.sample`, `.env.template` and `.env.dist` are allowed by default). Same patterns as denyPaths. Default: none. */
  readonly allowPaths?: readonly (string)[];
  /** Default deny entries to drop, each written exactly as bottle lists it (see `bottle start`'s preflight). Use sparingly: the preflight shows every removed protection. Default: none. */
  readonly removeDefaults?: readonly (string)[];
  /** What the hook does with inline code handed to an interpreter (`python3 -c`, `node -e`, `perl -e`, awk `system()`, `git -c core.sshCommand=…`): `deny` (default) or `ask` (Claude Code asks you). */
  readonly inlineCode?: "deny" | "ask";
  /** What the hook does when an executable outside the image (a workspace script, node_modules/.bin/*) runs with a different hash than at its first run: `deny` (default) or `ask`. */
  readonly changedBinary?: "deny" | "ask";
  /** What the hook does the first time an executable outside the image runs: `trust` (default: record its hash, trust on first use), `ask` or `deny`. */
  readonly unknownBinary?: "trust" | "ask" | "deny";
}

/** Data-loss prevention on what leaves the bottle: the egress proxy scans hostnames, URLs, headers and plain-HTTP bodies for credentials (70+ formats) and for the bottle's own secrets in any common encoding. */
export interface BottleDlp {
  /** `block` (default): a request carrying a credential is refused with 403 and audited. `log`: it is let through and audited. */
  readonly mode?: "block" | "log";
  /** Also replace credentials found in requests to the model (prompts, tool results) with a marker naming the credential's kind. Default: false. The bottle's real credentials never reach the model in any case. */
  readonly redactModelInput?: boolean;
}

/** What one bottle is granted. Everything is optional; omitted fields take the safe default given in each field's description. */
export interface Bottle {
  /** Container image the agent runs in. Default: the agent image built by `bottle image build` for this version of bottle. Use your own only if it is built from bottle's Dockerfile. */
  readonly image?: string;
  /** Host folder mounted read-write at /workspace: the only host folder the agent sees. Relative paths are relative to this manifest's folder. Default: the manifest's folder (the current folder for the user-level manifest and the built-in default). */
  readonly workspace?: string;
  /** Mount the workspace read-only: the agent can read the project but not change it. Default: false (read-write). */
  readonly workspaceReadOnly?: boolean;
  /** The prompt the agent starts with. Default: none (an interactive session waits for you). */
  readonly prompt?: string;
  /** Environment variables for the agent, by name. A value is either a literal string (shown in the preflight) or `{ "fromHost": "VAR" }` to copy the host's variable VAR at start. Nothing else from the host environment enters the bottle. */
  readonly env?: Readonly<Record<string, EnvValue>>;
  /** Skill folders (each holding a SKILL.md) mounted read-only into the agent's ~/.claude/skills/<folder name>. Relative paths are relative to this manifest's folder. Default: none. */
  readonly skills?: readonly (string)[];
  /** MCP servers Claude Code may start, by the name a project `.mcp.json` (or any other MCP configuration) gives them. Every other MCP server stays off: the managed settings allow only these names, so a repository's `.mcp.json` cannot start a program when a session begins. A granted name runs whatever command the configuration under that name says, so grant only servers of repositories you trust; the preflight lists every grant. Merged with `defaults` (joined). Default: none. */
  readonly mcpServers?: readonly (string)[];
  /** Where the bottle may connect to, through the supervisor's egress proxy. Default: nowhere. The Anthropic API is reached through its own proxy and needs no entry here. */
  readonly egress?: BottleEgress;
  /** Limits for the bottle's container. Each omitted limit takes its safe default. */
  readonly resources?: BottleResources;
  /** OCI runtime for the container: `runc` (default), `runsc` (gVisor, a stronger boundary against kernel exploits) or any runtime the engine lists in `docker info`. bottle refuses to start if it is missing; it never falls back. */
  readonly runtime?: string;
  /** Where the real Anthropic credential comes from and where model requests go. The credential stays on the host: the bottle gets a phantom and the supervisor swaps the real one in on the way out. */
  readonly auth?: BottleAuth;
  /** What the model channel (the API proxy) lets requests to the model carry besides the conversation. Default: nothing more. */
  readonly api?: BottleApi;
  /** Rules of the policy hook that checks every tool call inside the bottle (locked by managed settings: the agent cannot change or skip it). Each omitted field keeps its safe default; the preflight shows every change from the defaults. */
  readonly policy?: BottlePolicy;
  /** Data-loss prevention on what leaves the bottle: the egress proxy scans hostnames, URLs, headers and plain-HTTP bodies for credentials (70+ formats) and for the bottle's own secrets in any common encoding. */
  readonly dlp?: BottleDlp;
  /** Remove invisible Unicode (tag characters, bidi overrides, zero-width characters) from everything sent to the model, so hidden instructions in files or web pages cannot steer the agent. Default: true; turning it off is shown in the preflight. */
  readonly sanitizeUnicode?: boolean;
}

/** A literal string, or `{ "fromHost": "VAR" }` to take the value of the host's variable VAR when the bottle starts. */
export type EnvValue = string | FromHost;

/** Take the value from the host environment when the bottle starts. `bottle validate` warns and `bottle start` refuses when the variable is not set. */
export interface FromHost {
  /** Name of the host environment variable to copy. */
  readonly fromHost: string;
  /** The value is a secret: the egress proxy blocks any request that carries it (raw or encoded), and it is never shown. Default: false. */
  readonly secret?: boolean;
}

/** The bottle manifest: names the bottles and grants each one exactly what it may see and reach. Anything not granted here stays outside the bottle. */
export interface Manifest {
  /** Optional URL or path of this schema, for editors. Ignored by bottle. */
  readonly "$schema"?: string;
  /** Settings merged into every bottle. A bottle's own value wins for single values and for each key of `env` and `resources`; the lists `skills` and `egress.allow` are joined (defaults first, duplicates dropped). */
  readonly defaults?: Bottle;
  /** The bottles, by name. `bottle start NAME` starts the one called NAME. A name is 1 to 63 characters: letters, digits, `_`, `.` and `-`, starting with a letter or digit. */
  readonly bottles: Readonly<Record<string, Bottle>>;
}
