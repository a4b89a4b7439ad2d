/**
 * The egress proxy's upstream keep-alive pool for plain-HTTP requests: a
 * connection is reused only for the same pinned address, port and granted
 * host name, only after an exchange that ended cleanly, never in place of a
 * decision, and dropped when the upstream closes it or speaks unasked.
 */
import { deepStrictEqual, notStrictEqual, ok, strictEqual } from "node:assert/strict";
import { httpRequest, startEgress, waitFor } from "../../tests/helpers/egress_harness.ts";
import {
  type KeepAliveAction,
  startKeepAliveUpstream,
  startRawUpstream,
} from "../../tests/helpers/loopback_upstreams.ts";
import { within } from "../../tests/helpers/within.ts";
import { egressPoolKey } from "./forward_pooled.ts";

const SECRET = "sk-ant-api03-pool-test-real-secret-0123456789abcdef";

/** A keep-alive upstream and an egress proxy granting `names` on its port, all resolving to 127.0.0.1. */
function setUp(
  names: readonly string[],
  policy?: (conn: number, request: number) => KeepAliveAction,
  extra: { readonly upstreamIdleMs?: number; readonly deny?: readonly string[] } = {},
) {
  const upstream = startKeepAliveUpstream(policy);
  const dns = Object.fromEntries(
    [...names, ...(extra.deny ?? [])].map((name) => [name, ["127.0.0.1"]]),
  );
  const h = startEgress({
    // A name resolving to loopback is granted only with the exact address too.
    allow: [...names.map((name) => `${name}:${upstream.port}`), `127.0.0.1:${upstream.port}`],
    dns,
    dlp: { knownSecrets: [{ label: "real", value: SECRET, kind: "real" }] },
    ...(extra.upstreamIdleMs === undefined
      ? {}
      : { limits: { upstreamIdleMs: extra.upstreamIdleMs } }),
  });
  const url = (name: string, path = "/") => `http://${name}:${upstream.port}${path}`;
  const close = async () => {
    await h.close();
    await upstream.close();
  };
  return { upstream, h, url, close };
}

/** Sends one request on a new client connection; the response. */
async function get(h: ReturnType<typeof setUp>["h"], url: string, method = "GET") {
  return await h.request(httpRequest(url, { method }), method);
}

Deno.test("egress_reuses_an_idle_upstream_connection_for_the_same_pinned_host", async () => {
  const { upstream, h, url, close } = setUp(["svc.test"]);
  try {
    const client = await h.open();
    try {
      for (const path of ["/one", "/two", "/three"]) {
        await client.write(httpRequest(url("svc.test", path)));
        const response = await client.readResponse();
        strictEqual(response.status, 200, response.head);
        strictEqual(response.body, "conn 0");
      }
    } finally {
      client.close();
    }
    // Another client connection of the same bottle: the same idle upstream connection.
    strictEqual((await get(h, url("svc.test", "/four"))).body, "conn 0");
    deepStrictEqual(upstream.requests, [4]);
    strictEqual(h.dials.length, 1);
    // Every request was still decided and resolved on its own, and audited.
    strictEqual(h.lookups.length, 4);
    deepStrictEqual(h.audit.map((e) => e.reason), Array(4).fill("egress.forwarded"));
    // The proxy keeps the connection: it sends no Connection field, so HTTP/1.1's default holds.
    for (const head of upstream.heads) ok(!/\r\nconnection:/i.test(head), head);
    strictEqual(h.proxy.idleUpstreams, 1);
  } finally {
    await close();
  }
  // Shutdown closes the idle connection.
  await within(2_000, waitFor(() => upstream.closedByPeer(0)), "the pooled connection closing");
});

Deno.test("egress_never_reuses_an_upstream_connection_across_host_names", async () => {
  // Two granted names on one address and port: each gets its own connections.
  const { upstream, h, url, close } = setUp(["a.test", "b.test"]);
  try {
    const bodies: string[] = [];
    for (const name of ["a.test", "b.test", "a.test", "b.test"]) {
      bodies.push((await get(h, url(name))).body);
    }
    deepStrictEqual(bodies, ["conn 0", "conn 1", "conn 0", "conn 1"]);
    deepStrictEqual(upstream.requests, [2, 2]);
    strictEqual(h.dials.length, 2);
  } finally {
    await close();
  }
});

