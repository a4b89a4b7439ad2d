import { deepStrictEqual, ok, rejects, strictEqual } from "node:assert/strict";
import type { AuditRecord } from "../../proxy/audit/audit_log.ts";
import type { AuditEvent } from "../../proxy/audit/audit_event.ts";
import type { BottlePlan } from "../bottle/plan.ts";
import { stateLayout } from "../bottle/state_layout.ts";
import { startProxies } from "./proxies.ts";
import { join } from "node:path";
import { phantomFor } from "../../proxy/credentials/phantom.ts";
import { makeTestCa } from "../../proxy/tls/testdata/test_ca.ts";
import { RawClient } from "../../tests/helpers/raw_http_client.ts";
import { prepareBottleTls } from "./bottle_tls.ts";

const PLAN = {
  name: "lazy",
  auth: { type: "oauth", upstream: "http://127.0.0.1:9" },
  egressAllow: ["example.com"],
  credentials: [],
  egressTunnel: [],
  egressHosts: {},
  dlp: { mode: "block", redactModelInput: false },
  sanitizeUnicode: true,
  serverTools: [],
} as unknown as BottlePlan;

const SECRETS = {
  credential: "sk-ant-oat01-REALREALREALREALREALREAL",
  phantom: "sk-ant-oat01-PHANTOMPHANTOMPHANTOM",
  known: [],
};

async function exchange(path: string, request: string): Promise<string> {
  const conn = await Deno.connect({ transport: "unix", path });
  await conn.write(new TextEncoder().encode(request));
  const chunks: string[] = [];
  const buffer = new Uint8Array(4096);
  for (let n = await conn.read(buffer); n !== null; n = await conn.read(buffer)) {
    chunks.push(new TextDecoder().decode(buffer.subarray(0, n)));
    if (chunks.join("").includes("\r\n\r\n")) break;
  }
  conn.close();
  return chunks.join("");
}

