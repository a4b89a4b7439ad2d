/**
 * TLS interception over real loopback sockets: a client CONNECTs through the
 * egress proxy, trusts only the bottle's CA, and talks HTTPS to a loopback
 * server whose certificate comes from a separate upstream test CA. The proxy
 * terminates the client's TLS, decides each request inside, swaps a granted
 * phantom for the real value only toward its host and paths, runs DLP on the
 * decrypted head and body, and reaches the server over a verified TLS
 * connection. The names are pinned to 127.0.0.1 (`egress.hosts`): no DNS.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { compileCredentialTable, phantomFor } from "../credentials/mod.ts";
import { BottleCa } from "../tls/bottle_ca.ts";
import { makeTestCa } from "../tls/testdata/test_ca.ts";
import { startEgress } from "../../tests/helpers/egress_harness.ts";
import { RawClient, type RawResponse } from "../../tests/helpers/raw_http_client.ts";
import type { EgressHarness } from "../../tests/helpers/egress_harness.ts";

const API = "api.example.test";
const OTHER = "other.example.test";
const REAL = "ghp_" + "R3alT0kenForTheInterceptTestXyZ12".padEnd(36, "q");
const phantom = phantomFor(REAL);
if (phantom.kind !== "phantom") throw new Error("no phantom for the test token");
const PHANTOM = phantom.phantom;
const encoder = new TextEncoder();
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const decoder = new TextDecoder();

const upstreamCa = await makeTestCa({ bottle: "upstream" });

interface Seen {
  readonly host: string;
  readonly path: string;
  readonly authorization: string | null;
  readonly body: string;
}

/** A loopback HTTPS server for both names; 200 only with the real token, else 401. */
async function startServer() {
  const seen: Seen[] = [];
  const leaf = await upstreamCa.leaf(API);
  const other = await upstreamCa.leaf(OTHER);
  const handler = async (request: Request) => {
    const url = new URL(request.url);
    const authorization = request.headers.get("authorization");
    seen.push({
      host: request.headers.get("host") ?? "",
      path: url.pathname + url.search,
      authorization,
      // A body DLP cut short never completes: the read fails.
      body: await request.text().catch(() => "(cut)"),
    });
    const fine = authorization === `Bearer ${REAL}` || url.pathname.startsWith("/open");
    return new Response(fine ? "welcome" : "who are you", { status: fine ? 200 : 401 });
  };
  const api = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {}, ...leaf }, handler);
  const second = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {}, ...other },
    handler,
  );
  return {
    seen,
    port: api.addr.port,
    otherPort: second.addr.port,
    close: async () => {
      await api.shutdown();
      await second.shutdown();
    },
  };
}

type Server = Awaited<ReturnType<typeof startServer>>;

async function withIntercepting(
  run: (h: EgressHarness, server: Server, ca: BottleCa) => Promise<void>,
  options: { tunnel?: readonly string[]; paths?: readonly string[] } = {},
): Promise<void> {
  const server = await startServer();
  const ca = await BottleCa.create({ bottle: "test", hosts: [API, OTHER] });
  const tunnel = new Set(options.tunnel ?? []);
  const h = startEgress({
    allow: [`${API}:${server.port}`, `${OTHER}:${server.otherPort}`],
    hosts: { [API]: "127.0.0.1", [OTHER]: "127.0.0.1" },
    tlsPorts: [server.port, server.otherPort],
    intercept: {
      intercepts: (host) => !tunnel.has(host),
      leafFor: (name) => ca.issue(name),
      credentials: compileCredentialTable([{
        name: "GH_TOKEN",
        phantom: PHANTOM,
        real: REAL,
        hosts: [`${API}:${server.port}`],
        paths: options.paths ?? [],
      }]),
      upstreamRoots: [upstreamCa.certificatePem],
    },
    dlp: {
      knownSecrets: [
        { label: "GH_TOKEN", value: REAL, kind: "real" },
        { label: "GH_TOKEN", value: PHANTOM, kind: "phantom" },
      ],
    },
  });
  try {
    await run(h, server, ca);
  } finally {
    await h.close();
    await server.close();
  }
}

