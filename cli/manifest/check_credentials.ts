/**
 * Semantic checks of a bottle's `credentials`, `egress.tunnel` and
 * `egress.hosts`: every credential names hosts, none wider than one label
 * under a registrable domain; a credential's name is not one bottle sets; its
 * host variable is not also copied into the bottle by `env`; its paths are
 * paths; no credential host is also kept as an opaque tunnel; every pin maps
 * a host name to an address. A bottle is checked together with what
 * `defaults` grants it, and a clash is reported where the bottle's own entry
 * is. Pure: the host is asked only whether a variable is set.
 */
import { findNodeAtLocation, type Node } from "jsonc-parser";
import {
  type CredentialHost,
  credentialHostMatches,
  credentialPathProblem,
  parseCredentialHost,
} from "../../proxy/credentials/credential_grant.ts";
import { parseEgressRule } from "../../proxy/egress_rule.ts";
import { parsePinAddress, parsePinName } from "../../proxy/policy/host_pins.ts";
import { overBroadReason } from "./broad_wildcards.ts";
import { type Diagnostic, diagnostic } from "./diagnostic.ts";
import { dohResolverReason } from "./doh_resolvers.ts";
import { isUnsafeEnv, RESERVED_ENV } from "./reserved_env.ts";
import { toDisplay, toPointer, type ValuePath } from "./value_path.ts";

/** One `env` entry, as far as credentials care: its name and the host variable it copies. */
interface EnvGrant {
  readonly fromHost: string | undefined;
  readonly node: Node;
  readonly where: ValuePath;
}

/** One credential: its host variable and its parsed hosts. */
interface CredentialGrant {
  readonly fromHost: string | undefined;
  readonly fromNode: Node | undefined;
  readonly hosts: readonly CredentialHost[];
  readonly node: Node;
  readonly where: ValuePath;
}

/** One `egress.tunnel` entry that parsed. */
interface TunnelEntry {
  readonly kind: "host" | "suffix";
  readonly name: string;
  readonly node: Node;
  readonly where: ValuePath;
}

/** What one bottle (or `defaults`) grants that the cross checks compare. */
export interface CredentialScope {
  readonly env: ReadonlyMap<string, EnvGrant>;
  readonly credentials: ReadonlyMap<string, CredentialGrant>;
  readonly tunnel: readonly TunnelEntry[];
}

/** What a bottle inherits when `defaults` grants nothing. */
export const EMPTY_SCOPE: CredentialScope = { env: new Map(), credentials: new Map(), tunnel: [] };

function at(node: Node, path: ValuePath) {
  return { pointer: toPointer(path), offset: node.offset, length: node.length };
}

function properties(node: Node | undefined): Array<[Node, Node | undefined]> {
  if (node?.type !== "object") return [];
  return (node.children ?? []).flatMap((p) => {
    const [key, value] = p.children ?? [];
    return key === undefined ? [] : [[key, value] as [Node, Node | undefined]];
  });
}

function stringItems(node: Node | undefined): Array<[Node, number]> {
  if (node?.type !== "array") return [];
  return (node.children ?? []).flatMap((item, i) =>
    item.type === "string" ? [[item, i] as [Node, number]] : []
  );
}

/**
 * Checks the credentials, tunnels and pins of `bottle` at `path`, with
 * `parent` what `defaults` grants it; returns this bottle's own scope (for
 * `defaults`, what every bottle inherits).
 */
export function checkCredentials(
  bottle: Node,
  path: ValuePath,
  hasEnv: (name: string) => boolean,
  out: Diagnostic[],
  parent: CredentialScope = EMPTY_SCOPE,
): CredentialScope {
  const own: CredentialScope = {
    env: envGrants(findNodeAtLocation(bottle, ["env"]), [...path, "env"]),
    credentials: credentialGrants(
      findNodeAtLocation(bottle, ["credentials"]),
      [...path, "credentials"],
      hasEnv,
      out,
    ),
    tunnel: tunnelEntries(
      findNodeAtLocation(bottle, ["egress", "tunnel"]),
      [...path, "egress", "tunnel"],
      out,
    ),
  };
  checkPins(findNodeAtLocation(bottle, ["egress", "hosts"]), [...path, "egress", "hosts"], out);
  crossCheck(own, parent, out);
  return own;
}

function envGrants(env: Node | undefined, path: ValuePath): Map<string, EnvGrant> {
  const grants = new Map<string, EnvGrant>();
  for (const [key, value] of properties(env)) {
    const name = String(key.value);
    const from = value?.type === "object" ? findNodeAtLocation(value, ["fromHost"]) : undefined;
    grants.set(name, {
      fromHost: from?.type === "string" ? String(from.value) : undefined,
      node: key,
      where: [...path, name],
    });
  }
  return grants;
}