Deno.test("proxies_built_on_first_connection_answer_it_with_their_policy", async () => {
  const root = await Deno.makeTempDir();
  const layout = stateLayout(root, PLAN.name);
  await Deno.mkdir(layout.sockDir, { recursive: true });
  const audit: AuditRecord[] = [];
  const proxies = await startProxies(PLAN, layout, SECRETS, (event) => audit.push(event));
  try {
    const refused = await exchange(
      layout.egressSocket,
      "CONNECT not-allowed.test:443 HTTP/1.1\r\nHost: not-allowed.test:443\r\n\r\n",
    );
    ok(refused.startsWith("HTTP/1.1 403"), refused);
    const phantomless = await exchange(
      layout.apiSocket,
      "GET /v1/models HTTP/1.1\r\nHost: api\r\nConnection: close\r\n\r\n",
    );
    ok(/^HTTP\/1\.1 4\d\d/.test(phantomless), phantomless);
    strictEqual(audit.some((event) => event.bottle === PLAN.name), true);
  } finally {
    await proxies.shutdown();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("bad_upstream_fails_the_start_before_any_socket_listens", async () => {
  const root = await Deno.makeTempDir();
  const layout = stateLayout(root, PLAN.name);
  await Deno.mkdir(layout.sockDir, { recursive: true });
  const plan = { ...PLAN, auth: { type: "oauth", upstream: "ftp://x" } } as unknown as BottlePlan;
  await rejects(startProxies(plan, layout, SECRETS, () => {}), /http: or https:/);
  await rejects(Deno.lstat(layout.apiSocket), Deno.errors.NotFound);
  await Deno.remove(root, { recursive: true });
});

/** A TCP port on 127.0.0.1 relaying each connection to the unix socket `path` (Deno's TLS needs TCP). */
function tcpRelay(path: string) {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const loop = (async () => {
    for await (const tcp of listener) {
      const unix = await Deno.connect({ transport: "unix", path });
      void Promise.allSettled([
        tcp.readable.pipeTo(unix.writable),
        unix.readable.pipeTo(tcp.writable),
      ]);
    }
  })();
  return {
    port: (listener.addr as Deno.NetAddr).port,
    close: async () => {
      listener.close();
      await loop.catch(() => {});
    },
  };
}

Deno.test("egress_proxy_intercepts_with_the_ca_made_at_start_and_swaps_the_real_credential", async () => {
  const root = await Deno.makeTempDir();
  const upstreamCa = await makeTestCa({ bottle: "upstream" });
  const leaf = await upstreamCa.leaf("api.example.test");
  const seen: (string | null)[] = [];
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {}, cert: leaf.cert, key: leaf.key },
    (request) => {
      seen.push(request.headers.get("authorization"));
      return new Response("ok");
    },
  );
  const real = "ghp_" + "Wiring0TestToken0Of0The0Supervisor".slice(0, 36).padEnd(36, "z");
  const made = phantomFor(real);
  if (made.kind !== "phantom") throw new Error("no phantom");
  const plan = {
    ...PLAN,
    egressAllow: [],
    egressHosts: { "api.example.test": "127.0.0.1" },
    egressTunnel: [],
    credentials: [{
      name: "GH_TOKEN",
      fromHost: "GH_TOKEN",
      hosts: [`api.example.test:${server.addr.port}`],
      paths: [],
    }],
  } as unknown as BottlePlan;
  const caFile = join(root, "upstream.pem");
  await Deno.writeTextFile(caFile, upstreamCa.certificatePem);
  const tls = await prepareBottleTls(plan, { testUpstreamCaFile: caFile });
  ok(tls !== undefined);
  const layout = stateLayout(root, PLAN.name);
  await Deno.mkdir(layout.sockDir, { recursive: true });
  const audit: AuditRecord[] = [];
  const proxies = await startProxies(
    plan,
    layout,
    {
      ...SECRETS,
      credentials: [{ name: "GH_TOKEN", value: real, phantom: made.phantom }],
    },
    (event) => audit.push(event),
    tls,
  );
  const relay = tcpRelay(layout.egressSocket);
  try {
    const tcp = await Deno.connect({ hostname: "127.0.0.1", port: relay.port });
    const target = `api.example.test:${server.addr.port}`;
    await tcp.write(
      new TextEncoder().encode(`CONNECT ${target} HTTP/1.1\r\nHost: ${target}\r\n\r\n`),
    );
    const answer = new Uint8Array(39);
    let got = 0;
    while (got < answer.length) got += (await tcp.read(answer.subarray(got))) ?? answer.length;
    ok(new TextDecoder().decode(answer).startsWith("HTTP/1.1 200"));
    // The bottle trusts only its CA: the certificate it is shown is the supervisor's.
    const conn = await Deno.startTls(tcp, {
      hostname: "api.example.test",
      caCerts: [tls.ca.certificatePem],
    });
    const client = new RawClient(conn);
    await client.write(
      `GET /user HTTP/1.1\r\nHost: ${target}\r\nAuthorization: Bearer ${made.phantom}\r\nConnection: close\r\n\r\n`,
    );
    const response = await client.readResponse("GET");
    strictEqual(response.status, 200, response.head);
    client.close();
    deepStrictEqual(seen, [`Bearer ${real}`]);
    const request = audit.find((event) => "method" in event && event.method === "GET") as
      | AuditEvent
      | undefined;
    strictEqual(request?.inspected, true);
    deepStrictEqual(request?.credentials, ["GH_TOKEN"]);
  } finally {
    await relay.close();
    await proxies.shutdown();
    await server.shutdown();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("a_bottle_with_credentials_and_no_ca_fails_the_start", async () => {
  const root = await Deno.makeTempDir();
  const layout = stateLayout(root, PLAN.name);
  await Deno.mkdir(layout.sockDir, { recursive: true });
  const plan = {
    ...PLAN,
    credentials: [{ name: "GH_TOKEN", fromHost: "G", hosts: ["api.example.test"], paths: [] }],
  } as unknown as BottlePlan;
  const credentials = [{ name: "GH_TOKEN", value: "ghp_x", phantom: "ghp_y" }];
  await rejects(startProxies(plan, layout, { ...SECRETS, credentials }, () => {}), /needs its CA/);
  await rejects(startProxies(plan, layout, SECRETS, () => {}), /has no value in the supervisor/);
  await rejects(Deno.lstat(layout.egressSocket), Deno.errors.NotFound);
  await Deno.remove(root, { recursive: true });
});
