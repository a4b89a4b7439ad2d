/**
 * Whether the proxy will terminate a ClientHello for an intercepted host:
 * everything a TLS tunnel must pass (one SNI equal to the CONNECT host, no
 * ECH — {@link checkClientHello}), and also TLS 1.2 or newer offered, and
 * HTTP/1.1 spoken inside — the only protocol the proxy parses. A client
 * offering ALPN must list `http/1.1`; one offering none is taken to speak it
 * (HTTP/1.1 is what TLS without ALPN carries). Pure.
 */
import { ALLOW, type Decision, deny } from "../decision.ts";
import { checkClientHello } from "./check_client_hello.ts";
import type { ClientHelloResult } from "./parse_client_hello.ts";

/** Deny codes of a ClientHello the proxy will not terminate (besides {@link TLS_CODES}). */
export const INTERCEPT_CODES = {
  version: "egress.tls_version",
  alpn: "egress.tls_alpn",
} as const;

/** The protocol spoken inside intercepted TLS, as ALPN names it. */
export const HTTP_1_1 = "http/1.1";

/** TLS 1.2 and 1.3 as ProtocolVersion values. */
const TLS_1_2 = 0x0303;
const TLS_1_3 = 0x0304;

/** Decides on a parsed ClientHello for an intercepted `host` (a normalised name). */
export function checkInterceptHello(hello: ClientHelloResult, host: string): Decision {
  const tunnel = checkClientHello(hello, host);
  if (tunnel.kind === "deny" || hello.kind !== "hello") return tunnel;
  if (!hello.versions.some((v) => v === TLS_1_2 || v === TLS_1_3)) {
    return deny(
      INTERCEPT_CODES.version,
      "the client offers only TLS versions older than 1.2; the proxy speaks TLS 1.2 and 1.3",
    );
  }
  if (hello.alpn !== undefined && !hello.alpn.includes(HTTP_1_1)) {
    const offered = hello.alpn.map((name) => JSON.stringify(name)).join(", ").slice(0, 200);
    return deny(
      INTERCEPT_CODES.alpn,
      `the client offers only ${offered} over ALPN; inside intercepted TLS the proxy speaks http/1.1`,
    );
  }
  return ALLOW;
}
