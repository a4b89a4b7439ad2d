/**
 * The X.509 v3 extensions bottle's certificates carry (RFC 5280 §4.2), each
 * an encoded `Extension` ready for a certificate's extension list. Pure.
 */
import {
  boolean,
  type Bytes,
  implicitConstructed,
  implicitPrimitive,
  namedBits,
  octetString,
  oid,
  sequence,
  smallInteger,
} from "./der.ts";

/** Extension OIDs (id-ce, RFC 5280 §4.2.1). */
const EXTENSION = {
  subjectKeyIdentifier: "2.5.29.14",
  keyUsage: "2.5.29.15",
  subjectAltName: "2.5.29.17",
  basicConstraints: "2.5.29.19",
  nameConstraints: "2.5.29.30",
  authorityKeyIdentifier: "2.5.29.35",
  extKeyUsage: "2.5.29.37",
} as const;

/** id-kp-serverAuth (RFC 5280 §4.2.1.12). */
const SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

/** keyUsage bits (RFC 5280 §4.2.1.3). */
export const KEY_USAGE = {
  digitalSignature: 0,
  keyCertSign: 5,
  cRLSign: 6,
} as const;

/** GeneralName choices used here: `[2] dNSName`, `[7] iPAddress` (both IMPLICIT, primitive). */
const DNS_NAME = 2;
const IP_ADDRESS = 7;

/** An `Extension`: its OID, `critical` only when true (DER omits a default), and the value's DER. */
function extension(id: string, critical: boolean, value: Uint8Array): Bytes {
  return critical
    ? sequence(oid(id), boolean(true), octetString(value))
    : sequence(oid(id), octetString(value));
}

/** basicConstraints of a CA that may sign only end-entity certificates (pathLen 0), critical. */
export function caBasicConstraints(pathLength = 0): Bytes {
  return extension(
    EXTENSION.basicConstraints,
    true,
    sequence(boolean(true), smallInteger(pathLength)),
  );
}

/** basicConstraints of an end entity (cA FALSE, the default, so an empty SEQUENCE), critical. */
export function leafBasicConstraints(): Bytes {
  return extension(EXTENSION.basicConstraints, true, sequence());
}

/** keyUsage with the given bits, critical. */
export function keyUsage(bits: readonly number[]): Bytes {
  return extension(EXTENSION.keyUsage, true, namedBits(bits));
}

/** extKeyUsage: TLS server authentication only. */
export function serverAuthOnly(): Bytes {
  return extension(EXTENSION.extKeyUsage, false, sequence(oid(SERVER_AUTH)));
}

const ascii = new TextEncoder();

/**
 * subjectAltName listing DNS names; critical when the subject is empty
 * (RFC 5280 §4.2.1.6).
 */
export function dnsSubjectAltName(names: readonly string[], critical: boolean): Bytes {
  const general = names.map((name) => implicitPrimitive(DNS_NAME, ascii.encode(name)));
  return extension(EXTENSION.subjectAltName, critical, sequence(...general));
}

/** subjectKeyIdentifier. */
export function subjectKeyIdentifier(id: Uint8Array): Bytes {
  return extension(EXTENSION.subjectKeyIdentifier, false, octetString(id));
}

/** authorityKeyIdentifier naming the issuer's key by its identifier (`[0] keyIdentifier`). */
export function authorityKeyIdentifier(id: Uint8Array): Bytes {
  return extension(
    EXTENSION.authorityKeyIdentifier,
    false,
    sequence(implicitPrimitive(0, id)),
  );
}

/**
 * nameConstraints (critical, as RFC 5280 §4.2.1.10 requires): DNS names
 * permitted only at or under `permittedDns`, and — with `excludeAllIps` —
 * no IPv4 or IPv6 address at all (the iPAddress subtrees 0.0.0.0/0 and ::/0),
 * so a certificate naming an address cannot chain to the CA either.
 */
export function nameConstraints(
  permittedDns: readonly string[],
  excludeAllIps: boolean,
): Bytes {
  if (permittedDns.length === 0) throw new RangeError("nameConstraints needs a permitted name");
  const subtree = (generalName: Uint8Array) => sequence(generalName);
  const permitted = implicitConstructed(
    0,
    ...permittedDns.map((name) => subtree(implicitPrimitive(DNS_NAME, ascii.encode(name)))),
  );
  const excluded = excludeAllIps
    ? [
      implicitConstructed(
        1,
        subtree(implicitPrimitive(IP_ADDRESS, new Uint8Array(8))),
        subtree(implicitPrimitive(IP_ADDRESS, new Uint8Array(32))),
      ),
    ]
    : [];
  return extension(EXTENSION.nameConstraints, true, sequence(permitted, ...excluded));
}
