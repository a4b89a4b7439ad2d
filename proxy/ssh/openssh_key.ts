/**
 * Reads an unencrypted OpenSSH private key file (`-----BEGIN OPENSSH PRIVATE
 * KEY-----`, the `openssh-key-v1` format) into what the agent needs: the
 * public key blob, the comment, and the private key as a WebCrypto key
 * (non-extractable, sign only) — Ed25519 and ECDSA P-256. An encrypted key,
 * or a type not read yet (RSA and the other curves are the next pieces), is
 * refused with the reason — never with any of the key's bytes.
 */
import { sameBytes } from "./agent_policy.ts";
import { sshString } from "./agent_wire.ts";
import { mpintBytes, SshReader } from "./ssh_reader.ts";

const MAGIC = "openssh-key-v1\0";
const LATIN1 = new TextDecoder("latin1");

/** A key the agent can sign with. */
export interface AgentKey {
  readonly algorithm: "ssh-ed25519" | "ecdsa-sha2-nistp256";
  readonly keyBlob: Uint8Array;
  readonly comment: string;
  readonly privateKey: CryptoKey;
}

/** The key, or why it cannot be used (no key material in the reason). */
export type ReadKey =
  | { readonly kind: "key"; readonly key: AgentKey }
  | { readonly kind: "refuse"; readonly reason: string };

function base64url(bytes: Uint8Array): string {
  let text = "";
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replaceAll("+", "-").replaceAll("/", "_").replace(/=+$/, "");
}

/** Reads `pem` (the file's text); see the module comment. */
export async function readOpensshKey(pem: string): Promise<ReadKey> {
  const match = /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END OPENSSH PRIVATE KEY-----/
    .exec(pem);
  if (match === null) {
    return {
      kind: "refuse",
      reason: "not an OpenSSH private key (-----BEGIN OPENSSH PRIVATE KEY-----)",
    };
  }
  let bytes: Uint8Array;
  try {
    bytes = Uint8Array.from(atob(match[1]!.replace(/\s+/g, "")), (c) => c.charCodeAt(0));
  } catch {
    return { kind: "refuse", reason: "the key's base64 does not decode" };
  }
  try {
    const c = new SshReader(bytes);
    if (LATIN1.decode(c.take(MAGIC.length)) !== MAGIC) {
      return { kind: "refuse", reason: "not an openssh-key-v1 key" };
    }
    const cipher = c.text();
    c.text(); // kdf name
    c.string(); // kdf options
    if (cipher !== "none") {
      return { kind: "refuse", reason: "the key is encrypted (a passphrase protects it)" };
    }
    if (c.uint32() !== 1) return { kind: "refuse", reason: "a key file holds one key" };
    const publicBlob = c.string();
    const secret = new SshReader(c.string());
    if (secret.uint32() !== secret.uint32()) {
      return { kind: "refuse", reason: "the key's check values differ (a damaged file)" };
    }
    const type = secret.text();
    if (type === "ecdsa-sha2-nistp256") return await readEcdsa(secret, publicBlob);
    if (type !== "ssh-ed25519") {
      return {
        kind: "refuse",
        reason: `keys of type ${type} are not read yet (ssh-ed25519 and ecdsa-sha2-nistp256 are)`,
      };
    }
    const publicKey = secret.string();
    const both = secret.string();
    const comment = secret.text();
    if (publicKey.length !== 32 || both.length !== 64) {
      return { kind: "refuse", reason: "an Ed25519 key of the wrong size" };
    }
    const keyBlob = new Uint8Array([
      ...sshString(new TextEncoder().encode("ssh-ed25519")),
      ...sshString(publicKey),
    ]);
    if (!sameBytes(keyBlob, publicBlob)) {
      return { kind: "refuse", reason: "the public and private halves do not match" };
    }
    const privateKey = await crypto.subtle.importKey(
      "jwk",
      { kty: "OKP", crv: "Ed25519", d: base64url(both.subarray(0, 32)), x: base64url(publicKey) },
      { name: "Ed25519" },
      false,
      ["sign"],
    );
    return { kind: "key", key: { algorithm: "ssh-ed25519", keyBlob, comment, privateKey } };
  } catch (error) {
    return { kind: "refuse", reason: `the key file cannot be read: ${(error as Error).message}` };
  }
}

/** Reads the private part of an `ecdsa-sha2-nistp256` key (curve, point, scalar, comment). */
async function readEcdsa(secret: SshReader, publicBlob: Uint8Array): Promise<ReadKey> {
  const curve = secret.text();
  const point = secret.string();
  const scalar = secret.string();
  const comment = secret.text();
  if (curve !== "nistp256" || point.length !== 65 || point[0] !== 4) {
    return { kind: "refuse", reason: "an ECDSA key that is not an uncompressed P-256 point" };
  }
  const d = mpintBytes(scalar, 32);
  if (d === undefined) {
    return { kind: "refuse", reason: "an ECDSA private scalar of the wrong size" };
  }
  const text = new TextEncoder();
  const keyBlob = new Uint8Array([
    ...sshString(text.encode("ecdsa-sha2-nistp256")),
    ...sshString(text.encode("nistp256")),
    ...sshString(point),
  ]);
  if (!sameBytes(keyBlob, publicBlob)) {
    return { kind: "refuse", reason: "the public and private halves do not match" };
  }
  const privateKey = await crypto.subtle.importKey(
    "jwk",
    {
      kty: "EC",
      crv: "P-256",
      x: base64url(point.subarray(1, 33)),
      y: base64url(point.subarray(33, 65)),
      d: base64url(d),
    },
    { name: "ECDSA", namedCurve: "P-256" },
    false,
    ["sign"],
  );
  return { kind: "key", key: { algorithm: "ecdsa-sha2-nistp256", keyBlob, comment, privateKey } };
}

/** `bytes` (big-endian, unsigned) as an SSH mpint: no leading zeros, a zero byte before a high bit. */
function mpint(bytes: Uint8Array): Uint8Array {
  let start = 0;
  while (start < bytes.length && bytes[start] === 0) start++;
  const digits = bytes.subarray(start);
  return sshString(
    digits.length > 0 && (digits[0]! & 0x80) !== 0 ? new Uint8Array([0, ...digits]) : digits,
  );
}

/** The SSH signature blob of `data` by `key` (for an agent's sign response). */
export async function signWith(key: AgentKey, data: Uint8Array): Promise<Uint8Array> {
  const message = data as Uint8Array<ArrayBuffer>;
  const name = sshString(new TextEncoder().encode(key.algorithm));
  if (key.algorithm === "ecdsa-sha2-nistp256") {
    const raw = new Uint8Array(
      await crypto.subtle.sign({ name: "ECDSA", hash: "SHA-256" }, key.privateKey, message),
    );
    const rs = new Uint8Array([...mpint(raw.subarray(0, 32)), ...mpint(raw.subarray(32, 64))]);
    return new Uint8Array([...name, ...sshString(rs)]);
  }
  const signature = new Uint8Array(
    await crypto.subtle.sign({ name: "Ed25519" }, key.privateKey, message),
  );
  return new Uint8Array([...name, ...sshString(signature)]);
}
