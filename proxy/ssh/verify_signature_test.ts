/**
 * verifySshSignature() against signatures OpenSSH made: `ssh-keygen -Y sign`
 * writes an SSHSIG blob whose signed data is rebuilt here (PROTOCOL.sshsig),
 * so the verifier is checked on real Ed25519 and ECDSA P-256 signatures, and
 * refuses a changed message, a swapped key and an unknown algorithm.
 */
import { ok } from "node:assert/strict";
import { sshString } from "./agent_wire.ts";
import { verifySshSignature } from "./verify_signature.ts";

const encoder = new TextEncoder();

function strings(blob: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < blob.length;) {
    const n = new DataView(blob.buffer, blob.byteOffset + at, 4).getUint32(0);
    out.push(blob.subarray(at + 4, at + 4 + n));
    at += 4 + n;
  }
  return out;
}

/** Signs `message` with a new key of `type` through ssh-keygen; the key blob, signed data, signature. */
async function openSshSignature(type: string, message: string) {
  const dir = await Deno.makeTempDir({ prefix: "bottle-sshsig-" });
  try {
    const file = `${dir}/id`;
    const made = await new Deno.Command("ssh-keygen", {
      args: ["-q", "-t", type, "-N", "", "-f", file],
      stdout: "null",
      stderr: "null",
    }).output();
    ok(made.success);
    await Deno.writeTextFile(`${dir}/m`, message);
    const signed = await new Deno.Command("ssh-keygen", {
      args: ["-Y", "sign", "-f", file, "-n", "file", `${dir}/m`],
      stdout: "null",
      stderr: "null",
    }).output();
    ok(signed.success);
    const armored = await Deno.readTextFile(`${dir}/m.sig`);
    const body = armored.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, "");
    const sshsig = Uint8Array.from(atob(body), (c) => c.charCodeAt(0));
    // "SSHSIG", uint32 version, then strings: public key, namespace, reserved, hash, signature.
    const [keyBlob, namespace, reserved, hash, signature] = strings(sshsig.subarray(10));
    const digest = new Uint8Array(
      await crypto.subtle.digest("SHA-512", encoder.encode(message)),
    );
    const data = new Uint8Array([
      ...encoder.encode("SSHSIG"),
      ...sshString(namespace!),
      ...sshString(reserved!),
      ...sshString(hash!),
      ...sshString(digest),
    ]);
    return { keyBlob: keyBlob!, data, signature: signature! };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

for (const type of ["ed25519", "ecdsa"]) {
  Deno.test(`verify_ssh_signature_accepts_openssh_${type}_and_refuses_a_changed_message`, async () => {
    const { keyBlob, data, signature } = await openSshSignature(type, "the session identifier");
    ok(await verifySshSignature(keyBlob, data, signature), "a real signature was refused");
    const changed = data.slice();
    changed[changed.length - 1]! ^= 1;
    ok(!(await verifySshSignature(keyBlob, changed, signature)), "a changed message passed");
    const other = await openSshSignature(type, "the session identifier");
    ok(!(await verifySshSignature(other.keyBlob, data, signature)), "another key passed");
    ok(!(await verifySshSignature(keyBlob, data, signature.subarray(0, 10))), "a cut signature");
  });
}

Deno.test("verify_ssh_signature_refuses_an_algorithm_it_does_not_know", async () => {
  const { data, signature } = await openSshSignature("ed25519", "x");
  const rsaLike = new Uint8Array([
    ...sshString(encoder.encode("ssh-rsa")),
    ...sshString(Uint8Array.of(1)),
  ]);
  ok(!(await verifySshSignature(rsaLike, data, signature)));
});
