/**
 * The egress proxy end to end over raw sockets: keep-alive, what is forwarded
 * and what is not, and the audit trail. Rules of the allowlist are in
 * `egress_proxy_policy_test.ts`, malformed requests in
 * `egress_proxy_parsing_test.ts`, bodies whose chunk framing breaks in
 * `egress_proxy_smuggling_test.ts`, timeouts and failures in
 * `egress_proxy_limits_test.ts`, peers that vanish and hostile input in
 * `egress_proxy_robustness_test.ts`, the audit field set in
 * `egress_proxy_audit_test.ts`, shutdown in `egress_proxy_shutdown_test.ts`.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import {
  connectRequest,
  httpRequest,
  startEgress,
  waitFor,
} from "../../tests/helpers/egress_harness.ts";
import {
  startEchoServer,
  startHttpUpstream,
  startRawUpstream,
} from "../../tests/helpers/loopback_upstreams.ts";
import { within } from "../../tests/helpers/within.ts";

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

// --- keep-alive ------------------------------------------------------------

Deno.test("egress_decides_each_request_on_a_kept_alive_connection (HTTP): 200 then 403", async () => {
  const upstream = startHttpUpstream();
  const h = startEgress({
    allow: [`svc.test:${upstream.port}`, `127.0.0.1:${upstream.port}`],
    dns: { "svc.test": ["127.0.0.1"], "other.test": ["127.0.0.1"] },
  });
  const client = await h.open();
  try {
    await client.write(httpRequest(`http://svc.test:${upstream.port}/first`));
    const first = await client.readResponse();
    strictEqual(first.status, 200, first.head);
    strictEqual(first.body, "hello from upstream");
    await client.write(httpRequest(`http://other.test:${upstream.port}/second`));
    const second = await client.readResponse();
    strictEqual(second.status, 403, second.head);
    strictEqual(second.headers.get("x-bottle-deny"), "egress.not_allowed");
    await within(2_000, client.closedByPeer(), "the connection closing after a denial");
    strictEqual(upstream.requests.length, 1);
    deepStrictEqual(h.lookups, ["svc.test"]);
    deepStrictEqual(h.audit.map((e) => [e.decision, e.reason]), [
      ["allow", "egress.forwarded"],
      ["deny", "egress.not_allowed"],
    ]);
  } finally {
    client.close();
    await h.close();
    await upstream.close();
  }
});

Deno.test("egress_decides_each_request_on_a_kept_alive_connection (CONNECT): a tunnel after a request", async () => {
  const upstream = startHttpUpstream();
  const echo = startEchoServer();
  const h = startEgress({
    allow: [
      `svc.test:${upstream.port}`,
      `svc.test:${echo.port}`,
      `127.0.0.1:${upstream.port}`,
      `127.0.0.1:${echo.port}`,
    ],
    dns: { "svc.test": ["127.0.0.1"], "other.test": ["127.0.0.1"] },
  });
  const allowed = await h.open();
  const denied = await h.open();
  try {
    await allowed.write(httpRequest(`http://svc.test:${upstream.port}/`));
    strictEqual((await allowed.readResponse()).status, 200);
    await allowed.write(connectRequest(`svc.test:${echo.port}`));
    strictEqual((await allowed.readResponse("CONNECT")).status, 200);
    await allowed.write("tunnelled");
    strictEqual(text(await allowed.readExactly(9)), "tunnelled");

    await denied.write(httpRequest(`http://svc.test:${upstream.port}/`));
    strictEqual((await denied.readResponse()).status, 200);
    await denied.write(connectRequest(`other.test:${echo.port}`));
    const refused = await denied.readResponse("CONNECT");
    strictEqual(refused.status, 403, refused.head);
    strictEqual(refused.headers.get("x-bottle-deny"), "egress.not_allowed");
    strictEqual(echo.accepted(), 1);
    deepStrictEqual(h.lookups, ["svc.test", "svc.test", "svc.test"]);
  } finally {
    allowed.close();
    denied.close();
    await h.close();
    await upstream.close();
    await echo.close();
  }
});

Deno.test("egress_answers_two_allowed_requests_on_one_connection (HTTP), pipelined too", async () => {
  const upstream = startHttpUpstream((_, seen) => new Response(`you asked for ${seen.target}`));
  const h = startEgress({
    allow: [`svc.test:${upstream.port}`, `127.0.0.1:${upstream.port}`],
    dns: { "svc.test": ["127.0.0.1"] },
    // No upstream pool: each request dials its own connection (the pool: egress_proxy_pool_test.ts).
    limits: { maxIdleUpstream: 0 },
  });
  const client = await h.open();
  try {
    const base = `http://svc.test:${upstream.port}`;
    await client.write(httpRequest(`${base}/one`));
    strictEqual((await client.readResponse()).body, "you asked for /one");
    await client.write(httpRequest(`${base}/two`));
    strictEqual((await client.readResponse()).body, "you asked for /two");
    // Two requests in one write: answered in order, each decided on its own.
    await client.write(httpRequest(`${base}/three`) + httpRequest(`${base}/four`));
    strictEqual((await client.readResponse()).body, "you asked for /three");
    strictEqual((await client.readResponse()).body, "you asked for /four");
    deepStrictEqual(upstream.requests.map((r) => r.target), ["/one", "/two", "/three", "/four"]);
    strictEqual(h.lookups.length, 4, "each request is resolved on its own");
    strictEqual(h.dials.length, 4);
    strictEqual(h.audit.length, 4);
  } finally {
    client.close();
    await h.close();
    await upstream.close();
  }
});

Deno.test("egress_answers_kept_alive_requests_without_a_nagle_delay (HTTP)", async () => {
  const upstream = startHttpUpstream();
  const h = startEgress({ allow: [`127.0.0.1:${upstream.port}`] });
  const client = await h.open();
  try {
    const started = performance.now();
    for (let i = 0; i < 10; i++) {
      await client.write(httpRequest(`http://127.0.0.1:${upstream.port}/${i}`));
      strictEqual((await client.readResponse()).status, 200);
    }
    // With Nagle's algorithm on the client socket, the body written after the
    // head waits for a delayed ACK: about 40 ms per request after the first.
    const elapsed = performance.now() - started;
    ok(elapsed < 250, `10 kept-alive requests took ${Math.round(elapsed)} ms`);
  } finally {
    client.close();
    await h.close();
    await upstream.close();
  }
});

Deno.test("egress_closes_after_a_request_that_asks_to_close (HTTP)", async () => {
  const upstream = startHttpUpstream();
  const h = startEgress({ allow: [`127.0.0.1:${upstream.port}`] });
  const client = await h.open();
  try {
    await client.write(
      httpRequest(`http://127.0.0.1:${upstream.port}/`, { extra: "Connection: close\r\n" }),
    );
    const response = await client.readResponse();
    strictEqual(response.status, 200);
    strictEqual(response.headers.get("connection"), "close");
    await within(2_000, client.closedByPeer(), "the proxy closing");
  } finally {
    client.close();
    await h.close();
    await upstream.close();
  }
});

// --- redirects -------------------------------------------------------------

Deno.test("egress_passes_redirects_to_the_client_and_never_follows_them (HTTP)", async () => {
  const upstream = startHttpUpstream(() =>
    new Response("moved", {
      status: 302,
      headers: { location: "http://elsewhere.test/landing" },
    })
  );
  const h = startEgress({
    allow: [`svc.test:${upstream.port}`, `127.0.0.1:${upstream.port}`, "elsewhere.test"],
    dns: { "svc.test": ["127.0.0.1"], "elsewhere.test": ["127.0.0.1"] },
    // No upstream pool: each request dials its own connection (the pool: egress_proxy_pool_test.ts).
    limits: { maxIdleUpstream: 0 },
  });
  try {
    for (const method of ["GET", "POST"]) {
      const response = await h.request(
        httpRequest(`http://svc.test:${upstream.port}/old`, {
          method,
          extra: method === "POST" ? "Content-Length: 4\r\n" : "",
        }) + (method === "POST" ? "body" : ""),
      );
      strictEqual(response.status, 302, response.head);
      strictEqual(response.headers.get("location"), "http://elsewhere.test/landing");
      strictEqual(response.body, "moved");
    }
    strictEqual(upstream.requests.length, 2);
    strictEqual(upstream.requests[1]!.body, "body");
    deepStrictEqual(h.lookups, ["svc.test", "svc.test"], "the redirect target was never looked up");
    strictEqual(h.dials.length, 2);
  } finally {
    await h.close();
    await upstream.close();
  }
});

// --- what reaches the destination -----------------------------------------

Deno.test("egress_never_forwards_hop_by_hop_fields (HTTP), either way", async () => {
  const upstream = startRawUpstream({
    reply: "HTTP/1.1 200 OK\r\nConnection: X-Resp-Hop, close\r\nX-Resp-Hop: 1\r\n" +
      "Keep-Alive: timeout=5\r\nProxy-Authenticate: Basic\r\nX-Resp-Kept: yes\r\n" +
      "Content-Length: 2\r\n\r\nok",
  });
  // No upstream pool: the proxy's own Connection field says close (the pool sends none:
  // egress_proxy_pool_test.ts).
  const h = startEgress({ allow: [`127.0.0.1:${upstream.port}`], limits: { maxIdleUpstream: 0 } });
  try {
    const response = await h.request(
      httpRequest(`http://127.0.0.1:${upstream.port}/`, {
        extra: "Connection: keep-alive, X-Hop-Secret\r\nX-Hop-Secret: do-not-forward\r\n" +
          "Proxy-Authorization: Basic dXNlcjpwYXNz\r\nProxy-Connection: keep-alive\r\n" +
          "Keep-Alive: timeout=5\r\nTE: trailers\r\nTrailer: X-T\r\nX-Kept: yes\r\n",
      }),
    );
    strictEqual(response.status, 200, response.head);
    strictEqual(response.body, "ok");
    const seen = upstream.received[0]!.toLowerCase();
    for (const gone of ["x-hop-secret", "proxy-authorization", "proxy-connection", "keep-alive"]) {
      ok(!seen.includes(gone), `${gone} reached the destination:\n${seen}`);
    }
    ok(!seen.includes("\r\nte:"), `TE reached the destination:\n${seen}`);
    ok(!seen.includes("\r\ntrailer:"), `Trailer reached the destination:\n${seen}`);
    ok(!seen.includes("dxnlcjpwyxnz"), "the proxy credential reached the destination");
    ok(seen.includes("\r\nx-kept: yes\r\n"), seen);
    strictEqual(seen.match(/\r\nconnection: /g)?.length, 1);
    ok(seen.includes("\r\nconnection: close\r\n"), seen);
    ok(seen.startsWith("get / http/1.1\r\n"), `not origin-form: ${seen}`);

    const back = response.head.toLowerCase();
    for (const gone of ["x-resp-hop", "keep-alive", "proxy-authenticate"]) {
      ok(!back.includes(gone), `${gone} reached the client:\n${back}`);
    }
    ok(back.includes("\r\nx-resp-kept: yes\r\n"), back);
  } finally {
    await h.close();
    await upstream.close();
  }
});

Deno.test("egress_reencodes_chunked_request_bodies_intact (HTTP)", async () => {
  const upstream = startRawUpstream({
    complete: (received) => received.endsWith("\r\n0\r\n\r\n"),
    reply: "HTTP/1.1 204 No Content\r\n\r\n",
  });
  const h = startEgress({ allow: [`127.0.0.1:${upstream.port}`] });
  try {
    const body = '5;name="v"\r\nhello\r\n0006\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n';
    const response = await h.request(
      httpRequest(`http://127.0.0.1:${upstream.port}/up`, {
        method: "POST",
        extra: "Transfer-Encoding: chunked\r\n",
      }) + body,
    );
    strictEqual(response.status, 204, response.head);
    const seen = upstream.received[0]!;
    const end = seen.indexOf("\r\n\r\n");
    const head = seen.slice(0, end);
    const sent = seen.slice(end + 4);
    ok(/\r\ntransfer-encoding: chunked(\r\n|$)/i.test(head), head);
    ok(!/content-length/i.test(head), head);
    // Extensions and trailers are dropped; the data arrives whole, re-framed.
    strictEqual(sent, "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
    strictEqual(h.audit[0]!.bytesUp, 11);
  } finally {
    await h.close();
    await upstream.close();
  }
});

Deno.test("egress_never_sends_chunked_framing_to_an_http10_client (HTTP)", async () => {
  const upstream = startRawUpstream({
    reply:
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
  });
  const h = startEgress({ allow: [`127.0.0.1:${upstream.port}`] });
  const client = await h.open();
  try {
    await client.write(`GET http://127.0.0.1:${upstream.port}/ HTTP/1.0\r\n\r\n`);
    const response = text(await within(2_000, client.readToEnd(), "the response"));
    const [head = "", body] = response.split("\r\n\r\n");
    ok(!/transfer-encoding/i.test(head), head);
    ok(/\r\nconnection: close$/i.test(head), head);
    strictEqual(body, "hello world");
  } finally {
    client.close();
    await h.close();
    await upstream.close();
  }
});

Deno.test("egress_reads_the_next_request_after_a_body_on_a_kept_alive_connection (HTTP)", async () => {
  const upstream = startHttpUpstream((_, seen) => new Response(`${seen.method} ${seen.body}`));
  const h = startEgress({ allow: [`127.0.0.1:${upstream.port}`] });
  const client = await h.open();
  try {
    const url = `http://127.0.0.1:${upstream.port}/`;
    // A chunked body, a sized body and a HEAD, pipelined in one write.
    await client.write(
      httpRequest(url, { method: "POST", extra: "Transfer-Encoding: chunked\r\n" }) +
        "3\r\none\r\n0\r\n\r\n" +
        httpRequest(url, { method: "PUT", extra: "Content-Length: 3\r\n" }) + "two" +
        httpRequest(url, { method: "HEAD" }) +
        httpRequest(url),
    );
    strictEqual((await client.readResponse()).body, "POST one");
    strictEqual((await client.readResponse()).body, "PUT two");
    const head = await client.readResponse("HEAD");
    strictEqual(head.status, 200);
    strictEqual(head.body, "");
    strictEqual((await client.readResponse()).body, "GET ");
    deepStrictEqual(upstream.requests.map((r) => r.method), ["POST", "PUT", "HEAD", "GET"]);
  } finally {
    client.close();
    await h.close();
    await upstream.close();
  }
});

Deno.test("egress_streams_large_bodies_both_ways (HTTP)", async () => {
  const size = 1024 * 1024 + 7;
  const upload = new Uint8Array(size).map((_, i) => (i * 31) % 251);
  const upstream = startHttpUpstream((_, seen) => new Response(seen.body.repeat(2)));
  const h = startEgress({ allow: [`127.0.0.1:${upstream.port}`] });
  const client = await h.open();
  try {
    const ascii = new TextDecoder().decode(upload.map((b) => 0x41 + (b % 26)));
    await client.write(
      httpRequest(`http://127.0.0.1:${upstream.port}/`, {
        method: "PUT",
        extra: `Content-Length: ${ascii.length}\r\n`,
      }),
    );
    const writing = client.write(ascii);
    const response = await client.readResponse();
    await writing;
    strictEqual(response.status, 200);
    strictEqual(upstream.requests[0]!.body.length, size);
    strictEqual(response.body.length, 2 * size);
    ok(response.body === ascii + ascii, "the body changed on the way");
    strictEqual(h.audit[0]!.bytesUp, size);
    strictEqual(h.audit[0]!.bytesDown, 2 * size);
  } finally {
    client.close();
    await h.close();
    await upstream.close();
  }
});

Deno.test("egress_forwards_bytes_sent_right_after_connect (CONNECT)", async () => {
  const echo = startEchoServer();
  const h = startEgress({ allow: [`127.0.0.1:${echo.port}`] });
  const client = await h.open();
  try {
    // A client that does not wait for 200 before its first bytes (TLS false start style).
    await client.write(connectRequest(`127.0.0.1:${echo.port}`) + "early bytes");
    strictEqual((await client.readResponse("CONNECT")).status, 200);
    strictEqual(text(await client.readExactly(11)), "early bytes");
    // Closing our side ends the tunnel; both directions were counted.
    await client.conn.closeWrite();
    await within(2_000, client.closedByPeer(), "the tunnel ending");
    await within(2_000, waitFor(() => h.audit.length === 2), "the tunnel's audit events");
    deepStrictEqual([h.audit[0]!.reason, h.audit[1]!.reason, h.audit[1]!.ended], [
      "egress.tunnel_open",
      "egress.tunnel_close",
      "closed",
    ]);
    strictEqual(h.audit[1]!.bytesUp, 11);
    strictEqual(h.audit[1]!.bytesDown, 11);
  } finally {
    client.close();
    await h.close();
    await echo.close();
  }
});

Deno.test("egress_answers_100_continue_to_a_client_that_waits_for_it (HTTP)", async () => {
  const upstream = startHttpUpstream((_, seen) => new Response(`got ${seen.body}`));
  const h = startEgress({ allow: [`127.0.0.1:${upstream.port}`] });
  const client = await h.open();
  try {
    await client.write(
      httpRequest(`http://127.0.0.1:${upstream.port}/`, {
        method: "POST",
        extra: "Expect: 100-continue\r\nContent-Length: 5\r\n",
      }),
    );
    // This client waits for the go-ahead before sending its body, as RFC 9110 §10.1.1 allows.
    const interim = await within(2_000, client.readResponse(), "100 Continue");
    strictEqual(interim.status, 100);
    await client.write("hello");
    let final = await client.readResponse();
    while (final.status === 100) final = await client.readResponse();
    strictEqual(final.status, 200, final.head);
    strictEqual(final.body, "got hello");
  } finally {
    client.close();
    await h.close();
    await upstream.close();
  }
});

// --- audit -----------------------------------------------------------------

Deno.test("egress_audits_every_request_once_with_query_values_redacted", async () => {
  const SECRET = "SECRET-0f1e2d3c4b5a";
  const upstream = startHttpUpstream();
  const echo = startEchoServer();
  const h = startEgress({
    allow: [
      `svc.test:${upstream.port}`,
      `127.0.0.1:${upstream.port}`,
      `127.0.0.1:${echo.port}`,
      `private.test:${upstream.port}`,
    ],
    dns: { "svc.test": ["127.0.0.1"], "private.test": ["10.0.0.1"] },
  });
  try {
    const allowed = await h.request(
      httpRequest(`http://svc.test:${upstream.port}/p?token=${SECRET}&x=1`, {
        method: "POST",
        extra: "Content-Length: 5\r\n",
      }) + "hello",
    );
    strictEqual(allowed.status, 200);
    const notAllowed = await h.request(httpRequest(`http://other.test/p?token=${SECRET}`));
    strictEqual(notAllowed.status, 403);
    const privateAddress = await h.request(
      httpRequest(`http://private.test:${upstream.port}/?token=${SECRET}`),
    );
    strictEqual(privateAddress.status, 403);
    const originForm = await h.request(`GET /?token=${SECRET} HTTP/1.1\r\nHost: svc.test\r\n\r\n`);
    strictEqual(originForm.status, 400);
    const malformed = await h.request(`GET http://svc.test/?token=${SECRET} HTTP/1.1\n\n`);
    strictEqual(malformed.status, 400);
    const refusedTunnel = await h.request(connectRequest("other.test:443"), "CONNECT");
    strictEqual(refusedTunnel.status, 403);

    const tunnel = await h.open();
    await tunnel.write(connectRequest(`127.0.0.1:${echo.port}`));
    strictEqual((await tunnel.readResponse("CONNECT")).status, 200);
    await tunnel.write("12345678");
    await tunnel.readExactly(8);
    tunnel.close();
    // Every request once; the tunnel, as a line when it opened and one when it closed.
    await within(2_000, waitFor(() => h.audit.length === 8), "eight audit events");

    ok(h.audit.every((e) => e.channel === "egress" && e.bottle === "test"));
    ok(h.audit.every((e) => !Number.isNaN(Date.parse(e.time)) && e.durationMs >= 0));
    deepStrictEqual(
      h.audit.map((e) => [e.method, e.host, e.status, e.decision, e.reason]),
      [
        ["POST", "svc.test", 200, "allow", "egress.forwarded"],
        ["GET", "other.test", 403, "deny", "egress.not_allowed"],
        ["GET", "private.test", 403, "deny", "egress.private_address"],
        ["GET", "", 400, "deny", "egress.not_a_proxy_request"],
        ["", "", 400, "deny", "http.bare_lf"],
        ["CONNECT", "other.test", 403, "deny", "egress.not_allowed"],
        ["CONNECT", "127.0.0.1", 200, "allow", "egress.tunnel_open"],
        ["CONNECT", "127.0.0.1", 200, "allow", "egress.tunnel_close"],
      ],
    );
    strictEqual(h.audit[0]!.path, "/p?token=*&x=*");
    strictEqual(h.audit[0]!.port, upstream.port);
    strictEqual(h.audit[0]!.bytesUp, 5);
    strictEqual(h.audit[0]!.bytesDown, "hello from upstream".length);
    strictEqual(h.audit[1]!.path, "/p?token=*");
    strictEqual(h.audit[7]!.bytesUp, 8);
    strictEqual(h.audit[7]!.bytesDown, 8);
    strictEqual(h.audit[7]!.ended, "closed");
    ok(!JSON.stringify(h.audit).includes(SECRET), "a query value reached the audit log");
    ok(h.audit.every((e) => e.credentialInjected === false));
  } finally {
    await h.close();
    await upstream.close();
    await echo.close();
  }
});
