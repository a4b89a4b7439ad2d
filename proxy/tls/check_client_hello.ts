/**
 * Whether a tunnel's ClientHello is TLS to the host its CONNECT named: a
 * ClientHello with exactly one `host_name`, equal to the CONNECT host after
 * the same normalisation (lower case, no trailing dot), and no Encrypted
 * Client Hello, whose inner, encrypted name the proxy cannot see. Pure.
 */
import { ALLOW, type Decision, deny } from "../decision.ts";
import { normaliseHostname } from "../egress_rule.ts";
import type { ClientHelloResult } from "./parse_client_hello.ts";

/** Deny codes of a tunnel whose first bytes are not TLS to the named host. */
export const TLS_CODES = {
  notTls: "egress.not_tls",
  noSni: "egress.no_sni",
  sniMismatch: "egress.sni_mismatch",
  ech: "egress.ech",
  tooLarge: "egress.tls_hello_too_large",
  timeout: "egress.tls_hello_timeout",
} as const;

/**
 * Decides on a parsed ClientHello for a tunnel to `host` (a normalised name).
 * `incomplete` is the caller's to wait on; here it denies, as a client that
 * ended its stream there sent no ClientHello.
 */
export function checkClientHello(hello: ClientHelloResult, host: string): Decision {
  switch (hello.kind) {
    case "incomplete":
      return deny(TLS_CODES.notTls, "the tunnel ended before a whole TLS ClientHello");
    case "not_tls":
      return deny(TLS_CODES.notTls, `a tunnel to port 443 must carry TLS: ${hello.reason}`);
    case "too_large":
      return deny(TLS_CODES.tooLarge, "the TLS ClientHello is larger than the proxy reads");
  }
  if (hello.ech) {
    return deny(
      TLS_CODES.ech,
      "Encrypted Client Hello hides the server name from the proxy; turn ECH off for this client",
    );
  }
  if (hello.hostNames.length === 0) {
    return deny(TLS_CODES.noSni, `the TLS ClientHello names no server; send SNI "${host}"`);
  }
  if (hello.hostNames.length > 1 || hello.otherNames > 0) {
    return deny(TLS_CODES.sniMismatch, "the TLS ClientHello names more than one server");
  }
  const sent = hello.hostNames[0]!;
  const name = /^[\x21-\x7e]+$/.test(sent) ? normaliseHostname(sent) : undefined;
  if (name?.kind !== "name" || name.name !== host) {
    return deny(
      TLS_CODES.sniMismatch,
      `the TLS ClientHello names another server than the CONNECT target ${host}`,
    );
  }
  return ALLOW;
}
