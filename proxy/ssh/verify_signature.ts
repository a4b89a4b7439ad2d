/**
 * Checks an SSH signature blob against an SSH public key blob, for the
 * agent's `session-bind@openssh.com`: the server's host key must have signed
 * the session identifier, or the binding does not count. Ed25519 and
 * ECDSA P-256 (`ecdsa-sha2-nistp256`); any other algorithm (RSA is the next
 * piece), a mismatch between key and signature types, or a malformed blob is
 * `false` — never a throw, never a pass.
 */
import { mpintBytes, sshStrings } from "./ssh_reader.ts";

const LATIN1 = new TextDecoder("latin1");

type Bytes = Uint8Array<ArrayBuffer>;
const own = (bytes: Uint8Array): Bytes => new Uint8Array(bytes);

/** Whether `signatureBlob` is `keyBlob`'s signature over `data`. */
export async function verifySshSignature(
  keyBlob: Uint8Array,
  data: Uint8Array,
  signatureBlob: Uint8Array,
): Promise<boolean> {
  try {
    const key = sshStrings(keyBlob);
    const signature = sshStrings(signatureBlob);
    if (key === undefined || signature === undefined || key.length === 0) return false;
    const algorithm = LATIN1.decode(key[0]);
    if (signature.length !== 2 || LATIN1.decode(signature[0]) !== algorithm) return false;
    if (algorithm === "ssh-ed25519") {
      if (key.length !== 2 || key[1]!.length !== 32 || signature[1]!.length !== 64) return false;
      const publicKey = await crypto.subtle.importKey(
        "raw",
        own(key[1]!),
        { name: "Ed25519" },
        false,
        [
          "verify",
        ],
      );
      return await crypto.subtle.verify(
        { name: "Ed25519" },
        publicKey,
        own(signature[1]!),
        own(data),
      );
    }
    if (algorithm === "ecdsa-sha2-nistp256") {
      if (key.length !== 3 || LATIN1.decode(key[1]) !== "nistp256") return false;
      const parts = sshStrings(signature[1]!);
      if (parts === undefined || parts.length !== 2) return false;
      const r = mpintBytes(parts[0]!, 32);
      const s = mpintBytes(parts[1]!, 32);
      if (r === undefined || s === undefined) return false;
      const publicKey = await crypto.subtle.importKey(
        "raw",
        own(key[2]!),
        { name: "ECDSA", namedCurve: "P-256" },
        false,
        ["verify"],
      );
      const raw = new Uint8Array(64);
      raw.set(r, 0);
      raw.set(s, 32);
      return await crypto.subtle.verify(
        { name: "ECDSA", hash: "SHA-256" },
        publicKey,
        raw,
        own(data),
      );
    }
    return false;
  } catch {
    return false;
  }
}
