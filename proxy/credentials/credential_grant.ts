/**
 * A granted credential as the supervisor holds it: the variable name the
 * bottle knows it by, its phantom, its real value, and where the real value
 * may go — hosts (an exact name, or `*.domain` for names exactly one label
 * below it; port 443 unless written) and optional path prefixes. Pure: the
 * manifest's strings in, matchers out.
 */
import { parseEgressRule } from "../egress_rule.ts";

/** One host a credential may go to. */
export interface CredentialHost {
  /** `host`: exactly `name`; `suffix`: a name exactly one label below `name`. */
  readonly kind: "host" | "suffix";
  readonly name: string;
  readonly port: number;
}

/** The parsed host, or a plain-words reason the entry is not one. */
export type CredentialHostResult =
  | { readonly kind: "host"; readonly host: CredentialHost }
  | { readonly kind: "error"; readonly reason: string };

/** The port a credential host without one means: HTTPS. */
export const CREDENTIAL_DEFAULT_PORT = 443;

/**
 * Parses one entry of a credential's `hosts`: `host`, `*.domain`, with an
 * optional `:port` (default 443). An IP address is refused: the swap happens
 * inside TLS, which names a host.
 */
export function parseCredentialHost(entry: string): CredentialHostResult {
  const parsed = parseEgressRule(entry);
  if (parsed.kind === "error") return parsed;
  const { rule } = parsed;
  const port = rule.port ?? CREDENTIAL_DEFAULT_PORT;
  switch (rule.kind) {
    case "address":
      return {
        kind: "error",
        reason:
          "a credential goes to a host name (its TLS certificate names one), not an IP address",
      };
    case "suffix":
      return { kind: "host", host: { kind: "suffix", name: rule.suffix, port } };
    default:
      return { kind: "host", host: { kind: "host", name: rule.host, port } };
  }
}

/**
 * Whether `host` grants the normalised name and port: an exact name, or a
 * name exactly one label below a wildcard's domain (`*.github.com` grants
 * `api.github.com`, not `github.com` and not `a.b.github.com`).
 */
export function credentialHostMatches(host: CredentialHost, name: string, port: number): boolean {
  if (host.port !== port) return false;
  if (host.kind === "host") return name === host.name;
  if (!name.endsWith(`.${host.name}`)) return false;
  const label = name.slice(0, -host.name.length - 1);
  return label !== "" && !label.includes(".");
}

/**
 * Whether a request target's path (origin-form; the query is ignored) starts
 * with one of `prefixes` — every path when there are none. The path is
 * percent-decoded once first (npm asks for `/@scope%2fname`); a path that
 * does not decode, or that holds a `.`/`..` segment or a backslash after
 * decoding, matches no prefix: a server could read it as another path.
 */
export function pathGranted(prefixes: readonly string[], target: string): boolean {
  if (prefixes.length === 0) return true;
  const end = target.search(/[?#]/);
  const raw = end === -1 ? target : target.slice(0, end);
  let path: string;
  try {
    path = decodeURIComponent(raw);
  } catch {
    return false;
  }
  if (!path.startsWith("/") || /[\\\0]/.test(path)) return false;
  if (path.split("/").some((segment) => segment === "." || segment === "..")) return false;
  return prefixes.some((prefix) => path.startsWith(prefix));
}

/**
 * Why a manifest path prefix cannot be one, or undefined: it must start with
 * `/`, and hold no query, fragment, space, backslash or `.`/`..` segment
 * (the request paths it is compared with never match those).
 */
export function credentialPathProblem(prefix: string): string | undefined {
  if (!prefix.startsWith("/")) return 'a path prefix starts with "/"';
  if (/[?#]/.test(prefix)) return "a path prefix has no query or fragment";
  if (/[\s\\]/.test(prefix)) return "a path prefix has no spaces or backslashes";
  if (prefix.split("/").some((segment) => segment === "." || segment === "..")) {
    return 'a path prefix has no "." or ".." segments';
  }
  return undefined;
}

/** What the manifest and the supervisor say about one credential. */
export interface CredentialSpec {
  /** The variable the bottle holds the phantom in (`GH_TOKEN`). */
  readonly name: string;
  readonly phantom: string;
  readonly real: string;
  /** Host entries as written: `host`, `*.domain`, optionally with `:port`. */
  readonly hosts: readonly string[];
  /** Path prefixes the real value may go to on those hosts; empty: any path. */
  readonly paths: readonly string[];
}

/** A credential compiled for lookups. */
export interface CredentialGrant {
  readonly name: string;
  readonly phantom: string;
  readonly real: string;
  readonly hosts: readonly CredentialHost[];
  readonly paths: readonly string[];
}

/** Label of a credential's real value among the supervisor's known secrets. */
export function credentialLabel(name: string): string {
  return `credential:${name}`;
}

/** Label of a credential's phantom among the supervisor's known secrets. */
export function credentialPhantomLabel(name: string): string {
  return `credential_phantom:${name}`;
}

/**
 * Why a real value cannot be written into a request head, or undefined: a
 * line break or other control character would end the header it is swapped
 * into and start another (header injection), and an empty value is no
 * credential.
 */
export function realValueProblem(real: string): string | undefined {
  if (real === "") return "the value is empty";
  // deno-lint-ignore no-control-regex -- control characters are what is refused
  if (/[\0-\x1f\x7f]/.test(real)) return "the value holds a line break or control character";
  return undefined;
}

/**
 * Compiles one credential; throws on what the manifest check and the start
 * refuse (a bad host, a real value that could break a request head), since
 * one here is a bug.
 */
export function compileCredentialGrant(spec: CredentialSpec): CredentialGrant {
  const hosts = spec.hosts.map((entry) => {
    const parsed = parseCredentialHost(entry);
    if (parsed.kind === "error") {
      throw new Error(`credential ${spec.name}: host ${JSON.stringify(entry)}: ${parsed.reason}`);
    }
    return Object.freeze(parsed.host);
  });
  if (hosts.length === 0) throw new Error(`credential ${spec.name} has no hosts`);
  const problem = realValueProblem(spec.real);
  if (problem !== undefined) throw new Error(`credential ${spec.name}: ${problem}`);
  if (spec.phantom === "" || spec.phantom === spec.real) {
    throw new Error(`credential ${spec.name} has no phantom of its own`);
  }
  return Object.freeze({
    name: spec.name,
    phantom: spec.phantom,
    real: spec.real,
    hosts: Object.freeze(hosts),
    paths: Object.freeze([...spec.paths]),
  });
}