/** CONNECTs to `host:port` through the proxy and starts TLS trusting only `caPem`. */
async function openTls(h: EgressHarness, host: string, port: number, caPem: string) {
  const tcp = await Deno.connect({ hostname: "127.0.0.1", port: h.to as number });
  await tcp.write(
    encoder.encode(`CONNECT ${host}:${port} HTTP/1.1\r\nHost: ${host}:${port}\r\n\r\n`),
  );
  let head = "";
  const buffer = new Uint8Array(1024);
  while (!head.includes("\r\n\r\n")) {
    const n = await tcp.read(buffer);
    if (n === null) throw new Error(`the proxy closed before answering CONNECT: ${head}`);
    head += decoder.decode(buffer.subarray(0, n));
  }
  strictEqual(head.split(" ")[1], "200", head);
  const tls = await Deno.startTls(tcp, {
    hostname: host,
    caCerts: [caPem],
    alpnProtocols: ["http/1.1"],
  });
  await tls.handshake();
  return new RawClient(tls);
}

async function get(
  client: RawClient,
  host: string,
  port: number,
  path: string,
  headers: Record<string, string> = {},
  body?: string,
): Promise<RawResponse> {
  const fields = Object.entries(headers).map(([n, v]) => `${n}: ${v}\r\n`).join("");
  const length = body === undefined ? "" : `Content-Length: ${encoder.encode(body).length}\r\n`;
  await client.write(
    `${
      body === undefined ? "GET" : "POST"
    } ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\n${fields}${length}\r\n${body ?? ""}`,
  );
  return await client.readResponse(body === undefined ? "GET" : "POST");
}

Deno.test("intercepted_request_carries_the_real_value_toward_its_host_and_the_bottle_never_sees_it", async () => {
  await withIntercepting(async (h, server, ca) => {
    const client = await openTls(h, API, server.port, ca.certificatePem);
    try {
      const bearer = await get(client, API, server.port, "/user", {
        Authorization: `Bearer ${PHANTOM}`,
      });
      strictEqual(bearer.status, 200, bearer.head);
      strictEqual(bearer.body, "welcome");
      // Basic, as git sends it: the password inside the base64 is swapped too.
      const basic = await get(client, API, server.port, "/open/repo.git/info/refs", {
        Authorization: `Basic ${btoa(`x-access-token:${PHANTOM}`)}`,
      });
      strictEqual(basic.status, 200, basic.head);
    } finally {
      client.close();
    }
    strictEqual(server.seen[0]?.authorization, `Bearer ${REAL}`);
    strictEqual(server.seen[1]?.authorization, `Basic ${btoa(`x-access-token:${REAL}`)}`);
    const log = JSON.stringify(h.audit);
    ok(!log.includes(REAL), "the real value reached the audit log");
    const requests = h.audit.filter((e) => e.method === "GET");
    strictEqual(requests.length, 2);
    ok(requests.every((e) => e.inspected === true && e.credentialInjected === true));
    deepStrictEqual(requests[0]?.credentials, ["GH_TOKEN"]);
    const connects = () => h.audit.filter((e) => e.method === "CONNECT").map((e) => e.reason);
    for (let i = 0; i < 100 && connects().length < 2; i++) await delay(20);
    deepStrictEqual(connects(), ["egress.tunnel_open", "egress.tunnel_close"]);
  });
});

Deno.test("intercepted_phantom_toward_another_host_is_refused_and_never_arrives", async () => {
  await withIntercepting(async (h, server, ca) => {
    const client = await openTls(h, OTHER, server.otherPort, ca.certificatePem);
    try {
      const header = await get(client, OTHER, server.otherPort, "/x", {
        Authorization: `Bearer ${PHANTOM}`,
      });
      strictEqual(header.status, 403, header.head);
      strictEqual(header.headers.get("x-bottle-deny"), "dlp.phantom_misuse");
    } finally {
      client.close();
    }
    const query = await openTls(h, OTHER, server.otherPort, ca.certificatePem);
    try {
      const inQuery = await get(query, OTHER, server.otherPort, `/x?token=${PHANTOM}`);
      strictEqual(inQuery.status, 403, inQuery.head);
      strictEqual(inQuery.headers.get("x-bottle-deny"), "dlp.phantom_misuse");
    } finally {
      query.close();
    }
    strictEqual(server.seen.length, 0, "a request with the phantom arrived");
    ok(h.audit.some((e) => e.reason === "dlp.phantom_misuse" && e.alert === "phantom_leak"));
    ok(!JSON.stringify(h.audit).includes(PHANTOM), "the phantom reached the audit log");
  });
});

