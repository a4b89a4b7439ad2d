/**
 * Which of a bottle's HTTPS traffic the egress proxy decrypts (intercepts)
 * and which stays an opaque tunnel — one answer for the supervisor (the CA's
 * names, the proxy's `intercepts`), the agent's environment (whether a CA
 * exists) and the preflight. Every name the allowlist grants on a TLS port is
 * intercepted, unless `egress.tunnel` keeps it opaque; an IP grant never is.
 * The TLS ports are 443 and every port a credential host names. Pure.
 */
import { parseEgressRule } from "../../proxy/egress_rule.ts";
import { permittedSubtrees } from "../../proxy/tls/permitted_names.ts";
import { egressGrants } from "./egress_grants.ts";
import type { BottlePlan } from "./plan.ts";

/** The port of HTTPS, always a TLS port. */
export const HTTPS_PORT = 443;

/**
 * Why an allowlist entry's tunnels are not decrypted: kept by `egress.tunnel`,
 * an IP address (a certificate names a host), or a port not known to carry
 * TLS (a CONNECT there carries whatever the client sends).
 */
export type OpaqueReason = "tunnel" | "address" | "port";

/** One allowlist entry and whether its TLS connections are decrypted. */
export interface EntryInspection {
  readonly entry: string;
  /** Names of the credentials whose hosts this entry is; empty for a manifest entry. */
  readonly credentials: readonly string[];
  readonly inspected: boolean;
  /** Set when not inspected. */
  readonly why?: OpaqueReason;
}

/** A bottle's interception, decided from its plan. */
export interface Interception {
  /** Ports whose CONNECTs must be TLS naming the CONNECT host: 443 and each credential port. */
  readonly tlsPorts: readonly number[];
  /** Every allowlist entry, in the preflight's order, with its inspection. */
  readonly entries: readonly EntryInspection[];
  /** The inspected entries' hosts (`host`, `*.suffix`): what the CA is made for; empty: no CA. */
  readonly caHosts: readonly string[];
  /** The DNS subtrees the CA may sign for (its nameConstraints); empty: no CA. */
  readonly caSubtrees: readonly string[];
}

/** One `egress.tunnel` entry, normalised. */
type TunnelRule =
  | { readonly kind: "host"; readonly name: string }
  | { readonly kind: "suffix"; readonly name: string };

/** The interception of `plan`. */
export function interceptionOf(
  plan: Pick<BottlePlan, "egressAllow" | "credentials" | "egressTunnel">,
): Interception {
  const grants = egressGrants(plan);
  const tunnel = tunnelRules(plan.egressTunnel);
  const ports = new Set([HTTPS_PORT]);
  for (const grant of grants) {
    if (grant.credentials.length === 0) continue;
    const parsed = parseEgressRule(grant.entry);
    if (parsed.kind === "rule" && parsed.rule.port !== undefined) ports.add(parsed.rule.port);
  }
  const tlsPorts = [...ports].sort((a, b) => a - b);
  const caHosts: string[] = [];
  const entries = grants.map(({ entry, credentials }): EntryInspection => {
    const parsed = parseEgressRule(entry);
    // The manifest check refused anything else; an entry that does not parse grants nothing.
    if (parsed.kind === "error" || parsed.rule.kind === "address") {
      return { entry, credentials, inspected: false, why: "address" };
    }
    const { rule } = parsed;
    if (!ports.has(rule.port ?? HTTPS_PORT)) {
      return { entry, credentials, inspected: false, why: "port" };
    }
    const host = rule.kind === "host" ? rule.host : `*.${rule.suffix}`;
    const kept = rule.kind === "host"
      ? tunnelled(tunnel, rule.host)
      : tunnel.some((t) => t.kind === "suffix" && covers(t.name, rule.suffix));
    if (kept) return { entry, credentials, inspected: false, why: "tunnel" };
    if (!caHosts.includes(host)) caHosts.push(host);
    return { entry, credentials, inspected: true };
  });
  return {
    tlsPorts,
    entries,
    caHosts,
    caSubtrees: caHosts.length === 0 ? [] : permittedSubtrees(caHosts),
  };
}

/**
 * The egress proxy's question for a CONNECT the allowlist allowed to a name:
 * decrypt it? Yes on a TLS port unless `egress.tunnel` keeps the name opaque.
 */
export function interceptsOf(
  plan: Pick<BottlePlan, "egressAllow" | "credentials" | "egressTunnel">,
): (host: string, port: number) => boolean {
  const ports = new Set(interceptionOf(plan).tlsPorts);
  const tunnel = tunnelRules(plan.egressTunnel);
  return (host, port) => ports.has(port) && !tunnelled(tunnel, host);
}

/** Whether `egress.tunnel` keeps the normalised name `host` opaque. */
function tunnelled(tunnel: readonly TunnelRule[], host: string): boolean {
  return tunnel.some((t) => t.kind === "host" ? t.name === host : host.endsWith(`.${t.name}`));
}

/** Whether a `*.suffix` tunnel entry for `tunnelSuffix` covers every name below `suffix`. */
function covers(tunnelSuffix: string, suffix: string): boolean {
  return suffix === tunnelSuffix || suffix.endsWith(`.${tunnelSuffix}`);
}

function tunnelRules(entries: readonly string[]): TunnelRule[] {
  const rules: TunnelRule[] = [];
  for (const entry of entries) {
    const parsed = parseEgressRule(entry);
    // The manifest check refused ports and addresses here; one that slipped through keeps nothing.
    if (parsed.kind === "error" || parsed.rule.kind === "address") continue;
    const { rule } = parsed;
    rules.push(
      rule.kind === "host"
        ? { kind: "host", name: rule.host }
        : { kind: "suffix", name: rule.suffix },
    );
  }
  return rules;
}
