/**
 * The bottle's only way out is the supervisor's egress proxy: a host not on
 * the allowlist is refused (and audited), a loopback server granted as
 * ip:port is reached through the proxy, and nothing connects directly —
 * not with the proxy variables unset, not with Node's own fetch.
 */
import { equal, ok } from "node:assert/strict";
import { AGENT_LATEST } from "../../cli/image/image_tag.ts";
import { engineGate } from "../helpers/docker_available.ts";
import { bottleFixture, curlThroughEgress } from "../helpers/bottle_fixture.ts";
import { textReply, toolResultOf, toolUse } from "../helpers/fake_messages_api.ts";

const engine = await engineGate([AGENT_LATEST]);
const opts = { ignore: engine.ignore, sanitizeOps: false, sanitizeResources: false };

/** A loopback HTTP server answering "granted" to every request. */
function grantedServer(): { port: number; close: () => Promise<void> } {
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    () => new Response("granted"),
  );
  return { port: server.addr.port, close: () => server.shutdown() };
}

Deno.test("agent_curl_to_unlisted_host_is_denied_and_audited", opts, async () => {
  engine.assertReady();
  const f = await bottleFixture();
  try {
    f.api.script(
      {
        events: toolUse("Bash", {
          command: "curl -sS -m 5 -o /dev/null -w 'code=%{http_code}' https://example.com/ 2>&1; " +
            "curl -sS -m 5 -o /dev/null -w 'plain=%{http_code}' http://example.com/x 2>&1",
        }),
      },
      { events: textReply("tried") },
    );
    const run = await f.bottle(["start", "--print", "--yes", "--name", "deny", "--prompt", "go"]);
    equal(run.code, 0, run.stderr);
    const result = toolResultOf(f.api.requests, "toolu_fake_1").text;
    ok(result.includes("CONNECT tunnel failed, response 403"), result);
    ok(result.includes("plain=403"), result);
    const audit = (await f.bottle(["audit", "deny", "--json"])).stdout.trim().split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    const denied = audit.filter((e) => e.host === "example.com" && e.decision === "deny");
    equal(denied.length, 2, JSON.stringify(audit));
    ok(denied.every((e) => e.reason === "egress.not_allowed"));
    ok(denied.some((e) => e.method === "CONNECT") && denied.some((e) => e.method === "GET"));
  } finally {
    await f.close();
  }
});

Deno.test("loopback_server_granted_as_ip_port_is_reached_through_the_proxy", opts, async () => {
  engine.assertReady();
  const f = await bottleFixture();
  const server = grantedServer();
  try {
    await f.manifest({ egress: { allow: [`127.0.0.1:${server.port}`] } });
    equal((await f.bottle(["start", "--detach", "--yes", "--name", "grant"])).code, 0);
    const through = await f.bottle([
      "exec",
      "grant",
      "--",
      ...curlThroughEgress(
        "-m",
        "5",
        `http://127.0.0.1:${server.port}/hello`,
      ),
    ]);
    equal(through.stdout, "granted", through.stderr);
    const other = await f.bottle([
      "exec",
      "grant",
      "--",
      ...curlThroughEgress(
        "-m",
        "5",
        "-o",
        "/dev/null",
        "-w",
        "%{http_code}",
        `http://127.0.0.1:${server.port + 1}/`,
      ),
    ]);
    equal(other.stdout, "403", "the neighbouring port is not granted");
    const audit = (await f.bottle(["audit", "grant", "--json"])).stdout;
    ok(audit.includes(`"port":${server.port}`) && audit.includes('"decision":"allow"'), audit);
  } finally {
    await f.close();
    await server.close();
  }
});

Deno.test("direct_connections_from_the_bottle_fail", opts, async () => {
  engine.assertReady();
  const f = await bottleFixture();
  const server = grantedServer();
  try {
    await f.manifest({ egress: { allow: [`127.0.0.1:${server.port}`] } });
    equal((await f.bottle(["start", "--detach", "--yes", "--name", "direct"])).code, 0);
    // Proxy variables unset: curl tries to connect itself, and has no network to do it on.
    const curl = await f.bottle([
      "exec",
      "direct",
      "--",
      "env",
      "-u",
      "HTTPS_PROXY",
      "-u",
      "https_proxy",
      "-u",
      "HTTP_PROXY",
      "-u",
      "http_proxy",
      "curl",
      "-sS",
      "-m",
      "5",
      `http://127.0.0.1:${server.port}/`,
    ]);
    ok(curl.code !== 0 && !curl.stdout.includes("granted"), curl.stdout);
    // Node's fetch ignores the proxy variables: it must fail too.
    const node = await f.bottle([
      "exec",
      "direct",
      "--",
      "node",
      "-e",
      `fetch("http://127.0.0.1:${server.port}/").then(r => r.text()).then(t => { console.log("GOT", t); process.exit(0) }, e => { console.log("FAILED", e.cause?.code ?? e.message); process.exit(7) })`,
    ]);
    equal(node.code, 7, node.stdout + node.stderr);
    ok(node.stdout.includes("FAILED"), node.stdout);
  } finally {
    await f.close();
    await server.close();
  }
});
