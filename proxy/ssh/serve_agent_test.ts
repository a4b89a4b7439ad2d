/**
 * The filtering agent on a real unix socket, driven by OpenSSH's own clients
 * (ssh-add, ssh-keygen -Y sign) and by hand-built requests for what no client
 * sends on its own (a session binding with a good or a forged signature).
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { AGENT, frameMessage, sshString } from "./agent_wire.ts";
import { readOpensshKey, signWith } from "./openssh_key.ts";
import { type AgentEvent, type HeldKey, serveAgentConnection } from "./serve_agent.ts";

const encoder = new TextEncoder();

async function keygen(file: string, comment: string) {
  const made = await new Deno.Command("ssh-keygen", {
    args: ["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", file],
    stdout: "null",
    stderr: "null",
  }).output();
  ok(made.success);
  const read = await readOpensshKey(await Deno.readTextFile(file));
  if (read.kind !== "key") throw new Error(read.reason);
  return read.key;
}

async function client(cmd: string, args: string[], sock: string) {
  const out = await new Deno.Command(cmd, {
    args,
    env: { SSH_AUTH_SOCK: sock, DISPLAY: "", SSH_ASKPASS: "" },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  return { ok: out.success, out: new TextDecoder().decode(out.stdout) };
}

/** Sends framed `body` on `conn` and reads one framed reply's body. */
async function ask(conn: Deno.Conn, body: Uint8Array): Promise<Uint8Array> {
  await conn.write(new Uint8Array([...sshString(body)]));
  let have = new Uint8Array(0);
  const buffer = new Uint8Array(4096);
  for (;;) {
    const framed = frameMessage(have);
    if (framed.kind === "message") return framed.body;
    const n = await conn.read(buffer);
    if (n === null) throw new Error("the agent closed");
    have = new Uint8Array([...have, ...buffer.subarray(0, n)]);
  }
}

Deno.test("agent_lists_only_granted_keys_refuses_changes_and_signs_only_once_bound", async () => {
  const dir = await Deno.makeTempDir({ prefix: "bottle-agent-" });
  const sock = `${dir}/agent.sock`;
  const events: AgentEvent[] = [];
  const listener = Deno.listen({ transport: "unix", path: sock });
  try {
    const user = await keygen(`${dir}/user`, "granted-key");
    const host = await keygen(`${dir}/host`, "host");
    const stranger = await keygen(`${dir}/stranger`, "stranger");
    const keys: HeldKey[] = [{
      keyBlob: user.keyBlob,
      comment: user.comment,
      hostKeys: [host.keyBlob],
      key: user,
    }];
    const served = (async () => {
      for await (const conn of listener) {
        serveAgentConnection(conn, keys, (event) => events.push(event));
      }
    })();

    const listed = await client("ssh-add", ["-l"], sock);
    ok(listed.ok && /granted-key \(ED25519\)/.test(listed.out), listed.out);
    strictEqual(listed.out.trim().split("\n").length, 1, "only the granted key is listed");
    ok(!(await client("ssh-add", ["-D"], sock)).ok, "removing every key was allowed");
    ok(!(await client("ssh-add", [`${dir}/stranger`], sock)).ok, "adding a key was allowed");
    await Deno.writeTextFile(`${dir}/data`, "x");
    const unbound = await client("ssh-keygen", [
      "-Y",
      "sign",
      "-f",
      `${dir}/user.pub`,
      "-n",
      "file",
      `${dir}/data`,
    ], sock);
    ok(!unbound.ok, "a connection with no binding got a signature");

    const conn = await Deno.connect({ transport: "unix", path: sock });
    try {
      const sessionId = encoder.encode("session identifier from the key exchange");
      const bind = (signature: Uint8Array, hostKey = host.keyBlob) =>
        new Uint8Array([
          AGENT.extension,
          ...sshString(encoder.encode("session-bind@openssh.com")),
          ...sshString(hostKey),
          ...sshString(sessionId),
          ...sshString(signature),
          0,
        ]);
      // A binding the host key did not sign (a stranger's signature) does not count.
      const forged = await ask(conn, bind(await signWith(stranger, sessionId)));
      strictEqual(forged[0], AGENT.failure);
      const signRequest = new Uint8Array([
        AGENT.signRequest,
        ...sshString(user.keyBlob),
        ...sshString(encoder.encode("to be signed")),
        0,
        0,
        0,
        0,
      ]);
      strictEqual((await ask(conn, signRequest))[0], AGENT.failure, "signed while unbound");
      const good = await ask(conn, bind(await signWith(host, sessionId)));
      strictEqual(good[0], AGENT.success);
      const signed = await ask(conn, signRequest);
      strictEqual(signed[0], AGENT.signResponse);
    } finally {
      conn.close();
    }
    listener.close();
    await served.catch(() => {});
    const codes = events.filter((e) => e.outcome === "refused").map((e) => e.code);
    deepStrictEqual(
      [...new Set(codes)].sort(),
      [
        "ssh.agent_bad_binding",
        "ssh.agent_not_bound",
        "ssh.agent_request_refused",
      ],
    );
    ok(events.some((e) => e.outcome === "signed" && e.key === "granted-key"));
    ok(!JSON.stringify(events).includes("PRIVATE"), "an event carries key material");
  } finally {
    try {
      listener.close();
    } catch { /* closed */ }
    await Deno.remove(dir, { recursive: true });
  }
});
