/**
 * `egress.hosts`: a host name pinned to one fixed address, as `/etc/hosts`
 * would, but as a grant. The proxy dials the pinned address for that name
 * without asking DNS, and the address guard lets a loopback or private
 * address through for exactly that name — never for another name resolving
 * to it, never for the address written as an IP. This is how a bottle reaches
 * an internal service (or a test's loopback server) by name.
 */
import { looksNumeric, normaliseHostname } from "../egress_rule.ts";
import { forbiddenAddress } from "./address_class.ts";
import { parseIpv4 } from "./parse_ipv4.ts";
import { formatIpv6, parseIpv6 } from "./parse_ipv6.ts";

/** One parsed pin: a normalised host name and the canonical address it stands for. */
export interface HostPin {
  readonly host: string;
  readonly address: string;
}

/** The parsed pin, or a plain-words reason the entry is not one. */
export type HostPinResult =
  | { readonly kind: "pin"; readonly pin: HostPin }
  | Failure;

/** Why an entry is not a pin, in plain words. */
type Failure = { readonly kind: "error"; readonly reason: string };

/** Address classes no service listens on: a pin to one of them is a mistake. */
const NOT_A_SERVICE = new Set([
  "unspecified",
  "this-network",
  "multicast",
  "broadcast",
  "reserved",
]);

/** Parses one `egress.hosts` entry: `name` → `address`. */
export function parseHostPin(name: string, address: string): HostPinResult {
  const host = parsePinName(name);
  if (host.kind === "error") return host;
  const canonical = parsePinAddress(address);
  if (canonical.kind === "error") return canonical;
  return { kind: "pin", pin: { host: host.value, address: canonical.value } };
}

/** A pinned name, normalised: one exact host name, never a wildcard or an IP address. */
export function parsePinName(
  name: string,
): { readonly kind: "name"; readonly value: string } | Failure {
  if (name.includes("*")) return fail("a pinned name is one exact host name, not a wildcard");
  if (looksNumeric(name)) return fail(`"${name}" is an IP address; pin a host name to an address`);
  const normalised = normaliseHostname(name);
  if (normalised.kind === "error") return fail(normalised.reason);
  const host = normalised.name;
  // IDNA mapping can turn a Unicode name (full-width digits) into an IPv4 address.
  if (looksNumeric(host)) {
    return fail(`"${name}" is an IP address; pin a host name to an address`);
  }
  return { kind: "name", value: host };
}

/** A pin's address in canonical form: an IP address a service can listen on. */
export function parsePinAddress(
  address: string,
): { readonly kind: "address"; readonly value: string } | Failure {
  if (address.startsWith("[")) return fail("write the IPv6 address without brackets");
  const canonical = canonicalPinAddress(address);
  if (canonical === undefined) {
    return fail(
      `"${address}" is not an IP address: write four decimal numbers (127.0.0.1) or IPv6 (::1)`,
    );
  }
  const category = forbiddenAddress(canonical);
  if (category !== undefined && NOT_A_SERVICE.has(category)) {
    return fail(`${address} is an address no service listens on (${category})`);
  }
  return { kind: "address", value: canonical };
}

/** The address in the form the proxy dials and compares, or undefined when it is not one. */
function canonicalPinAddress(address: string): string | undefined {
  if (parseIpv4(address) !== undefined) return address;
  const words = parseIpv6(address);
  return words === undefined ? undefined : formatIpv6(words);
}

/**
 * Compiles the manifest's `egress.hosts` into frozen pins. The manifest
 * validator has refused bad entries already, so one here is a bug and throws.
 */
export function compileHostPins(hosts: Readonly<Record<string, string>>): readonly HostPin[] {
  const pins: HostPin[] = [];
  for (const [name, address] of Object.entries(hosts)) {
    const parsed = parseHostPin(name, address);
    if (parsed.kind === "error") {
      throw new Error(`egress.hosts entry ${JSON.stringify(name)} is invalid: ${parsed.reason}`);
    }
    const earlier = pins.find((pin) => pin.host === parsed.pin.host);
    if (earlier !== undefined && earlier.address !== parsed.pin.address) {
      throw new Error(`egress.hosts pins ${parsed.pin.host} to two addresses`);
    }
    if (earlier === undefined) pins.push(Object.freeze(parsed.pin));
  }
  return Object.freeze(pins);
}

/** The address `host` is pinned to, or undefined when DNS decides. */
export function pinnedAddressOf(pins: readonly HostPin[], host: string): string | undefined {
  return pins.find((pin) => pin.host === host)?.address;
}

function fail(reason: string): Failure {
  return { kind: "error", reason };
}
