/**
 * The API proxy against upstreams that misbehave, over real loopback
 * sockets: exactly what goes upstream, what comes back, and that every way an
 * exchange can end releases the upstream connection promptly.
 */
import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import {
  apiRequest,
  eventually,
  PHANTOM,
  REAL,
  startApiProxy,
} from "../../tests/helpers/api_harness.ts";
import { startFakeMessagesApi } from "../../tests/helpers/fake_messages_api.ts";
import { startHttpUpstream, startRawUpstream } from "../../tests/helpers/loopback_upstreams.ts";
import { exchange, RawClient } from "../../tests/helpers/raw_http_client.ts";
import { within } from "../../tests/helpers/within.ts";

const PATH = "/v1/messages";

/** A loopback upstream that takes connections, never answers, and notes when each is closed. */
function startHoldingUpstream() {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const closed: Array<Promise<void>> = [];
  const conns: Deno.Conn[] = [];
  const accepting = (async () => {
    for await (const conn of listener) {
      conns.push(conn);
      closed.push((async () => {
        const buf = new Uint8Array(65536);
        try {
          while ((await conn.read(buf)) !== null) { /* hold */ }
        } catch { /* reset: closed too */ }
      })());
    }
  })();
  return {
    port: (listener.addr as Deno.NetAddr).port,
    closed,
    close: async () => {
      listener.close();
      for (const conn of conns) {
        try {
          conn.close();
        } catch { /* already closed */ }
      }
      await accepting.catch(() => {});
    },
  };
}

Deno.test("api_proxy_sends_upstream_exactly_the_cleaned_head_and_the_filtered_body_with_its_length", async () => {
  const upstream = startRawUpstream({
    complete: (text) => text.endsWith('"stream":true}'),
    reply: "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
  });
  const proxy = startApiProxy(`http://127.0.0.1:${upstream.port}/gateway`);
  try {
    const body = '{"model":"m","mcp_servers":[1],"stream":true}';
    const response = await exchange(
      proxy.port,
      apiRequest(
        "POST",
        `${PATH}?beta=true`,
        [
          "Anthropic-Version: 2023-06-01",
          "Cookie: s=1",
          "x-api-key: leaked",
          "Accept-Encoding: gzip",
          `Content-Length: ${body.length}`,
        ],
        body,
      ),
      "POST",
    );
    strictEqual(response.status, 200);
    strictEqual(
      upstream.received[0],
      `POST /gateway${PATH}?beta=true HTTP/1.1\r\n` +
        `host: 127.0.0.1:${upstream.port}\r\n` +
        "anthropic-version: 2023-06-01\r\n" +
        "accept-encoding: identity\r\n" +
        `authorization: Bearer ${REAL}\r\n` +
        "content-length: 27\r\n\r\n" +
        '{"model":"m","stream":true}',
    );
    ok(!upstream.received[0]!.includes(PHANTOM));
  } finally {
    await proxy.shutdown();
    await upstream.close();
  }
});

Deno.test("api_proxy_passes_response_headers_minus_hop_by_hop_and_cookies", async () => {
  const upstream = startRawUpstream({
    complete: (text) => text.endsWith("\r\n\r\n{}"),
    reply: "HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\n" +
      "Request-Id: req_1\r\nRetry-After: 3\r\nSet-Cookie: s=1\r\nConnection: x-secret\r\n" +
      "X-Secret: 1\r\nKeep-Alive: timeout=5\r\nContent-Language: en\r\nContent-Length: 2\r\n\r\n{}",
  });
  const proxy = startApiProxy(upstream.port);
  try {
    const response = await exchange(
      proxy.port,
      apiRequest("POST", PATH, ["Content-Length: 2"], "{}"),
      "POST",
    );
    strictEqual(response.status, 429);
    deepStrictEqual(
      [...response.headers.keys()].sort(),
      ["content-language", "content-length", "content-type", "request-id", "retry-after"],
    );
    strictEqual(response.body, "{}");
  } finally {
    await proxy.shutdown();
    await upstream.close();
  }
});

Deno.test("api_proxy_answers_502_for_a_malformed_or_ambiguous_upstream_response", async () => {
  for (
    const reply of [
      "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n{}",
      "HTTP/1.1 200 OK\nContent-Length: 2\n\n{}",
      "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n",
      "SSH-2.0-OpenSSH\r\n\r\n",
    ]
  ) {
    const upstream = startRawUpstream({ complete: (t) => t.endsWith("\r\n\r\n{}"), reply });
    const proxy = startApiProxy(upstream.port);
    try {
      const response = await exchange(
        proxy.port,
        apiRequest("POST", PATH, ["Content-Length: 2"], "{}"),
        "POST",
      );
      strictEqual(response.status, 502, JSON.stringify(reply));
      strictEqual(response.headers.get("x-bottle-error"), "api.bad_response");
      match(response.body, /"type":"api_error"/);
    } finally {
      await proxy.shutdown();
      await upstream.close();
    }
  }
});

