/**
 * Checks that go beyond the schema's shape: egress entries that are not hosts
 * or are far too broad, variables bottle owns, unsafe upstream URLs, folders
 * that do not exist, host variables that are not set, and (in
 * `check_credentials.ts`) credentials, tunnels and host pins. The host is reached only
 * through the `HostView` it is given, so the rules are tested without I/O.
 */
import { findNodeAtLocation, type Node } from "jsonc-parser";
import { basename } from "node:path";
import { parseEgressRule } from "../../proxy/egress_rule.ts";
import { DEFAULT_PATHS } from "../hook/hook_policy.ts";
import { pathPatternProblem } from "../hook/paths/path_pattern.ts";
import { overBroadReason } from "./broad_wildcards.ts";
import { checkCredentials, type CredentialScope, EMPTY_SCOPE } from "./check_credentials.ts";
import { dohResolverReason } from "./doh_resolvers.ts";
import { closestMatch } from "./closest_match.ts";
import { type Diagnostic, diagnostic } from "./diagnostic.ts";
import { resolveManifestPath } from "./resolve_path.ts";
import { isUnsafeEnv, RESERVED_ENV } from "./reserved_env.ts";
import { toDisplay, toPointer, type ValuePath } from "./value_path.ts";

/** What the checks may ask of the host. */
export interface HostView {
  /** Folder of the manifest file; relative paths start here. */
  readonly baseDir: string;
  /** The user's home folder, for `~/` paths. */
  readonly home: string | undefined;
  readonly isDirectory: (path: string) => boolean;
  readonly isFile: (path: string) => boolean;
  /** Whether the host environment variable is set (its value is never asked for). */
  readonly hasEnv: (name: string) => boolean;
}

/** Smallest memory limit that leaves Claude Code room to start. */
export const MIN_MEMORY_BYTES = 64 * 1024 * 1024;

/** Runs every semantic rule over each bottle (and `defaults`) in the tree. */
export function checkSemantics(tree: Node, host: HostView): Diagnostic[] {
  const out: Diagnostic[] = [];
  const defaults = findNodeAtLocation(tree, ["defaults"]);
  let inherited: Inherited = { skills: new Map(), scope: EMPTY_SCOPE };
  if (defaults?.type === "object") inherited = checkBottle(defaults, ["defaults"], host, out);
  const bottles = findNodeAtLocation(tree, ["bottles"]);
  if (bottles?.type === "object") {
    for (const property of bottles.children ?? []) {
      const [key, value] = property.children ?? [];
      if (key !== undefined && value?.type === "object") {
        checkBottle(value, ["bottles", String(key.value)], host, out, inherited);
      }
    }
  }
  return out;
}

function at(node: Node, path: ValuePath) {
  return { pointer: toPointer(path), offset: node.offset, length: node.length };
}

function child(node: Node, key: string): Node | undefined {
  return findNodeAtLocation(node, [key]);
}

function stringItems(node: Node | undefined): Array<[Node, number]> {
  if (node?.type !== "array") return [];
  return (node.children ?? []).flatMap((item, i) =>
    item.type === "string" ? [[item, i] as [Node, number]] : []
  );
}

/** What `defaults` grants that a bottle's own grants may clash with. */
interface Inherited {
  readonly skills: ReadonlyMap<string, GrantedSkill>;
  readonly scope: CredentialScope;
}

/** Checks one bottle (or `defaults`); returns what it grants, for clash checks. */
function checkBottle(
  bottle: Node,
  path: ValuePath,
  host: HostView,
  out: Diagnostic[],
  inherited: Inherited = { skills: new Map(), scope: EMPTY_SCOPE },
): Inherited {
  checkEgress(child(bottle, "egress"), [...path, "egress"], out);
  checkEnv(child(bottle, "env"), [...path, "env"], host, out);
  const scope = checkCredentials(bottle, path, host.hasEnv, out, inherited.scope);
  const skills = checkSkills(
    child(bottle, "skills"),
    [...path, "skills"],
    host,
    out,
    inherited.skills,
  );
  checkWorkspace(child(bottle, "workspace"), [...path, "workspace"], host, out);
  checkAuth(child(bottle, "auth"), [...path, "auth"], host, out);
  checkPolicy(child(bottle, "policy"), [...path, "policy"], out);
  checkMemory(
    findNodeAtLocation(bottle, ["resources", "memory"]),
    [...path, "resources", "memory"],
    out,
  );
  return { skills, scope };
}

/** Every default pattern, as `removeDefaults` must name it. */
const DEFAULT_PATTERNS = [
  ...DEFAULT_PATHS.denyReadWrite,
  ...DEFAULT_PATHS.denyWrite,
  ...DEFAULT_PATHS.allow,
];