function credentialGrants(
  credentials: Node | undefined,
  path: ValuePath,
  hasEnv: (name: string) => boolean,
  out: Diagnostic[],
): Map<string, CredentialGrant> {
  const grants = new Map<string, CredentialGrant>();
  for (const [key, value] of properties(credentials)) {
    const name = String(key.value);
    const where = [...path, name];
    checkName(name, key, where, out);
    if (value?.type !== "object") continue;
    const from = findNodeAtLocation(value, ["fromHost"]);
    const fromHost = from?.type === "string" ? String(from.value) : undefined;
    if (from !== undefined && fromHost !== undefined && isEnvName(fromHost) && !hasEnv(fromHost)) {
      out.push(
        diagnostic(
          "warning",
          "host-env-unset",
          `host variable ${fromHost} (the real value of ${
            toDisplay(where)
          }) is not set; bottle start will refuse until it is`,
          at(from, [...where, "fromHost"]),
        ),
      );
    }
    grants.set(name, {
      fromHost,
      fromNode: from,
      hosts: credentialHosts(key, value, where, out),
      node: key,
      where,
    });
    checkPaths(findNodeAtLocation(value, ["paths"]), [...where, "paths"], out);
  }
  return grants;
}

/** A credential's name is the variable the bottle sees: never one bottle sets or pins. */
function checkName(name: string, key: Node, where: ValuePath, out: Diagnostic[]): void {
  if (RESERVED_ENV.has(name)) {
    out.push(
      diagnostic(
        "error",
        "reserved-env",
        `${
          toDisplay(where)
        }: bottle sets ${name} itself to keep the bottle sealed; name the credential after the variable your tool reads, such as GH_TOKEN`,
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
        }: ${name} makes programs in the bottle load code from outside the image; name the credential after the variable your tool reads, such as GH_TOKEN`,
        at(key, where),
      ),
    );
  }
}

function credentialHosts(
  key: Node,
  value: Node,
  where: ValuePath,
  out: Diagnostic[],
): CredentialHost[] {
  const list = findNodeAtLocation(value, ["hosts"]);
  const items = stringItems(list);
  if (list === undefined || (list.type === "array" && (list.children ?? []).length === 0)) {
    out.push(
      diagnostic(
        "error",
        "credential-no-hosts",
        `${
          toDisplay(where)
        } has no hosts: its real value would have nowhere to go; list where it is used, as in "hosts": ["api.github.com"]`,
        at(list ?? key, list === undefined ? where : [...where, "hosts"]),
      ),
    );
    return [];
  }
  const hostsPath = [...where, "hosts"];
  const hosts: CredentialHost[] = [];
  for (const [item, i] of items) {
    const entry = String(item.value);
    const parsed = parseCredentialHost(entry);
    const place = at(item, [...hostsPath, i]);
    if (parsed.kind === "error") {
      out.push(
        diagnostic(
          "error",
          "invalid-credential-host",
          `invalid credential host ${JSON.stringify(entry)} in ${
            toDisplay(hostsPath)
          }: ${parsed.reason}`,
          place,
        ),
      );
      continue;
    }
    const broad = parsed.host.kind === "suffix" ? overBroadReason(parsed.host.name) : undefined;
    if (broad !== undefined) {
      out.push(
        diagnostic(
          "error",
          "broad-wildcard",
          `${broad}; a credential's wildcard covers one label under a registrable domain, as in "*.github.com" (in ${
            toDisplay(hostsPath)
          })`,
          place,
        ),
      );
      continue;
    }
    const rule = parseEgressRule(entry);
    const doh = rule.kind === "rule" ? dohResolverReason(rule.rule) : undefined;
    if (doh !== undefined) {
      out.push(
        diagnostic(
          "error",
          "doh-resolver",
          `${doh}; remove it (in ${toDisplay(hostsPath)})`,
          place,
        ),
      );
      continue;
    }
    hosts.push(parsed.host);
  }
  return hosts;
}

function checkPaths(paths: Node | undefined, path: ValuePath, out: Diagnostic[]): void {
  for (const [item, i] of stringItems(paths)) {
    const problem = credentialPathProblem(String(item.value));
    if (problem === undefined) continue;
    out.push(
      diagnostic(
        "error",
        "invalid-credential-path",
        `invalid path ${JSON.stringify(item.value)} in ${
          toDisplay(path)
        }: ${problem}, as in "/api/" or "/@myorg/"`,
        at(item, [...path, i]),
      ),
    );
  }
}

function tunnelEntries(
  tunnel: Node | undefined,
  path: ValuePath,
  out: Diagnostic[],
): TunnelEntry[] {
  const entries: TunnelEntry[] = [];
  for (const [item, i] of stringItems(tunnel)) {
    const where = [...path, i];
    const entry = String(item.value);
    const parsed = parseEgressRule(entry);
    const reason = parsed.kind === "error"
      ? parsed.reason
      : parsed.rule.kind === "address"
      ? "a tunnel entry is a host name; an IP address is never intercepted anyway"
      : parsed.rule.port !== undefined
      ? `write the host without a port: it is kept as a tunnel on every port`
      : undefined;
    if (parsed.kind === "error" || reason !== undefined || parsed.rule.kind === "address") {
      out.push(
        diagnostic(
          "error",
          "invalid-tunnel",
          `invalid tunnel entry ${JSON.stringify(entry)} in ${toDisplay(path)}: ${reason}`,
          at(item, where),
        ),
      );
      continue;
    }
    const { rule } = parsed;
    const broad = rule.kind === "suffix" ? overBroadReason(rule.suffix) : undefined;
    if (broad !== undefined) {
      out.push(
        diagnostic(
          "error",
          "broad-wildcard",
          `${broad}; name the hosts to keep uninspected instead (in ${toDisplay(path)})`,
          at(item, where),
        ),
      );
      continue;
    }
    entries.push(
      rule.kind === "suffix"
        ? { kind: "suffix", name: rule.suffix, node: item, where }
        : { kind: "host", name: rule.host, node: item, where },
    );
  }
  return entries;
}

function checkPins(hosts: Node | undefined, path: ValuePath, out: Diagnostic[]): void {
  const seen = new Map<string, ValuePath>();
  for (const [key, value] of properties(hosts)) {
    const name = String(key.value);
    const where = [...path, name];
    const host = parsePinName(name);
    if (host.kind === "error") {
      out.push(
        diagnostic(
          "error",
          "invalid-host-pin",
          `invalid name ${JSON.stringify(name)} in ${toDisplay(path)}: ${host.reason}`,
          at(key, where),
        ),
      );
      continue;
    }
    const first = seen.get(host.value);
    if (first !== undefined) {
      out.push(
        diagnostic(
          "error",
          "invalid-host-pin",
          `${toDisplay(where)} pins the same host as ${toDisplay(first)}; keep one`,
          at(key, where),
        ),
      );
      continue;
    }
    seen.set(host.value, where);
    if (value?.type !== "string") continue;
    const address = parsePinAddress(String(value.value));
    if (address.kind === "error") {
      out.push(
        diagnostic(
          "error",
          "invalid-host-pin",
          `invalid address for ${toDisplay(where)}: ${address.reason}`,
          at(value, where),
        ),
      );
    }
  }
}

/**
 * Clashes between what the bottle and `defaults` grant together: a name both
 * a credential and an `env` variable, a credential's host variable also
 * copied by `env`, a credential host kept as a tunnel. Reported at the
 * bottle's own entry (a clash wholly inside `defaults` was reported there).
 */
function crossCheck(own: CredentialScope, parent: CredentialScope, out: Diagnostic[]): void {
  const env = new Map([...parent.env, ...own.env]);
  const credentials = new Map([...parent.credentials, ...own.credentials]);
  const ownEnv = new Set(own.env.values());
  const ownCredentials = new Set(own.credentials.values());
  for (const [name, credential] of credentials) {
    const mine = ownCredentials.has(credential);
    const same = env.get(name);
    if (same !== undefined && (mine || ownEnv.has(same))) {
      const [node, where] = mine ? [credential.node, credential.where] : [same.node, same.where];
      out.push(
        diagnostic(
          "error",
          "credential-env-clash",
          `${toDisplay(credential.where)} and ${
            toDisplay(same.where)
          } both set ${name}; the bottle's ${name} is the credential's phantom: remove it from env`,
          at(node, where),
        ),
      );
    }
    const from = credential.fromHost;
    if (from === undefined) continue;
    for (const grant of env.values()) {
      if (grant.fromHost !== from || !(mine || ownEnv.has(grant))) continue;
      const here = mine && credential.fromNode !== undefined
        ? at(credential.fromNode, [...credential.where, "fromHost"])
        : at(grant.node, grant.where);
      out.push(
        diagnostic(
          "error",
          "credential-in-env",
          `host variable ${from} is the real value of ${
            toDisplay(credential.where)
          } and is also copied into the bottle by ${
            toDisplay(grant.where)
          }; remove it from env: the bottle gets a phantom, the real value stays on the host`,
          here,
        ),
      );
    }
  }
  const tunnel = [...parent.tunnel, ...own.tunnel];
  const ownTunnel = new Set(own.tunnel);
  for (const entry of tunnel) {
    for (const [name, credential] of credentials) {
      const mine = ownCredentials.has(credential);
      if (!(mine || ownTunnel.has(entry))) continue;
      const host = credential.hosts.find((h) => tunnelCovers(entry, h));
      if (host === undefined) continue;
      out.push(
        diagnostic(
          "error",
          "credential-tunnel-clash",
          `${JSON.stringify(entry.kind === "suffix" ? `*.${entry.name}` : entry.name)} in ${
            toDisplay(entry.where.slice(0, -1))
          } covers ${
            host.kind === "suffix" ? `*.${host.name}` : host.name
          }, a host of credential ${name}: the swap needs that traffic intercepted; remove one of them`,
          ownTunnel.has(entry)
            ? at(entry.node, entry.where)
            : at(credential.node, credential.where),
        ),
      );
    }
  }
}

/** Whether a tunnel entry keeps any name of a credential host uninspected. */
function tunnelCovers(entry: TunnelEntry, host: CredentialHost): boolean {
  if (host.kind === "host") {
    return entry.kind === "host" ? entry.name === host.name : host.name.endsWith(`.${entry.name}`);
  }
  if (entry.kind === "host") {
    return credentialHostMatches(host, entry.name, host.port);
  }
  return host.name === entry.name || host.name.endsWith(`.${entry.name}`);
}

function isEnvName(value: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(value);
}