Deno.test("egressPoolKey() differs by pinned address, port and host name", () => {
  const key = egressPoolKey("127.0.0.1", 80, "a.test");
  strictEqual(egressPoolKey("127.0.0.1", 80, "a.test"), key);
  notStrictEqual(egressPoolKey("127.0.0.2", 80, "a.test"), key);
  notStrictEqual(egressPoolKey("127.0.0.1", 8080, "a.test"), key);
  notStrictEqual(egressPoolKey("127.0.0.1", 80, "b.test"), key);
  notStrictEqual(egressPoolKey("::1", 80, "a.test"), egressPoolKey("::1", 8, "0a.test"));
});

Deno.test("egress_decides_every_request_on_a_reused_connection", async () => {
  // other.test shares the pooled connection's address and port, but is not granted.
  const { upstream, h, url, close } = setUp(["svc.test"], undefined, { deny: ["other.test"] });
  try {
    const client = await h.open();
    try {
      await client.write(httpRequest(url("svc.test")));
      strictEqual((await client.readResponse()).body, "conn 0");
      await within(2_000, waitFor(() => h.proxy.idleUpstreams === 1), "the connection pooled");
      // A second request on the same client connection, to a host that is not granted.
      await client.write(httpRequest(url("other.test")));
      const denied = await client.readResponse();
      strictEqual(denied.status, 403, denied.head);
      strictEqual(denied.headers.get("x-bottle-deny"), "egress.not_allowed");
    } finally {
      client.close();
    }
    // The granted host, with a real secret in the query: DLP refuses it, pool or not.
    const leak = await get(h, url("svc.test", `/?k=${SECRET}`));
    strictEqual(leak.status, 403, leak.head);
    strictEqual(leak.headers.get("x-bottle-deny"), "dlp.known_secret");
    // The pooled connection is still there, and used for the next allowed request only.
    strictEqual((await get(h, url("svc.test"))).body, "conn 0");
    deepStrictEqual(upstream.requests, [2]);
    strictEqual(h.dials.length, 1);
    deepStrictEqual(h.lookups, ["svc.test", "svc.test"]);
    deepStrictEqual(h.audit.map((e) => [e.decision, e.reason]), [
      ["allow", "egress.forwarded"],
      ["deny", "egress.not_allowed"],
      ["deny", "dlp.known_secret"],
      ["allow", "egress.forwarded"],
    ]);
  } finally {
    await close();
  }
});

