/**
 * A CA for tests, built from the same certificate profiles as a bottle's CA
 * but with a key the test holds, so it can sign what a bottle's CA never
 * would (a name outside its constraints, an expired leaf) — to prove clients
 * refuse those — and serve as the upstream's CA in loopback TLS tests.
 */
import { caFields, caSubject, leafFields } from "../certificate_profiles.ts";
import { toPem } from "../pem.ts";
import {
  ECDSA_P256,
  keyIdentifier,
  publicKeyInfo,
  randomSerial,
  signCertificate,
} from "../x509_certificate.ts";

/** A leaf as `Deno.listenTls` takes it. */
export interface TestLeaf {
  readonly cert: string;
  readonly key: string;
}

/** A test CA and its signing. */
export interface TestCa {
  readonly certificatePem: string;
  /** Signs a leaf for `name`, any name, valid from `notBefore` to `notAfter` (default: now ± 1 h). */
  leaf(name: string, validity?: { notBefore: Date; notAfter: Date }): Promise<TestLeaf>;
}

const HOUR_MS = 3_600_000;

/** Makes a test CA; `subtrees` go into its nameConstraints as a bottle's CA writes them. */
export async function makeTestCa(
  options: { bottle?: string; subtrees?: readonly string[] } = {},
): Promise<TestCa> {
  const bottle = options.bottle ?? "test";
  const pair = await crypto.subtle.generateKey(ECDSA_P256, false, ["sign", "verify"]);
  const keyId = await keyIdentifier(pair.publicKey);
  const now = Date.now();
  const ca = await signCertificate(
    caFields({
      bottle,
      serial: randomSerial(),
      notBefore: new Date(now - HOUR_MS),
      notAfter: new Date(now + 24 * HOUR_MS),
      publicKeyInfo: await publicKeyInfo(pair.publicKey),
      keyId,
      ...(options.subtrees === undefined ? {} : { subtrees: options.subtrees }),
    }),
    pair.privateKey,
  );
  const issuer = { subject: caSubject(bottle), keyId };
  return {
    certificatePem: toPem("CERTIFICATE", ca),
    leaf: async (name, validity) => {
      const leafPair = await crypto.subtle.generateKey(ECDSA_P256, true, ["sign", "verify"]);
      const pkcs8 = new Uint8Array(await crypto.subtle.exportKey("pkcs8", leafPair.privateKey));
      const cert = await signCertificate(
        leafFields({
          issuer,
          name,
          serial: randomSerial(),
          notBefore: validity?.notBefore ?? new Date(Date.now() - HOUR_MS),
          notAfter: validity?.notAfter ?? new Date(Date.now() + HOUR_MS),
          publicKeyInfo: await publicKeyInfo(leafPair.publicKey),
        }),
        pair.privateKey,
      );
      return { cert: toPem("CERTIFICATE", cert), key: toPem("PRIVATE KEY", pkcs8) };
    },
  };
}
