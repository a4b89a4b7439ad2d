/**
 * A bottle's own certificate authority, made by the supervisor at start. Its
 * private key is a non-extractable WebCrypto key: it exists only in the
 * supervisor's memory, is never written anywhere, and dies with the process.
 * The CA signs only end-entity certificates (pathLen 0), and — when given the
 * hosts it will intercept — only for those names: its nameConstraints say so
 * to every client, and `issue` refuses any other name before signing.
 */
import { normaliseHostname } from "../egress_rule.ts";
import { caFields, caSubject, type IssuerIdentity, leafFields } from "./certificate_profiles.ts";
import type { Bytes } from "./der.ts";
import { isPermitted, permittedSubtrees } from "./permitted_names.ts";
import { toPem } from "./pem.ts";
import {
  ECDSA_P256,
  keyIdentifier,
  publicKeyInfo,
  randomSerial,
  signCertificate,
} from "./x509_certificate.ts";

const HOUR_MS = 3_600_000;

/** How long a CA lives when not told: a week, the longest a bottle runs. */
export const DEFAULT_CA_LIFETIME_MS = 7 * 24 * HOUR_MS;
/** How long a leaf certificate lives: a day (the cache re-makes it before it ends). */
export const LEAF_LIFETIME_MS = 24 * HOUR_MS;
/** Certificates start this far in the past, so a clock a little behind still accepts them. */
const BACKDATE_MS = HOUR_MS;

/** What a CA is made for. */
export interface BottleCaOptions {
  /** The bottle's name, shown in the CA's subject (`bottle <name> CA`). */
  readonly bottle: string;
  /** Until when the CA is valid, from now; default {@link DEFAULT_CA_LIFETIME_MS}. */
  readonly lifetimeMs?: number;
  /**
   * The hosts the CA may sign for (allowlist spelling: `host`, `*.suffix`),
   * written into its nameConstraints. Omitted: no constraint, any name.
   * An empty list is refused: a CA that may sign for nothing is not needed.
   */
  readonly hosts?: readonly string[];
  /**
   * One key for every leaf (made with the CA) or a new key per leaf. Shared is
   * the default: all keys live in the same process, so separate ones protect
   * nothing, and a shared key halves the cost of a new leaf.
   */
  readonly leafKeys?: "shared" | "each";
  /** The clock, for tests. */
  readonly now?: Date;
}

/** A leaf certificate and its key, as a TLS server takes them. */
export interface LeafCertificate {
  readonly name: string;
  readonly certificatePem: string;
  readonly keyPem: string;
  readonly notAfter: Date;
}

/** A key pair whose private half is exported as PEM, ready for a TLS server. */
interface LeafKey {
  readonly publicKeyInfo: Bytes;
  readonly keyPem: string;
}

async function makeLeafKey(): Promise<LeafKey> {
  const pair = await crypto.subtle.generateKey(ECDSA_P256, true, ["sign", "verify"]);
  const pkcs8 = new Uint8Array(await crypto.subtle.exportKey("pkcs8", pair.privateKey));
  return {
    publicKeyInfo: await publicKeyInfo(pair.publicKey),
    keyPem: toPem("PRIVATE KEY", pkcs8),
  };
}

/** A per-bottle certificate authority; see the module comment. */
export class BottleCa {
  /** The CA certificate, DER. */
  readonly certificate: Bytes;
  /** The CA certificate, PEM (what the bottle trusts). */
  readonly certificatePem: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** The DNS subtrees the CA may sign for; undefined when unconstrained. */
  readonly subtrees: readonly string[] | undefined;
  readonly #key: CryptoKey;
  readonly #issuer: IssuerIdentity;
  readonly #sharedLeafKey: LeafKey | undefined;

  private constructor(
    fields: {
      certificate: Bytes;
      notBefore: Date;
      notAfter: Date;
      subtrees: readonly string[] | undefined;
      key: CryptoKey;
      issuer: IssuerIdentity;
      sharedLeafKey: LeafKey | undefined;
    },
  ) {
    this.certificate = fields.certificate;
    this.certificatePem = toPem("CERTIFICATE", fields.certificate);
    this.notBefore = fields.notBefore;
    this.notAfter = fields.notAfter;
    this.subtrees = fields.subtrees;
    this.#key = fields.key;
    this.#issuer = fields.issuer;
    this.#sharedLeafKey = fields.sharedLeafKey;
  }

  /** Makes a CA: a new key pair (private half non-extractable) and its self-signed certificate. */
  static async create(options: BottleCaOptions): Promise<BottleCa> {
    const now = options.now ?? new Date();
    const lifetimeMs = options.lifetimeMs ?? DEFAULT_CA_LIFETIME_MS;
    if (!(lifetimeMs > 0)) throw new RangeError("a CA lifetime must be positive");
    const subtrees = options.hosts === undefined ? undefined : permittedSubtrees(options.hosts);
    if (subtrees?.length === 0) throw new RangeError("a CA for no host is not needed");
    const pair = await crypto.subtle.generateKey(ECDSA_P256, false, ["sign", "verify"]);
    const keyId = await keyIdentifier(pair.publicKey);
    const notBefore = new Date(now.getTime() - BACKDATE_MS);
    const notAfter = new Date(now.getTime() + lifetimeMs);
    const certificate = await signCertificate(
      caFields({
        bottle: options.bottle,
        serial: randomSerial(),
        notBefore,
        notAfter,
        publicKeyInfo: await publicKeyInfo(pair.publicKey),
        keyId,
        ...(subtrees === undefined ? {} : { subtrees }),
      }),
      pair.privateKey,
    );
    return new BottleCa({
      certificate,
      notBefore,
      notAfter,
      subtrees,
      key: pair.privateKey,
      issuer: { subject: caSubject(options.bottle), keyId },
      sharedLeafKey: options.leafKeys === "each" ? undefined : await makeLeafKey(),
    });
  }

  /**
   * Signs a server certificate for `name` (a normalised host name, as the
   * proxy checked it), valid for a day from an hour ago and never past the
   * CA's own end. Throws for anything that is not a host name, and for a name
   * outside the CA's subtrees.
   */
  async issue(name: string, now: Date = new Date()): Promise<LeafCertificate> {
    const normal = normaliseHostname(name);
    if (normal.kind !== "name" || normal.name !== name || /^[0-9.]+$/.test(name)) {
      throw new RangeError(`not a host name: ${JSON.stringify(name)}`);
    }
    if (this.subtrees !== undefined && !isPermitted(name, this.subtrees)) {
      throw new RangeError(`${name} is not a name this CA may sign for`);
    }
    const notBefore = new Date(Math.max(now.getTime() - BACKDATE_MS, this.notBefore.getTime()));
    const notAfter = new Date(Math.min(now.getTime() + LEAF_LIFETIME_MS, this.notAfter.getTime()));
    if (notAfter.getTime() <= now.getTime()) throw new RangeError("the CA has expired");
    const key = this.#sharedLeafKey ?? await makeLeafKey();
    const certificate = await signCertificate(
      leafFields({
        issuer: this.#issuer,
        name,
        serial: randomSerial(),
        notBefore,
        notAfter,
        publicKeyInfo: key.publicKeyInfo,
      }),
      this.#key,
    );
    return {
      name,
      certificatePem: toPem("CERTIFICATE", certificate),
      keyPem: key.keyPem,
      notAfter,
    };
  }
}
