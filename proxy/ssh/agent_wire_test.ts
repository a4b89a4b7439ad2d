import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import {
  AGENT,
  decodeRequest,
  failureReply,
  frameMessage,
  identitiesReply,
  keyAlgorithm,
  MAX_AGENT_MESSAGE,
  sshString,
} from "./agent_wire.ts";

Deno.test("frameMessage() waits for a whole message and refuses empty or oversized ones", () => {
  deepStrictEqual(frameMessage(Uint8Array.of(0, 0)), { kind: "incomplete" });
  deepStrictEqual(frameMessage(Uint8Array.of(0, 0, 0, 2, 11)), { kind: "incomplete" });
  const whole = frameMessage(Uint8Array.of(0, 0, 0, 1, 11, 99));
  ok(whole.kind === "message" && whole.consumed === 5 && whole.body[0] === 11);
  strictEqual(frameMessage(Uint8Array.of(0, 0, 0, 0)).kind, "error");
  const big = MAX_AGENT_MESSAGE + 1;
  strictEqual(
    frameMessage(Uint8Array.of(big >>> 24, (big >>> 16) & 255, (big >>> 8) & 255, big & 255))
      .kind,
    "error",
  );
});

Deno.test("decodeRequest() refuses trailing bytes and strings that run past the end", () => {
  strictEqual(decodeRequest(Uint8Array.of(AGENT.requestIdentities, 0)).kind, "error");
  strictEqual(decodeRequest(Uint8Array.of(AGENT.signRequest, 0, 0, 0, 200, 1)).kind, "error");
  strictEqual(decodeRequest(Uint8Array.of(AGENT.requestIdentities)).kind, "list");
});

Deno.test("replies are framed as the protocol says", () => {
  deepStrictEqual([...failureReply()], [0, 0, 0, 1, AGENT.failure]);
  const key = sshString(new TextEncoder().encode("ssh-ed25519"));
  strictEqual(keyAlgorithm(key), "ssh-ed25519");
  const reply = identitiesReply([{ keyBlob: key, comment: "c" }]);
  const framed = frameMessage(reply);
  ok(framed.kind === "message" && framed.consumed === reply.length);
});

Deno.test("agent_wire_reads_what_openssh_ssh_add_sends_and_ssh_add_reads_the_listing", async () => {
  // A real client: `ssh-add -l` against a one-shot socket answered with this module's codec.
  const dir = await Deno.makeTempDir({ prefix: "bottle-agent-" });
  const path = `${dir}/agent.sock`;
  try {
    const keyDir = `${dir}/key`;
    const made = await new Deno.Command("ssh-keygen", {
      args: ["-q", "-t", "ed25519", "-N", "", "-C", "granted", "-f", keyDir],
      stdout: "null",
      stderr: "null",
    }).output();
    if (!made.success) throw new Error("ssh-keygen failed");
    const [, b64] = (await Deno.readTextFile(`${keyDir}.pub`)).split(" ");
    const blob = Uint8Array.from(atob(b64!), (c) => c.charCodeAt(0));
    const listener = Deno.listen({ transport: "unix", path });
    const served = (async () => {
      const conn = await listener.accept();
      const buffer = new Uint8Array(1024);
      let have = new Uint8Array(0);
      for (;;) {
        const n = await conn.read(buffer);
        if (n === null) break;
        have = new Uint8Array([...have, ...buffer.subarray(0, n)]);
        const framed = frameMessage(have);
        if (framed.kind !== "message") continue;
        const request = decodeRequest(framed.body);
        strictEqual(request.kind, "list");
        await conn.write(identitiesReply([{ keyBlob: blob, comment: "granted" }]));
        break;
      }
      conn.close();
    })();
    const listed = await new Deno.Command("ssh-add", {
      args: ["-l"],
      env: { SSH_AUTH_SOCK: path },
      stdout: "piped",
      stderr: "piped",
    }).output();
    await served;
    listener.close();
    const out = new TextDecoder().decode(listed.stdout);
    ok(listed.success, new TextDecoder().decode(listed.stderr));
    ok(/^256 SHA256:\S+ granted \(ED25519\)$/m.test(out), out);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