function checkPolicy(policy: Node | undefined, path: ValuePath, out: Diagnostic[]): void {
  if (policy?.type !== "object") return;
  for (const list of ["denyPaths", "denyWritePaths", "allowPaths"] as const) {
    for (const [item, i] of stringItems(child(policy, list))) {
      const problem = pathPatternProblem(String(item.value), list === "allowPaths");
      if (problem === undefined) continue;
      out.push(
        diagnostic(
          "error",
          "invalid-path-pattern",
          `invalid path pattern ${JSON.stringify(item.value)} in ${
            toDisplay([...path, list])
          }: ${problem}`,
          at(item, [...path, list, i]),
        ),
      );
    }
  }
  for (const [item, i] of stringItems(child(policy, "removeDefaults"))) {
    const value = String(item.value);
    if (DEFAULT_PATTERNS.includes(value)) continue;
    const near = closestMatch(value, DEFAULT_PATTERNS);
    out.push(
      diagnostic(
        "error",
        "unknown-default",
        `${JSON.stringify(value)} in ${toDisplay([...path, "removeDefaults"])} is not a default ${
          near === undefined ? "pattern" : `pattern (did you mean ${JSON.stringify(near)}?)`
        }; name one exactly as bottle lists it`,
        at(item, [...path, "removeDefaults", i]),
      ),
    );
  }
}

function checkEgress(egress: Node | undefined, path: ValuePath, out: Diagnostic[]): void {
  const allowPath = [...path, "allow"];
  for (const [item, i] of stringItems(egress && child(egress, "allow"))) {
    const where = [...allowPath, i];
    const parsed = parseEgressRule(String(item.value));
    if (parsed.kind === "error") {
      out.push(
        diagnostic(
          "error",
          "invalid-egress",
          `invalid egress entry ${JSON.stringify(item.value)} in ${
            toDisplay(allowPath)
          }: ${parsed.reason}`,
          at(item, where),
        ),
      );
      continue;
    }
    const broad = parsed.rule.kind === "suffix" ? overBroadReason(parsed.rule.suffix) : undefined;
    if (broad !== undefined) {
      out.push(
        diagnostic(
          "error",
          "broad-wildcard",
          `${broad}; name the hosts you need instead (in ${toDisplay(allowPath)})`,
          at(item, where),
        ),
      );
      continue;
    }
    // A wildcard too broad to grant is reported as such, even when it also covers a resolver.
    const doh = dohResolverReason(parsed.rule);
    if (doh !== undefined) {
      out.push(
        diagnostic(
          "error",
          "doh-resolver",
          `${doh}; ${
            parsed.rule.kind === "suffix" ? "name the hosts you need instead" : "remove it"
          } (in ${toDisplay(allowPath)})`,
          at(item, where),
        ),
      );
    }
  }
}

function checkEnv(env: Node | undefined, path: ValuePath, host: HostView, out: Diagnostic[]): void {
  if (env?.type !== "object") return;
  for (const property of env.children ?? []) {
    const [key, value] = property.children ?? [];
    if (key === undefined) continue;
    const name = String(key.value);
    const where = [...path, name];
    if (RESERVED_ENV.has(name)) {
      out.push(
        diagnostic(
          "error",
          "reserved-env",
          `${toDisplay(where)} is set by bottle itself to keep the bottle sealed; remove it`,
          at(key, where),
        ),
      );
    } else if (isUnsafeEnv(name)) {
      out.push(
        diagnostic(
          "error",
          "unsafe-env",
          `${
            toDisplay(where)
          } would make programs in the bottle load code from outside the image; remove it`,
          at(key, where),
        ),
      );
    }
    const from = value?.type === "object" ? findNodeAtLocation(value, ["fromHost"]) : undefined;
    if (from?.type === "string" && isEnvName(from.value) && !host.hasEnv(from.value)) {
      out.push(
        diagnostic(
          "warning",
          "host-env-unset",
          `host variable ${from.value} (for ${
            toDisplay(where)
          }) is not set; bottle start will refuse until it is`,
          at(from, [...where, "fromHost"]),
        ),
      );
    }
  }
}

function isEnvName(value: unknown): value is string {
  return typeof value === "string" && /^[A-Za-z_][A-Za-z0-9_]*$/.test(value);
}

/** A skill already granted: its resolved folder and where it was written. */
interface GrantedSkill {
  readonly folder: string;
  readonly where: ValuePath;
}

