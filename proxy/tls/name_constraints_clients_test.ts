/**
 * The bottle CA's nameConstraints are honoured by the TLS clients a bottle
 * runs: for each, a leaf inside the permitted subtree is accepted, a leaf
 * outside it is refused — and the same outside name from a CA without
 * constraints is accepted, so the constraint (not something else) is what
 * refused it. Every server is on loopback; names reach it through each
 * client's own "resolve to" switch, never through DNS. A client missing on
 * this machine shows as ignored.
 */
import { ok } from "node:assert/strict";
import { makeTestCa, type TestLeaf } from "./testdata/test_ca.ts";

const INSIDE = "api.github.com";
const OUTSIDE = "example.com";

const constrained = await makeTestCa({ subtrees: ["github.com"] });
const open = await makeTestCa();

function installed(tool: string): boolean {
  try {
    return new Deno.Command("sh", { args: ["-c", `command -v ${tool}`], stdout: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
}

/** A loopback TLS server with `leaf` answering every request 404; closed after `run`. */
async function withServer(leaf: TestLeaf, run: (port: number) => Promise<void>): Promise<void> {
  const listener = Deno.listenTls({ hostname: "127.0.0.1", port: 0, ...leaf });
  const served: Promise<void>[] = [];
  const loop = (async () => {
    for await (const conn of listener) {
      served.push((async () => {
        try {
          await conn.read(new Uint8Array(8192));
          await conn.write(
            new TextEncoder().encode(
              "HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
            ),
          );
        } catch { /* a client that refused the certificate */ }
        try {
          conn.close();
        } catch { /* closed */ }
      })());
    }
  })();
  try {
    await run((listener.addr as Deno.NetAddr).port);
  } finally {
    listener.close();
    await loop.catch(() => {});
    await Promise.allSettled(served);
  }
}

/** A client run: whether it accepted the server's certificate, and what it printed. */
type Client = (name: string, port: number, caFile: string) => Promise<[boolean, string]>;

async function spawn(
  command: string,
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number; text: string }> {
  const out = await new Deno.Command(command, {
    args,
    // No inherited CA, proxy or git settings: only what the test passes.
    clearEnv: true,
    env: { PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin", ...env },
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
  return { code: out.code, text: decode(out.stdout) + decode(out.stderr) };
}

/** Runs `client` against a leaf for `name` from `ca`; the CA file is all it trusts. */
async function handshake(
  client: Client,
  ca: { certificatePem: string; leaf(name: string): Promise<TestLeaf> },
  name: string,
): Promise<[boolean, string]> {
  const dir = await Deno.makeTempDir({ prefix: "bottle-nc-" });
  try {
    const caFile = `${dir}/ca.pem`;
    await Deno.writeTextFile(caFile, ca.certificatePem);
    let result: [boolean, string] = [false, ""];
    await withServer(await ca.leaf(name), async (port) => {
      result = await client(name, port, caFile);
    });
    return result;
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** Inside accepted, outside refused, outside from an unconstrained CA accepted. */
async function assertHonoursConstraints(client: Client): Promise<void> {
  const [inside, insideText] = await handshake(client, constrained, INSIDE);
  ok(inside, `a leaf inside the permitted subtree must be accepted: ${insideText}`);
  const [outside, outsideText] = await handshake(client, constrained, OUTSIDE);
  ok(!outside, `a leaf outside the permitted subtree must be refused: ${outsideText}`);
  const [control, controlText] = await handshake(client, open, OUTSIDE);
  ok(control, `the same name from an unconstrained CA must be accepted: ${controlText}`);
}

Deno.test({
  name: "name_constraints_are_honoured_by_curl_openssl",
  ignore: !installed("curl"),
  fn: () =>
    assertHonoursConstraints(async (name, port, caFile) => {
      const { text } = await spawn("curl", [
        "-sS",
        "-o",
        "/dev/null",
        "-w",
        "status=%{http_code}",
        "--cacert",
        caFile,
        "--resolve",
        `${name}:${port}:127.0.0.1`,
        `https://${name}:${port}/`,
      ], {});
      return [text.includes("status=404"), text];
    }),
});

Deno.test({
  name: "name_constraints_are_honoured_by_python_ssl",
  ignore: !installed("python3"),
  fn: () =>
    assertHonoursConstraints(async (name, port, caFile) => {
      const script = [
        "import socket, ssl, sys",
        `context = ssl.create_default_context(cafile=${JSON.stringify(caFile)})`,
        `raw = socket.create_connection(("127.0.0.1", ${port}))`,
        `context.wrap_socket(raw, server_hostname=${JSON.stringify(name)})`,
        "print('handshake ok')",
      ].join("\n");
      const { code, text } = await spawn("python3", ["-c", script], {});
      return [code === 0 && text.includes("handshake ok"), text];
    }),
});

Deno.test({
  name: "name_constraints_are_honoured_by_node_tls",
  ignore: !installed("node"),
  fn: () =>
    assertHonoursConstraints(async (name, port, caFile) => {
      const script = `
        const tls = require("node:tls");
        const ca = require("node:fs").readFileSync(${JSON.stringify(caFile)});
        const s = tls.connect({ host: "127.0.0.1", port: ${port}, servername: ${
        JSON.stringify(name)
      }, ca }, () => { console.log("handshake ok"); s.end(); });
        s.on("error", (e) => { console.error(e.message); process.exit(1); });`;
      const { code, text } = await spawn("node", ["-e", script], {});
      return [code === 0 && text.includes("handshake ok"), text];
    }),
});

Deno.test({
  name: "name_constraints_are_honoured_by_git_gnutls",
  ignore: !installed("git"),
  fn: () =>
    assertHonoursConstraints(async (name, port, caFile) => {
      const { text } = await spawn("git", [
        "-c",
        `http.curloptResolve=${name}:${port}:127.0.0.1`,
        "ls-remote",
        `https://${name}:${port}/repo.git`,
      ], {
        GIT_SSL_CAINFO: caFile,
        GIT_TERMINAL_PROMPT: "0",
        GIT_CONFIG_NOSYSTEM: "1",
        HOME: "/nonexistent",
      });
      // The server answers 404: reaching it means the certificate was accepted.
      return [text.includes("not found") && !text.includes("certificate"), text];
    }),
});

Deno.test("name_constraints_are_honoured_by_deno_rustls", () =>
  assertHonoursConstraints(async (name, port, caFile) => {
    try {
      const conn = await Deno.connect({ hostname: "127.0.0.1", port });
      const tls = await Deno.startTls(conn, {
        hostname: name,
        caCerts: [await Deno.readTextFile(caFile)],
      });
      try {
        await tls.handshake();
      } finally {
        tls.close();
      }
      return [true, "handshake ok"];
    } catch (error) {
      return [false, String(error)];
    }
  }));
