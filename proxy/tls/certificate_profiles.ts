/**
 * What bottle's two kinds of certificate say — the CA's and a leaf's — as
 * plain fields for {@link signCertificate}. Pure: keys, clocks and the
 * decision which names may be signed are the caller's.
 */
import type { Bytes } from "./der.ts";
import { type CertificateFields, distinguishedName } from "./x509_certificate.ts";
import {
  authorityKeyIdentifier,
  caBasicConstraints,
  dnsSubjectAltName,
  KEY_USAGE,
  keyUsage,
  leafBasicConstraints,
  nameConstraints,
  serverAuthOnly,
  subjectKeyIdentifier,
} from "./x509_extensions.ts";

/** The longest common name X.520 allows (ub-common-name). */
const MAX_COMMON_NAME = 64;

/** A CA's subject and key, as its leaves refer to them. */
export interface IssuerIdentity {
  readonly subject: Bytes;
  readonly keyId: Bytes;
}

/** What varies between two CAs. */
export interface CaProfile {
  readonly bottle: string;
  readonly serial: Bytes;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly publicKeyInfo: Bytes;
  readonly keyId: Bytes;
  /** DNS subtrees for nameConstraints (all IP addresses excluded too); undefined: none. */
  readonly subtrees?: readonly string[];
}

/** The subject of a bottle's CA: `CN=bottle <name> CA, O=bottle`. */
export function caSubject(bottle: string): Bytes {
  return distinguishedName(`bottle ${bottle} CA`, "bottle");
}

/**
 * A self-signed CA that may sign end-entity certificates only (basicConstraints
 * CA:TRUE, pathLen 0, critical; keyUsage keyCertSign and cRLSign, critical)
 * and, with `subtrees`, only for names in them.
 */
export function caFields(profile: CaProfile): CertificateFields {
  const subject = caSubject(profile.bottle);
  return {
    serial: profile.serial,
    issuer: subject,
    subject,
    notBefore: profile.notBefore,
    notAfter: profile.notAfter,
    publicKeyInfo: profile.publicKeyInfo,
    extensions: [
      caBasicConstraints(0),
      keyUsage([KEY_USAGE.keyCertSign, KEY_USAGE.cRLSign]),
      subjectKeyIdentifier(profile.keyId),
      ...(profile.subtrees === undefined ? [] : [nameConstraints(profile.subtrees, true)]),
    ],
  };
}

/** What varies between two leaves. */
export interface LeafProfile {
  readonly issuer: IssuerIdentity;
  readonly name: string;
  readonly serial: Bytes;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly publicKeyInfo: Bytes;
}

/**
 * A TLS server certificate for one DNS name: the name in subjectAltName (and
 * as the common name when it fits; with an empty subject the SAN is critical,
 * RFC 5280 §4.2.1.6), keyUsage digitalSignature, extKeyUsage serverAuth, not
 * a CA, and the issuer's key identifier.
 */
export function leafFields(profile: LeafProfile): CertificateFields {
  const fits = profile.name.length <= MAX_COMMON_NAME;
  return {
    serial: profile.serial,
    issuer: profile.issuer.subject,
    subject: fits ? distinguishedName(profile.name) : distinguishedName(),
    notBefore: profile.notBefore,
    notAfter: profile.notAfter,
    publicKeyInfo: profile.publicKeyInfo,
    extensions: [
      leafBasicConstraints(),
      keyUsage([KEY_USAGE.digitalSignature]),
      serverAuthOnly(),
      dnsSubjectAltName([profile.name], !fits),
      authorityKeyIdentifier(profile.issuer.keyId),
    ],
  };
}
