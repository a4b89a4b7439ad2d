/**
 * The agent's pieces against OpenSSH itself: a key made by ssh-keygen is
 * read, an agent built from the codec, the policy and the signer answers
 * `ssh-keygen -Y sign` (which asks the agent when given the public half), and
 * `ssh-keygen -Y verify` accepts the signature. Loopback unix socket only.
 */
import { ok, strictEqual } from "node:assert/strict";
import { decideAgentRequest, type GrantedKey } from "./agent_policy.ts";
import { decodeRequest, frameMessage, signReply } from "./agent_wire.ts";
import { readOpensshKey, signWith } from "./openssh_key.ts";

async function run(cmd: string, args: string[], env: Record<string, string> = {}) {
  const out = await new Deno.Command(cmd, { args, env, stdout: "piped", stderr: "piped" }).output();
  const text = (b: Uint8Array) => new TextDecoder().decode(b);
  return { ok: out.success, out: text(out.stdout), err: text(out.stderr) };
}

for (const type of ["ed25519", "ecdsa"]) {
  Deno.test(`a_${type}_key_file_signs_through_the_agent_and_openssh_verifies_it`, async () => {
    const dir = await Deno.makeTempDir({ prefix: "bottle-sshkey-" });
    try {
      const file = `${dir}/id`;
      const size = type === "ecdsa" ? ["-b", "256"] : [];
      ok(
        (await run("ssh-keygen", ["-q", "-t", type, ...size, "-N", "", "-C", "bottle", "-f", file]))
          .ok,
      );
      const read = await readOpensshKey(await Deno.readTextFile(file));
      ok(read.kind === "key", JSON.stringify(read));
      const key = read.key;
      strictEqual(key.comment, "bottle");
      const hostKey = new TextEncoder().encode("a pinned host key");
      const granted: GrantedKey[] = [{
        keyBlob: key.keyBlob,
        comment: key.comment,
        hostKeys: [hostKey],
      }];
      // A session already bound to the granted server (ssh-keygen -Y does not bind).
      const session = { boundTo: hostKey };
      const path = `${dir}/agent.sock`;
      const listener = Deno.listen({ transport: "unix", path });
      const refusals: string[] = [];
      const served = (async () => {
        for await (const conn of listener) {
          let have = new Uint8Array(0);
          const buffer = new Uint8Array(4096);
          try {
            for (;;) {
              const n = await conn.read(buffer);
              if (n === null) break;
              have = new Uint8Array([...have, ...buffer.subarray(0, n)]);
              for (
                let framed = frameMessage(have);
                framed.kind === "message";
                framed = frameMessage(have)
              ) {
                have = have.slice(framed.consumed);
                const decision = decideAgentRequest(decodeRequest(framed.body), session, granted);
                if (decision.kind === "sign") {
                  await conn.write(signReply(await signWith(key, decision.data)));
                } else if (decision.kind === "reply" || decision.kind === "refuse") {
                  if (decision.kind === "refuse") refusals.push(decision.code);
                  await conn.write(decision.reply);
                }
              }
            }
          } finally {
            conn.close();
          }
        }
      })();
      await Deno.writeTextFile(`${dir}/data`, "signed through bottle's agent\n");
      const signed = await run(
        "ssh-keygen",
        ["-Y", "sign", "-f", `${file}.pub`, "-n", "file", `${dir}/data`],
        { SSH_AUTH_SOCK: path },
      );
      listener.close();
      await served.catch(() => {});
      ok(signed.ok, signed.err);
      const pub = (await Deno.readTextFile(`${file}.pub`)).trim();
      await Deno.writeTextFile(`${dir}/allowed`, `bottle@test ${pub}\n`);
      const verified = await run("sh", [
        "-c",
        `ssh-keygen -Y verify -f "$1/allowed" -I bottle@test -n file -s "$1/data.sig" < "$1/data"`,
        "sh",
        dir,
      ]);
      ok(verified.ok, verified.out + verified.err);
      strictEqual(refusals.length, 0, refusals.join(","));
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  });
}

Deno.test("an_encrypted_key_file_is_refused_without_its_bytes_in_the_reason", async () => {
  const dir = await Deno.makeTempDir({ prefix: "bottle-sshkey-" });
  try {
    const file = `${dir}/id`;
    ok((await run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "a passphrase", "-f", file])).ok);
    const text = await Deno.readTextFile(file);
    const read = await readOpensshKey(text);
    ok(read.kind === "refuse" && /encrypted/.test(read.reason), JSON.stringify(read));
    const body = text.split("\n")[1]!;
    ok(!JSON.stringify(read).includes(body.slice(0, 20)));
    const rsa = `${dir}/rsa`;
    ok((await run("ssh-keygen", ["-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", rsa])).ok);
    const notYet = await readOpensshKey(await Deno.readTextFile(rsa));
    // (RSA user keys are the next piece: refused by name until then.)
    ok(notYet.kind === "refuse" && /ssh-rsa/.test(notYet.reason), JSON.stringify(notYet));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