Deno.test("intercepted_phantom_under_a_path_not_granted_is_refused", async () => {
  await withIntercepting(async (h, server, ca) => {
    const client = await openTls(h, API, server.port, ca.certificatePem);
    try {
      const granted = await get(client, API, server.port, "/repos/mine", {
        Authorization: `Bearer ${PHANTOM}`,
      });
      strictEqual(granted.status, 200, granted.head);
      const other = await get(client, API, server.port, "/admin", {
        Authorization: `Bearer ${PHANTOM}`,
      });
      strictEqual(other.status, 403, other.head);
      strictEqual(other.headers.get("x-bottle-deny"), "credential.path_not_granted");
    } finally {
      client.close();
    }
    deepStrictEqual(server.seen.map((s) => s.path), ["/repos/mine"]);
  }, { paths: ["/repos/"] });
});

Deno.test("intercepted_body_carrying_a_phantom_or_a_real_secret_is_refused_by_dlp", async () => {
  await withIntercepting(async (h, server, ca) => {
    for (
      const [body, code] of [
        [`{"note":"${btoa(PHANTOM)}"}`, "dlp.phantom_misuse"],
        [`{"leak":"${REAL}"}`, "dlp.known_secret"],
      ] as const
    ) {
      const client = await openTls(h, API, server.port, ca.certificatePem);
      try {
        const response = await get(client, API, server.port, "/open/upload", {}, body);
        strictEqual(response.status, 403, response.head);
        strictEqual(response.headers.get("x-bottle-deny"), code);
      } finally {
        client.close();
      }
    }
    ok(server.seen.every((s) => !s.body.includes(REAL) && !s.body.includes(btoa(PHANTOM))));
    ok(!JSON.stringify(h.audit).includes(REAL));
  });
});

Deno.test("intercept_refuses_a_client_that_does_not_trust_the_bottle_ca_and_keeps_tunnel_hosts_opaque", async () => {
  await withIntercepting(async (h, server, ca) => {
    // Inspected: a client that trusts only the real upstream's CA fails (no fallback to a tunnel).
    let failed = false;
    try {
      const client = await openTls(h, API, server.port, upstreamCa.certificatePem);
      client.close();
    } catch {
      failed = true;
    }
    ok(failed, "a client that refused the bottle's CA got through");
    // A tunnel host: the client reaches the upstream's own certificate end to end.
    const tunnel = await openTls(h, OTHER, server.otherPort, upstreamCa.certificatePem);
    try {
      const response = await get(tunnel, OTHER, server.otherPort, "/open/plain");
      strictEqual(response.status, 200, response.head);
    } finally {
      tunnel.close();
    }
    ok(!h.audit.some((e) => e.host === OTHER && e.inspected === true));
    void ca;
  }, { tunnel: [OTHER] });
});

Deno.test("intercept_refuses_sni_that_is_not_the_connect_host_before_any_dial", async () => {
  await withIntercepting(async (h, server, ca) => {
    const tcp = await Deno.connect({ hostname: "127.0.0.1", port: h.to as number });
    await tcp.write(
      encoder.encode(
        `CONNECT ${API}:${server.port} HTTP/1.1\r\nHost: ${API}:${server.port}\r\n\r\n`,
      ),
    );
    await tcp.read(new Uint8Array(1024));
    let failed = false;
    try {
      const tls = await Deno.startTls(tcp, { hostname: OTHER, caCerts: [ca.certificatePem] });
      await tls.handshake();
      tls.close();
    } catch {
      failed = true;
    }
    ok(failed, "a ClientHello naming another host was served");
    strictEqual(h.dials.length, 0, "the proxy dialled for a refused ClientHello");
    ok(h.audit.some((e) => e.reason === "egress.sni_mismatch" && e.inspected === true));
  });
});