Deno.test("egress_drops_a_pooled_connection_the_upstream_closed", async () => {
  const { upstream, h, url, close } = setUp(["svc.test"]);
  try {
    strictEqual((await get(h, url("svc.test"))).body, "conn 0");
    await within(2_000, waitFor(() => h.proxy.idleUpstreams === 1), "the connection pooled");
    upstream.hangUp(0);
    await within(2_000, waitFor(() => h.proxy.idleUpstreams === 0), "the closed one dropped");
    strictEqual((await get(h, url("svc.test"))).body, "conn 1");
    // One that speaks unasked while it idles is dropped too.
    await within(2_000, waitFor(() => h.proxy.idleUpstreams === 1), "the connection pooled");
    await upstream.push(1, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
    await within(2_000, waitFor(() => h.proxy.idleUpstreams === 0), "the talking one dropped");
    await within(2_000, waitFor(() => upstream.closedByPeer(1)), "the proxy closing it");
    strictEqual((await get(h, url("svc.test"))).body, "conn 2");
    strictEqual(h.dials.length, 3);
  } finally {
    await close();
  }
});

Deno.test("egress_closes_an_idle_upstream_connection_after_upstream_idle_ms", async () => {
  const { upstream, h, url, close } = setUp(["svc.test"], undefined, { upstreamIdleMs: 50 });
  try {
    strictEqual((await get(h, url("svc.test"))).body, "conn 0");
    await within(2_000, waitFor(() => upstream.closedByPeer(0)), "the idle connection closing");
    strictEqual(h.proxy.idleUpstreams, 0);
    strictEqual((await get(h, url("svc.test"))).body, "conn 1");
  } finally {
    await close();
  }
});

Deno.test("egress_reuses_an_upstream_connection_only_after_a_response_that_keeps_it", async () => {
  const actions: KeepAliveAction[] = ["answer-close", "answer-http10", "answer-http10-keepalive"];
  const { upstream, h, url, close } = setUp(
    ["svc.test"],
    (conn) => actions[conn] ?? "answer",
  );
  try {
    const bodies: string[] = [];
    for (let i = 0; i < 4; i++) bodies.push((await get(h, url("svc.test"))).body);
    // Connection: close, and HTTP/1.0 without keep-alive, are not reused; HTTP/1.0 keep-alive is.
    deepStrictEqual(bodies, ["conn 0", "conn 1", "conn 2", "conn 2"]);
    deepStrictEqual(upstream.requests, [1, 1, 2]);
    strictEqual(h.dials.length, 3);
  } finally {
    await close();
  }
});

Deno.test("egress_never_reuses_an_upstream_connection_that_sent_more_than_its_response", async () => {
  const upstream = startRawUpstream({
    reply: "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK\r\n",
    closeAfterReply: false,
  });
  const h = startEgress({ allow: [`127.0.0.1:${upstream.port}`] });
  try {
    for (let i = 0; i < 2; i++) {
      const response = await get(h, `http://127.0.0.1:${upstream.port}/`);
      strictEqual(response.body, "ok", response.head);
    }
    strictEqual(upstream.received.length, 2, "the connection with extra bytes was reused");
    strictEqual(h.dials.length, 2);
  } finally {
    await h.close();
    await upstream.close();
  }
});

Deno.test("egress_retries_only_an_idempotent_request_when_the_pooled_connection_was_closed", async () => {
  // Each connection answers its first request and closes on the next, unanswered.
  const { upstream, h, url, close } = setUp(
    ["svc.test"],
    (_, request) => request === 0 ? "answer" : "drop",
  );
  try {
    strictEqual((await get(h, url("svc.test"))).body, "conn 0");
    // The pooled connection closes as the GET arrives: the GET goes again on a new one.
    const retried = await get(h, url("svc.test"));
    strictEqual(retried.status, 200, retried.head);
    strictEqual(retried.body, "conn 1");
    // A POST in the same spot is never sent twice: the client is told, and may retry itself.
    const post = await get(h, url("svc.test"), "POST");
    strictEqual(post.status, 502, post.head);
    strictEqual(post.headers.get("x-bottle-error"), "egress.no_response");
    deepStrictEqual(upstream.requests, [2, 2]);
    strictEqual(h.dials.length, 2);
    deepStrictEqual(h.audit.map((e) => [e.status, e.reason]), [
      [200, "egress.forwarded"],
      [200, "egress.forwarded"],
      [502, "egress.no_response"],
    ]);
  } finally {
    await close();
  }
});

Deno.test("egress_keeps_one_pool_per_proxy_so_bottles_never_share_a_connection", async () => {
  const upstream = startKeepAliveUpstream();
  const allow = [`svc.test:${upstream.port}`, `127.0.0.1:${upstream.port}`];
  const dns = { "svc.test": ["127.0.0.1"] };
  const first = startEgress({ allow, dns });
  const second = startEgress({ allow, dns });
  try {
    const url = `http://svc.test:${upstream.port}/`;
    strictEqual((await get(first, url)).body, "conn 0");
    strictEqual((await get(second, url)).body, "conn 1");
    strictEqual((await get(first, url)).body, "conn 0");
    deepStrictEqual(upstream.requests, [2, 1]);
  } finally {
    await first.close();
    await second.close();
    await upstream.close();
  }
});
