/**
 * The API proxy's strict reading of what the bottle sends, over real loopback
 * sockets: smuggling forms and malformed heads are refused before anything
 * reaches the upstream, stalled heads are answered 408, and kept-alive
 * connections carry one request after another.
 */
import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { apiRequest, eventually, startApiProxy } from "../../tests/helpers/api_harness.ts";
import { startFakeMessagesApi } from "../../tests/helpers/fake_messages_api.ts";
import { startRawUpstream } from "../../tests/helpers/loopback_upstreams.ts";
import { exchange, RawClient } from "../../tests/helpers/raw_http_client.ts";
import { within } from "../../tests/helpers/within.ts";

const PATH = "/v1/messages";

/** Sends `request` to a proxy in front of a recording upstream; returns the answer and what reached upstream. */
async function refused(request: string) {
  const upstream = startRawUpstream({ reply: "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n" });
  const proxy = startApiProxy(upstream.port);
  try {
    const response = await exchange(proxy.port, request, "POST");
    await eventually(() => proxy.audit.length > 0, "the audit event");
    return { response, upstream: upstream.received.length, audit: proxy.audit };
  } finally {
    await proxy.shutdown();
    await upstream.close();
  }
}

Deno.test("api_proxy_refuses_content_length_with_transfer_encoding", async () => {
  const { response, upstream, audit } = await refused(
    apiRequest(
      "POST",
      PATH,
      ["Content-Length: 4", "Transfer-Encoding: chunked"],
      "0\r\n\r\n",
    ),
  );
  strictEqual(response.status, 400);
  strictEqual(response.headers.get("x-bottle-deny"), "http.cl_and_te");
  strictEqual(response.headers.get("connection"), "close");
  deepStrictEqual(JSON.parse(response.body).type, "error");
  strictEqual(upstream, 0, "the request reached upstream");
  deepStrictEqual([audit[0]!.decision, audit[0]!.reason], ["deny", "http.cl_and_te"]);
});

Deno.test("api_proxy_refuses_every_ambiguous_or_malformed_head_before_the_upstream", async () => {
  const cases: Array<[string, number, string]> = [
    [
      apiRequest("POST", PATH, ["Content-Length: 2", "Content-Length: 3"], "{}"),
      400,
      "http.conflicting_length",
    ],
    [
      apiRequest("POST", PATH, ["Transfer-Encoding: gzip, chunked"], ""),
      501,
      "http.unsupported_transfer_coding",
    ],
    [
      apiRequest("POST", PATH, ["Transfer-Encoding: chunked", "Transfer-Encoding: chunked"], ""),
      400,
      "http.bad_transfer_encoding",
    ],
    [`POST ${PATH} HTTP/1.1\nHost: x\n\n`, 400, "http.bare_lf"],
    [apiRequest("POST", PATH, ["X-A: 1", " folded"], ""), 400, "http.obs_fold"],
    [apiRequest("POST", PATH, ["Content-Length : 2"], "{}"), 400, "http.space_before_colon"],
    [apiRequest("POST", PATH, ["Host: other"], ""), 400, "http.duplicate_host"],
    [`POST ${PATH} HTTP/2.0\r\nHost: x\r\n\r\n`, 505, "http.bad_version"],
    [apiRequest("POST", PATH, ["X-A: a\x00b"], ""), 400, "http.nul"],
    [apiRequest("POST", PATH, [`X-Big: ${"a".repeat(40_000)}`], ""), 431, "http.head_too_large"],
  ];
  for (const [request, status, code] of cases) {
    const { response, upstream } = await refused(request);
    deepStrictEqual(
      [
        response.status,
        response.headers.get("x-bottle-deny") ?? response.headers.get("x-bottle-error"),
      ],
      [status, code],
      JSON.stringify(request.slice(0, 80)),
    );
    strictEqual(upstream, 0);
  }
});

Deno.test("api_proxy_accepts_origin_form_targets_only", async () => {
  for (
    const request of [
      apiRequest("POST", `http://127.0.0.1${PATH}`, ["Content-Length: 2"], "{}"),
      apiRequest("POST", `https://api.anthropic.com${PATH}`, ["Content-Length: 2"], "{}"),
      apiRequest("CONNECT", "api.anthropic.com:443", [], ""),
      apiRequest("OPTIONS", "*", [], ""),
    ]
  ) {
    const { response, upstream } = await refused(request);
    strictEqual(response.status, 404, request.split("\r\n")[0]);
    match(response.body, /"type":"not_found_error"/);
    strictEqual(upstream, 0);
  }
});

