/**
 * An X.509 v3 certificate (RFC 5280 §4.1) signed with ECDSA P-256 and
 * SHA-256: the to-be-signed part is built from plain fields, signed with a
 * WebCrypto key (which may be non-extractable: only `sign` is asked of it),
 * and the signature re-encoded from WebCrypto's r‖s form to the DER
 * `Ecdsa-Sig-Value` certificates carry.
 */
import {
  bitString,
  type Bytes,
  certificateTime,
  explicit,
  oid,
  sequence,
  setOf,
  smallInteger,
  unsignedInteger,
  utf8String,
} from "./der.ts";

/** ecdsa-with-SHA256 (RFC 5758 §3.2): no parameters. */
const ECDSA_WITH_SHA256 = sequence(oid("1.2.840.10045.4.3.2"));

/** id-at-commonName and id-at-organizationName. */
const COMMON_NAME = "2.5.4.3";
const ORGANIZATION = "2.5.4.10";

/** ECDSA P-256 with SHA-256, as WebCrypto names it. */
export const ECDSA_P256: EcKeyGenParams = { name: "ECDSA", namedCurve: "P-256" };
const SIGN_SHA256: EcdsaParams = { name: "ECDSA", hash: "SHA-256" };

/** What a certificate says, with its names and keys already encoded. */
export interface CertificateFields {
  /** Positive, at most 20 bytes (RFC 5280 §4.1.2.2). */
  readonly serial: Uint8Array;
  /** The issuer's encoded Name (the subject of the CA, byte for byte). */
  readonly issuer: Uint8Array;
  readonly subject: Uint8Array;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** The subject's encoded SubjectPublicKeyInfo (WebCrypto's `spki` export). */
  readonly publicKeyInfo: Uint8Array;
  /** Encoded extensions, in order. */
  readonly extensions: readonly Uint8Array[];
}

/** A Name of one CommonName and, if given, one organizationName; both UTF8String. */
export function distinguishedName(commonName?: string, organization?: string): Bytes {
  const rdn = (type: string, value: string) => setOf(sequence(oid(type), utf8String(value)));
  const parts: Uint8Array[] = [];
  if (organization !== undefined) parts.push(rdn(ORGANIZATION, organization));
  if (commonName !== undefined) parts.push(rdn(COMMON_NAME, commonName));
  return sequence(...parts);
}

/** The TBSCertificate: the bytes the issuer signs. */
export function tbsCertificate(fields: CertificateFields): Bytes {
  if (fields.serial.length === 0 || fields.serial.length > 20) {
    throw new RangeError("a serial number has 1 to 20 bytes");
  }
  if (fields.notAfter.getTime() <= fields.notBefore.getTime()) {
    throw new RangeError("a certificate must end after it begins");
  }
  const parts = [
    explicit(0, smallInteger(2)), // v3
    unsignedInteger(fields.serial),
    ECDSA_WITH_SHA256,
    fields.issuer,
    sequence(certificateTime(fields.notBefore), certificateTime(fields.notAfter)),
    fields.subject,
    fields.publicKeyInfo,
  ];
  if (fields.extensions.length > 0) parts.push(explicit(3, sequence(...fields.extensions)));
  return sequence(...parts);
}

/**
 * WebCrypto's ECDSA signature (r and s, each 32 bytes, IEEE P1363) as the DER
 * `SEQUENCE { r INTEGER, s INTEGER }` a certificate carries.
 */
export function ecdsaSignatureDer(rs: Uint8Array): Bytes {
  if (rs.length === 0 || rs.length % 2 !== 0) throw new RangeError("not an r‖s signature");
  const half = rs.length / 2;
  return sequence(unsignedInteger(rs.subarray(0, half)), unsignedInteger(rs.subarray(half)));
}

/** The signed Certificate from its TBS bytes and the DER signature over them. */
export function assembleCertificate(tbs: Uint8Array, signature: Uint8Array): Bytes {
  return sequence(tbs, ECDSA_WITH_SHA256, bitString(signature));
}

/** Builds and signs a certificate with `issuerKey` (an ECDSA P-256 private key). */
export async function signCertificate(
  fields: CertificateFields,
  issuerKey: CryptoKey,
): Promise<Bytes> {
  const tbs = tbsCertificate(fields);
  const rs = new Uint8Array(await crypto.subtle.sign(SIGN_SHA256, issuerKey, tbs));
  return assembleCertificate(tbs, ecdsaSignatureDer(rs));
}

/** A fresh serial: 16 random bytes, first byte in 0x01–0x7f (positive, no leading zero). */
export function randomSerial(): Bytes {
  const serial = crypto.getRandomValues(new Uint8Array(16));
  serial[0] = (serial[0]! & 0x7f) | 0x01;
  return serial;
}

/**
 * The key identifier of a public key (RFC 5280 §4.2.1.2, method 1): SHA-1 of
 * the subjectPublicKey bits, which for an EC key is its raw point.
 */
export async function keyIdentifier(publicKey: CryptoKey): Promise<Bytes> {
  const raw = await crypto.subtle.exportKey("raw", publicKey);
  return new Uint8Array(await crypto.subtle.digest("SHA-1", raw));
}

/** The encoded SubjectPublicKeyInfo of a public key. */
export async function publicKeyInfo(publicKey: CryptoKey): Promise<Bytes> {
  return new Uint8Array(await crypto.subtle.exportKey("spki", publicKey));
}