Deno.test("api_proxy_answers_504_when_the_upstream_does_not_answer_in_time", async () => {
  const upstream = startHoldingUpstream();
  const proxy = startApiProxy(upstream.port, { headersTimeoutMs: 200 });
  try {
    const response = await within(
      3000,
      exchange(proxy.port, apiRequest("POST", PATH, ["Content-Length: 2"], "{}"), "POST"),
      "the 504",
    );
    strictEqual(response.status, 504);
    strictEqual(response.headers.get("x-bottle-error"), "api.upstream_timeout");
    await within(1000, upstream.closed[0]!, "the upstream connection's close");
  } finally {
    await proxy.shutdown();
    await upstream.close();
  }
});

Deno.test("api_proxy_cancels_upstream_when_client_disconnects", async () => {
  // Before the answer: the upstream is still thinking.
  const holding = startHoldingUpstream();
  const proxy = startApiProxy(holding.port);
  try {
    for (
      const request of [
        apiRequest("GET", "/v1/models", [], ""),
        apiRequest("POST", PATH, ["Content-Length: 2"], "{}"),
      ]
    ) {
      const client = await RawClient.open(proxy.port);
      await client.write(request);
      await eventually(
        () => holding.closed.length === proxy.audit.length + 1,
        "the upstream connection",
      );
      client.close();
      await within(1000, holding.closed.at(-1)!, "the upstream connection's close");
    }
    await eventually(() => proxy.audit.length === 2, "the audit events");
    ok(proxy.audit.every((e) => e.status === 499 && e.reason === "api.client_closed"));
  } finally {
    await proxy.shutdown();
    await holding.close();
  }
  // In the middle of a request body: the body never completes upstream.
  const recording = startHttpUpstream();
  const viaRecording = startApiProxy(recording.port);
  try {
    const client = await RawClient.open(viaRecording.port);
    await client.write(apiRequest("POST", PATH, ["Content-Length: 100"], '{"model":'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    client.close();
    await eventually(() => viaRecording.audit.length === 1, "the audit event");
    strictEqual(viaRecording.audit[0]!.reason, "api.client_closed");
    strictEqual(recording.requests.length, 0);
  } finally {
    await viaRecording.shutdown();
    await recording.close();
  }
});

Deno.test("api_proxy_upstream_closing_without_an_answer_is_a_502", async () => {
  const upstream = startRawUpstream({ complete: (t) => t.endsWith("\r\n\r\n{}"), reply: "" });
  const proxy = startApiProxy(upstream.port);
  try {
    const response = await exchange(
      proxy.port,
      apiRequest("POST", PATH, ["Content-Length: 2"], "{}"),
      "POST",
    );
    strictEqual(response.status, 502);
    strictEqual(response.headers.get("x-bottle-error"), "api.no_response");
  } finally {
    await proxy.shutdown();
    await upstream.close();
  }
});

Deno.test("api_proxy_shutdown_closes_open_connections_and_resolves", async () => {
  const fake = startFakeMessagesApi();
  const never = new Promise<void>(() => {});
  fake.script({
    events: [{ event: "ping", data: {} }, { event: "ping", data: {} }],
    before: () => never,
  });
  const proxy = startApiProxy(fake.port);
  const streaming = await RawClient.open(proxy.port);
  const idle = await RawClient.open(proxy.port);
  try {
    await streaming.write(apiRequest("POST", PATH, ["Content-Length: 2"], "{}"));
    await eventually(() => fake.requests.length === 1, "the upstream request");
    await within(2000, proxy.shutdown(), "the shutdown");
    ok(await within(1000, streaming.closedByPeer(), "the streaming client's close"));
    ok(await within(1000, idle.closedByPeer(), "the idle client's close"));
    await within(1000, fake.cancelled(), "the upstream stream's cancel");
  } finally {
    streaming.close();
    idle.close();
    await fake.close();
  }
});

Deno.test("api_proxy_caps_concurrent_connections_with_a_503", async () => {
  const fake = startFakeMessagesApi();
  const proxy = startApiProxy(fake.port, { limits: { maxConnections: 1 } });
  const first = await RawClient.open(proxy.port);
  try {
    await first.write(apiRequest("GET", "/v1/models", [], ""));
    strictEqual((await first.readResponse()).status, 200);
    const second = await exchange(proxy.port, apiRequest("GET", "/v1/models", [], ""));
    strictEqual(second.status, 503);
    strictEqual(second.headers.get("x-bottle-error"), "api.too_many_connections");
    first.close();
    await eventually(() => proxy.audit.length === 2, "the audit events");
    // The slot is free again once the first connection is gone.
    let third = await exchange(proxy.port, apiRequest("GET", "/v1/models", [], ""));
    for (let i = 0; third.status === 503 && i < 50; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      third = await exchange(proxy.port, apiRequest("GET", "/v1/models", [], ""));
    }
    strictEqual(third.status, 200);
  } finally {
    first.close();
    await proxy.shutdown();
    await fake.close();
  }
});