Deno.test("api_proxy_answers_408_when_a_request_head_stalls_and_closes", async () => {
  const upstream = startRawUpstream();
  const proxy = startApiProxy(upstream.port, { limits: { headerTimeoutMs: 200 } });
  const client = await RawClient.open(proxy.port);
  try {
    await client.write(`POST ${PATH} HTTP/1.1\r\nHost: x\r\nAuthori`);
    const response = await within(2000, client.readResponse("POST"), "the 408 answer");
    strictEqual(response.status, 408);
    strictEqual(response.headers.get("x-bottle-deny"), "api.header_timeout");
    ok(await within(2000, client.closedByPeer(), "the close"));
    strictEqual(upstream.received.length, 0);
  } finally {
    client.close();
    await proxy.shutdown();
    await upstream.close();
  }
});

Deno.test("api_proxy_closes_a_silent_connection_without_an_answer", async () => {
  const fake = startFakeMessagesApi();
  const proxy = startApiProxy(fake.port, {
    limits: { headerTimeoutMs: 200, keepAliveIdleMs: 200 },
  });
  try {
    // A connection that never sends anything.
    const silent = await RawClient.open(proxy.port);
    strictEqual((await within(2000, silent.readToEnd(), "the close")).length, 0);
    silent.close();
    // A kept-alive connection that goes quiet after one request.
    const idle = await RawClient.open(proxy.port);
    await idle.write(apiRequest("POST", PATH, ["Content-Length: 2"], "{}"));
    strictEqual((await idle.readResponse("POST")).status, 200);
    strictEqual((await within(2000, idle.readToEnd(), "the idle close")).length, 0);
    idle.close();
    strictEqual(proxy.audit.length, 1, "a silent connection is no request");
  } finally {
    await proxy.shutdown();
    await fake.close();
  }
});

Deno.test("api_proxy_serves_several_requests_on_one_kept_alive_connection", async () => {
  const fake = startFakeMessagesApi();
  const proxy = startApiProxy(fake.port);
  const client = await RawClient.open(proxy.port);
  try {
    for (let i = 0; i < 3; i++) {
      await client.write(apiRequest("POST", PATH, ["Content-Length: 2"], "{}"));
      const response = await client.readResponse("POST");
      strictEqual(response.status, 200);
      strictEqual(response.headers.get("connection"), undefined);
      match(response.body, /message_stop/);
    }
    // Two requests in one write (pipelined) are answered in order.
    await client.write(
      apiRequest("GET", "/v1/models", [], "") +
        apiRequest("POST", PATH, ["Content-Length: 2"], "{}"),
    );
    strictEqual((await client.readResponse("GET")).status, 200);
    strictEqual((await client.readResponse("POST")).status, 200);
    strictEqual(fake.requests.length, 5);
    await eventually(() => proxy.audit.length === 5, "five audit events");
  } finally {
    client.close();
    await proxy.shutdown();
    await fake.close();
  }
});

Deno.test("api_proxy_answers_a_refusal_before_a_large_unread_body_and_closes", async () => {
  const fake = startFakeMessagesApi();
  const proxy = startApiProxy(fake.port);
  const client = await RawClient.open(proxy.port);
  try {
    // A wrong credential with a large body still gets its answer, not a reset.
    const body = `{"a":"${"x".repeat(2_000_000)}"}`;
    await client.write(
      `POST ${PATH} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer nope\r\n` +
        `Content-Length: ${body.length}\r\n\r\n`,
    );
    const writing = client.write(body).catch(() => {});
    // Read only once the proxy has answered and closed.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const response = await client.readResponse("POST");
    strictEqual(response.status, 401);
    strictEqual(response.headers.get("connection"), "close");
    ok(await within(3000, client.closedByPeer(), "the close"));
    await writing;
    strictEqual(fake.requests.length, 0);
  } finally {
    client.close();
    await proxy.shutdown();
    await fake.close();
  }
});