function checkSkills(
  skills: Node | undefined,
  path: ValuePath,
  host: HostView,
  out: Diagnostic[],
  inherited: ReadonlyMap<string, GrantedSkill> = new Map(),
): Map<string, GrantedSkill> {
  const names = new Map(inherited);
  for (const [item, i] of stringItems(skills)) {
    const where = [...path, i];
    const folder = resolveManifestPath(String(item.value), host.baseDir, host.home);
    if (!host.isDirectory(folder)) {
      out.push(
        diagnostic(
          "error",
          "skill-missing",
          `skill folder ${folder} does not exist (${toDisplay(where)})`,
          at(item, where),
        ),
      );
      continue;
    }
    if (!host.isFile(`${folder}/SKILL.md`)) {
      out.push(
        diagnostic(
          "error",
          "skill-no-skill-md",
          `skill folder ${folder} has no SKILL.md (${toDisplay(where)})`,
          at(item, where),
        ),
      );
      continue;
    }
    const name = basename(folder);
    const first = names.get(name);
    if (first === undefined) {
      names.set(name, { folder, where });
    } else if (first.folder !== folder) {
      out.push(
        diagnostic(
          "error",
          "skill-name-clash",
          `${toDisplay(where)} and ${
            toDisplay(first.where)
          } are both named "${name}"; each skill is mounted by its folder name`,
          at(item, where),
        ),
      );
    }
  }
  return names;
}

function checkWorkspace(
  workspace: Node | undefined,
  path: ValuePath,
  host: HostView,
  out: Diagnostic[],
): void {
  if (workspace?.type !== "string" || String(workspace.value) === "") return;
  const folder = resolveManifestPath(String(workspace.value), host.baseDir, host.home);
  if (!host.isDirectory(folder)) {
    out.push(
      diagnostic(
        "error",
        "workspace-missing",
        `workspace folder ${folder} does not exist (${toDisplay(path)})`,
        at(workspace, path),
      ),
    );
  }
}

function checkAuth(
  auth: Node | undefined,
  path: ValuePath,
  host: HostView,
  out: Diagnostic[],
): void {
  if (auth?.type !== "object") return;
  const from = child(auth, "fromHost");
  if (from?.type === "string" && isEnvName(from.value) && !host.hasEnv(from.value)) {
    out.push(
      diagnostic(
        "warning",
        "host-env-unset",
        `host variable ${from.value} (the Anthropic credential) is not set; bottle start will refuse until it is`,
        at(from, [...path, "fromHost"]),
      ),
    );
  }
  const upstream = child(auth, "upstream");
  if (upstream?.type === "string" && String(upstream.value) !== "") {
    const reason = upstreamProblem(String(upstream.value));
    if (reason !== undefined) {
      out.push(
        diagnostic(
          "error",
          "invalid-upstream",
          `${toDisplay([...path, "upstream"])}: ${reason}`,
          at(upstream, [...path, "upstream"]),
        ),
      );
    }
  }
}

/** Why an API base URL is unsafe or unusable, or undefined when it is fine. */
export function upstreamProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `"${text}" is not a URL; use one such as "https://api.anthropic.com"`;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    return `use an https URL, not ${url.protocol.slice(0, -1)}`;
  }
  if (url.username !== "" || url.password !== "") {
    return "credentials do not belong in the URL; the supervisor injects the real one";
  }
  if (url.search !== "" || url.hash !== "") return "the URL must not have a query or fragment";
  if (url.protocol === "http:" && !isLoopbackHost(url.hostname)) {
    return "plain http would send the real credential unencrypted; use https (http is allowed only for loopback addresses)";
  }
  return undefined;
}

function isLoopbackHost(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

function checkMemory(memory: Node | undefined, path: ValuePath, out: Diagnostic[]): void {
  if (memory?.type !== "string") return;
  const bytes = parseMemory(String(memory.value));
  if (bytes !== undefined && bytes < MIN_MEMORY_BYTES) {
    out.push(
      diagnostic(
        "error",
        "memory-too-small",
        `${toDisplay(path)} is below the minimum of 64m`,
        at(memory, path),
      ),
    );
  }
}

/** Bytes in a docker-style memory size (`512m`, `4g`, `1.5g`), or undefined if malformed. */
export function parseMemory(text: string): number | undefined {
  const match = /^([0-9]+(?:\.[0-9]+)?)([bkmg]?)$/i.exec(text);
  if (match === null) return undefined;
  const unit = (match[2] ?? "").toLowerCase();
  const scale = unit === "g" ? 1024 ** 3 : unit === "m" ? 1024 ** 2 : unit === "k" ? 1024 : 1;
  return Math.floor(Number(match[1]) * scale);
}
