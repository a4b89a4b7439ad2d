/**
 * The API proxy's reuse of upstream connections, against a loopback upstream
 * that keeps connections alive, closes them, or closes one just as it is
 * reused.
 */
import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { apiRequest, startApiProxy } from "../../tests/helpers/api_harness.ts";
import { startKeepAliveUpstream } from "../../tests/helpers/loopback_upstreams.ts";
import { exchange } from "../../tests/helpers/raw_http_client.ts";

const get = (port: number) => exchange(port, apiRequest("GET", "/v1/models", [], ""));

Deno.test("api_proxy_reuses_an_idle_upstream_connection", async () => {
  const upstream = startKeepAliveUpstream(() => "answer");
  const proxy = startApiProxy(upstream.port);
  try {
    for (let i = 0; i < 3; i++) strictEqual((await get(proxy.port)).body, "conn 0");
    deepStrictEqual(upstream.requests, [3]);
  } finally {
    await proxy.shutdown();
    await upstream.close();
  }
});

Deno.test("api_proxy_does_not_reuse_an_upstream_connection_that_said_close", async () => {
  const upstream = startKeepAliveUpstream(() => "answer-close");
  const proxy = startApiProxy(upstream.port);
  try {
    strictEqual((await get(proxy.port)).body, "conn 0");
    strictEqual((await get(proxy.port)).body, "conn 1");
  } finally {
    await proxy.shutdown();
    await upstream.close();
  }
});

Deno.test("api_proxy_retries_a_get_on_a_new_connection_when_the_pooled_one_was_closed", async () => {
  // Connection 0 answers once, then closes without answering the next request.
  const upstream = startKeepAliveUpstream((conn, request) =>
    conn === 0 && request > 0 ? "drop" : "answer"
  );
  const proxy = startApiProxy(upstream.port);
  try {
    strictEqual((await get(proxy.port)).body, "conn 0");
    const retried = await get(proxy.port);
    strictEqual(retried.status, 200);
    strictEqual(retried.body, "conn 1");
  } finally {
    await proxy.shutdown();
    await upstream.close();
  }
});

Deno.test("api_proxy_never_sends_a_post_twice_when_the_pooled_connection_was_closed", async () => {
  const upstream = startKeepAliveUpstream((conn, request) =>
    conn === 0 && request > 0 ? "drop" : "answer"
  );
  const proxy = startApiProxy(upstream.port);
  try {
    strictEqual((await get(proxy.port)).body, "conn 0");
    const post = await exchange(
      proxy.port,
      apiRequest("POST", "/v1/messages", ["Content-Length: 2"], "{}"),
      "POST",
    );
    // Its body was used on the closed connection: the client is told, and may retry itself.
    strictEqual(post.status, 502);
    strictEqual(post.headers.get("x-bottle-error"), "api.no_response");
    deepStrictEqual(upstream.requests, [2]);
  } finally {
    await proxy.shutdown();
    await upstream.close();
  }
});
