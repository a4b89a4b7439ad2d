/**
 * The grammar of one egress allowlist entry (`host`, `*.suffix`, `host:port`,
 * `*.suffix:port`, `ip:port`, `[ipv6]:port`). Pure: the manifest checker uses
 * it to report mistakes, and the egress proxy uses the parsed rules to decide.
 */

/** One parsed allowlist entry. A missing port means "the scheme's default port". */
export type EgressRule =
  | { readonly kind: "host"; readonly host: string; readonly port?: number }
  | { readonly kind: "suffix"; readonly suffix: string; readonly port?: number }
  | { readonly kind: "address"; readonly address: string; readonly port: number };

/** The parsed rule, or a plain-words reason the entry is not one. */
export type EgressRuleResult =
  | { readonly kind: "rule"; readonly rule: EgressRule }
  | { readonly kind: "error"; readonly reason: string };

/** A host name in its one spelling, or why it is not a host name. */
export type HostnameResult =
  | { readonly kind: "name"; readonly name: string }
  | { readonly kind: "error"; readonly reason: string };

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
const DOTTED_QUAD =
  /^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3}$/;

const IPV4_FORM = "write IPv4 addresses as four decimal numbers, such as 127.0.0.1:8080";

/** Parses one allowlist entry as written in the manifest. */
export function parseEgressRule(entry: string): EgressRuleResult {
  if (entry.trim() !== entry || entry === "") {
    return fail("remove the spaces around the entry");
  }
  if (/[/?#@\s]/.test(entry) || entry.includes("://")) {
    return fail(
      'write only a host and optional port, such as "api.github.com" or "example.com:8443"',
    );
  }
  if (entry.startsWith("[")) return parseBracketed(entry);

  const colon = entry.lastIndexOf(":");
  if (colon !== -1 && entry.indexOf(":") !== colon) {
    return fail('write IPv6 addresses in brackets with a port, such as "[2001:db8::1]:443"');
  }
  const hostPart = colon === -1 ? entry : entry.slice(0, colon);
  let port: number | undefined;
  if (colon !== -1) {
    const parsed = parsePort(entry.slice(colon + 1));
    if (typeof parsed === "string") return fail(parsed);
    port = parsed;
  }

  if (hostPart === "*" || hostPart === "*.") {
    return fail("a bare wildcard would allow every host; name the hosts instead");
  }
  const wildcard = hostPart.startsWith("*.");
  const name = wildcard ? hostPart.slice(2) : hostPart;
  if (name.includes("*")) {
    return fail('a wildcard may only be the whole first label, as in "*.example.com"');
  }
  if (looksNumeric(name)) {
    if (wildcard) return fail("a wildcard cannot cover an IP address");
    if (!DOTTED_QUAD.test(name)) {
      return fail(IPV4_FORM);
    }
    if (port === undefined) {
      return fail(`an IP address needs a port: write "${name}:PORT" to grant exactly that address`);
    }
    return { kind: "rule", rule: { kind: "address", address: name, port } };
  }
  const normalised = normaliseHostname(name);
  if (normalised.kind === "error") return fail(normalised.reason);
  const host = normalised.name;
  // IDNA mapping can turn a Unicode name (full-width digits) into an IPv4 address.
  if (looksNumeric(host)) {
    return fail(wildcard ? "a wildcard cannot cover an IP address" : IPV4_FORM);
  }
  if (wildcard) {
    return {
      kind: "rule",
      rule: { kind: "suffix", suffix: host, ...(port === undefined ? {} : { port }) },
    };
  }
  return { kind: "rule", rule: { kind: "host", host, ...(port === undefined ? {} : { port }) } };
}

/** Lowercases, strips one trailing dot, converts Unicode to punycode and checks each label. */
export function normaliseHostname(name: string): HostnameResult {
  let host = name.endsWith(".") ? name.slice(0, -1) : name;
  if (host === "") return { kind: "error", reason: "the host name is empty" };
  const chars = [...host];
  if (chars.some((c) => c.charCodeAt(0) > 0x7f)) {
    // The URL parser would read a backslash as the start of a path and decode "%XX":
    // beside Unicode letters, only ASCII letters, digits, "." and "-" may appear.
    if (chars.some((c) => c.charCodeAt(0) <= 0x7f && !/[a-z0-9.-]/i.test(c))) {
      return { kind: "error", reason: `"${name}" is not a valid host name` };
    }
    try {
      host = new URL(`http://${host}/`).hostname;
    } catch {
      return { kind: "error", reason: `"${name}" is not a valid host name` };
    }
  }
  host = host.toLowerCase();
  if (host.length > 253) return { kind: "error", reason: "a host name is at most 253 characters" };
  for (const label of host.split(".")) {
    if (!LABEL.test(label)) {
      return {
        kind: "error",
        reason: label === ""
          ? `"${name}" has an empty label (two dots in a row)`
          : `"${label}" is not a valid host name label: use letters, digits and "-", at most 63, not starting or ending with "-"`,
      };
    }
  }
  return { kind: "name", name: host };
}

function parseBracketed(entry: string): EgressRuleResult {
  const close = entry.indexOf("]");
  if (close === -1) return fail('an IPv6 address needs a closing "]"');
  const inside = entry.slice(1, close);
  const rest = entry.slice(close + 1);
  if (inside.includes("%")) return fail("IPv6 zone identifiers are not allowed");
  let canonical: string;
  try {
    canonical = new URL(`http://[${inside}]/`).hostname.slice(1, -1);
  } catch {
    return fail(`"${inside}" is not a valid IPv6 address`);
  }
  if (!rest.startsWith(":")) {
    return fail(
      `an IP address needs a port: write "[${inside}]:PORT" to grant exactly that address`,
    );
  }
  const port = parsePort(rest.slice(1));
  if (typeof port === "string") return fail(port);
  return { kind: "rule", rule: { kind: "address", address: canonical, port } };
}

function parsePort(text: string): number | string {
  if (!/^[0-9]{1,5}$/.test(text) || (text.length > 1 && text.startsWith("0"))) {
    return `"${text}" is not a port: use a number from 1 to 65535`;
  }
  const port = Number(text);
  if (port < 1 || port > 65535) return `port ${text} is outside 1 to 65535`;
  return port;
}

/** True for anything a URL parser might read as an IPv4 address (`127.1`, `0x7f.1`, `2130706433`). */
export function looksNumeric(name: string): boolean {
  const last = name.endsWith(".") ? name.slice(0, -1).split(".").pop() : name.split(".").pop();
  return last !== undefined && /^(0x[0-9a-f]*|[0-9]+)$/i.test(last);
}

function fail(reason: string): EgressRuleResult {
  return { kind: "error", reason };
}
