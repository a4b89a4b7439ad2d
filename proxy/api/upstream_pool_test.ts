/**
 * Reuse of upstream connections: unit tests of the pool, and the API proxy
 * against a loopback upstream that keeps connections alive, closes them, or
 * closes one just as it is reused.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { apiRequest, startApiProxy } from "../../tests/helpers/api_harness.ts";
import { exchange } from "../../tests/helpers/raw_http_client.ts";
import { ByteReader } from "../http/byte_reader.ts";
import { type UpstreamLink, UpstreamPool } from "./upstream_pool.ts";

/** A connection whose reads wait until `end` is called; records whether it was closed. */
function fakeLink(): UpstreamLink & { closed: () => boolean; end: () => void } {
  let closed = false;
  let end: (n: null) => void = () => {};
  const conn = {
    read: () => new Promise<null>((resolve) => end = resolve),
    close: () => {
      closed = true;
      end(null);
    },
  } as unknown as Deno.Conn;
  return { conn, reader: new ByteReader(conn), closed: () => closed, end: () => end(null) };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

Deno.test("UpstreamPool gives back the most recent idle connection and evicts the oldest past maxIdle", () => {
  const pool = new UpstreamPool({ maxIdle: 2, idleMs: 60_000 });
  const [a, b, c] = [fakeLink(), fakeLink(), fakeLink()];
  pool.give(a);
  pool.give(b);
  pool.give(c);
  ok(a.closed(), "the oldest was kept past maxIdle");
  strictEqual(pool.take(), c);
  strictEqual(pool.take(), b);
  strictEqual(pool.take(), undefined);
  pool.close();
});

Deno.test("UpstreamPool with maxIdle 0 keeps nothing", () => {
  const pool = new UpstreamPool({ maxIdle: 0, idleMs: 60_000 });
  const link = fakeLink();
  pool.give(link);
  ok(link.closed());
  strictEqual(pool.take(), undefined);
});

Deno.test("UpstreamPool drops a connection the upstream closes while it idles", async () => {
  const pool = new UpstreamPool({ maxIdle: 4, idleMs: 60_000 });
  const link = fakeLink();
  pool.give(link);
  link.end();
  await tick();
  ok(link.closed());
  strictEqual(pool.size, 0);
  strictEqual(pool.take(), undefined);
  pool.close();
});

Deno.test("UpstreamPool closes idle connections after idleMs and all of them on close", async () => {
  const pool = new UpstreamPool({ maxIdle: 4, idleMs: 20 });
  const old = fakeLink();
  pool.give(old);
  await new Promise((resolve) => setTimeout(resolve, 60));
  ok(old.closed());
  const kept = fakeLink();
  pool.give(kept);
  pool.close();
  ok(kept.closed());
  const late = fakeLink();
  pool.give(late);
  ok(late.closed(), "a closed pool kept a connection");
});

/**
 * A keep-alive upstream answering each GET head with a small response. `policy`
 * decides per connection and request: answer, answer and close, or close unanswered.
 */
function startKeepAliveUpstream(
  policy: (conn: number, request: number) => "answer" | "answer-close" | "drop",
) {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const requests: number[] = [];
  const conns: Deno.Conn[] = [];
  const accepting = (async () => {
    for await (const conn of listener) {
      const index = conns.push(conn) - 1;
      requests[index] = 0;
      (async () => {
        const buf = new Uint8Array(65536);
        let text = "";
        try {
          for (;;) {
            const n = await conn.read(buf);
            if (n === null) break;
            text += new TextDecoder().decode(buf.subarray(0, n));
            while (text.includes("\r\n\r\n")) {
              text = text.slice(text.indexOf("\r\n\r\n") + 4);
              const action = policy(index, requests[index]!++);
              if (action === "drop") throw new Error("drop");
              const body = `conn ${index}`;
              await conn.write(new TextEncoder().encode(
                `HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n` +
                  `${action === "answer-close" ? "Connection: close\r\n" : ""}\r\n${body}`,
              ));
              if (action === "answer-close") throw new Error("close");
            }
          }
        } catch { /* dropped or closed */ }
        try {
          conn.close();
        } catch { /* already closed */ }
      })();
    }
  })();
  return {
    port: (listener.addr as Deno.NetAddr).port,
    requests,
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
