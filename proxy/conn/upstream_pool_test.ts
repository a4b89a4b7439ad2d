/**
 * The upstream pool on its own, with fake connections: which connection is
 * handed out for which key, the bounds, and what drops an idle connection.
 * The proxies' use of it is tested in `proxy/api/api_proxy_pool_test.ts` and
 * `proxy/egress/egress_proxy_pool_test.ts`.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { ByteReader } from "../http/byte_reader.ts";
import { type UpstreamLink, UpstreamPool } from "./upstream_pool.ts";

/**
 * A connection whose reads wait until `end` (the peer closes) or `send` (the
 * peer sends bytes) is called; records whether it was closed.
 */
function fakeLink(): UpstreamLink & {
  closed: () => boolean;
  end: () => void;
  send: (bytes: string) => void;
} {
  let closed = false;
  let settle: (n: number | null) => void = () => {};
  let into: Uint8Array = new Uint8Array(0);
  const conn = {
    read: (p: Uint8Array) =>
      new Promise<number | null>((resolve) => {
        into = p;
        settle = resolve;
      }),
    close: () => {
      closed = true;
      settle(null);
    },
  } as unknown as Deno.Conn;
  return {
    conn,
    reader: new ByteReader(conn),
    closed: () => closed,
    end: () => settle(null),
    send: (bytes) => {
      const data = new TextEncoder().encode(bytes);
      into.set(data);
      settle(data.length);
    },
  };
}

const limits = (maxIdle: number, idleMs = 60_000, maxIdlePerKey = maxIdle) => ({
  maxIdle,
  maxIdlePerKey,
  idleMs,
});

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

Deno.test("UpstreamPool gives back the most recent idle connection and evicts the oldest past maxIdle", () => {
  const pool = new UpstreamPool(limits(2));
  const [a, b, c] = [fakeLink(), fakeLink(), fakeLink()];
  pool.give("k", a);
  pool.give("k", b);
  pool.give("k", c);
  ok(a.closed(), "the oldest was kept past maxIdle");
  strictEqual(pool.take("k"), c);
  strictEqual(pool.take("k"), b);
  strictEqual(pool.take("k"), undefined);
  pool.close();
});

Deno.test("UpstreamPool with maxIdle 0 keeps nothing", () => {
  const pool = new UpstreamPool(limits(0));
  const link = fakeLink();
  pool.give("k", link);
  ok(link.closed());
  strictEqual(pool.take("k"), undefined);
});

Deno.test("UpstreamPool drops a connection the upstream closes while it idles", async () => {
  const pool = new UpstreamPool(limits(4));
  const link = fakeLink();
  pool.give("k", link);
  link.end();
  await tick();
  ok(link.closed());
  strictEqual(pool.size, 0);
  strictEqual(pool.take("k"), undefined);
  pool.close();
});

Deno.test("UpstreamPool closes idle connections after idleMs and all of them on close", async () => {
  const pool = new UpstreamPool(limits(4, 20));
  const old = fakeLink();
  pool.give("k", old);
  await new Promise((resolve) => setTimeout(resolve, 60));
  ok(old.closed());
  const kept = fakeLink();
  pool.give("k", kept);
  pool.close();
  ok(kept.closed());
  const late = fakeLink();
  pool.give("k", late);
  ok(late.closed(), "a closed pool kept a connection");
});

Deno.test("upstream_pool_hands_a_connection_out_only_for_the_key_it_was_kept_under", () => {
  const pool = new UpstreamPool(limits(8));
  const a = fakeLink();
  const b = fakeLink();
  pool.give("127.0.0.1 80 a.test", a);
  pool.give("127.0.0.1 80 b.test", b);
  strictEqual(pool.take("127.0.0.1 80 c.test"), undefined);
  strictEqual(pool.take("127.0.0.1 80 b.test"), b);
  strictEqual(pool.take("127.0.0.1 80 b.test"), undefined, "a.test's connection went to b.test");
  strictEqual(pool.take("127.0.0.1 80 a.test"), a);
  pool.close();
});

Deno.test("upstream_pool_bounds_idle_connections_per_key_and_in_all", () => {
  const pool = new UpstreamPool(limits(3, 60_000, 2));
  const [a1, a2, a3] = [fakeLink(), fakeLink(), fakeLink()];
  pool.give("a", a1);
  pool.give("a", a2);
  pool.give("a", a3);
  ok(a1.closed(), "a third idle connection for one key was kept past maxIdlePerKey");
  strictEqual(pool.sizeOf("a"), 2);
  const [b1, b2] = [fakeLink(), fakeLink()];
  pool.give("b", b1);
  strictEqual(pool.size, 3);
  pool.give("b", b2);
  // Full in all: the oldest idle connection of any key goes.
  ok(a2.closed(), "the oldest idle connection was kept past maxIdle");
  strictEqual(pool.size, 3);
  deepStrictEqual([pool.sizeOf("a"), pool.sizeOf("b")], [1, 2]);
  strictEqual(pool.take("a"), a3);
  strictEqual(pool.take("b"), b2);
  strictEqual(pool.take("b"), b1);
  pool.close();
});

Deno.test("upstream_pool_drops_a_connection_that_sends_bytes_unasked", async () => {
  const pool = new UpstreamPool(limits(4));
  const link = fakeLink();
  pool.give("k", link);
  link.send("HTTP/1.1 200 OK\r\n\r\n");
  await tick();
  ok(link.closed(), "a connection that spoke while idle was kept");
  strictEqual(pool.take("k"), undefined);
});

Deno.test("upstream_pool_never_keeps_a_connection_with_unread_bytes_or_at_eof", async () => {
  const pool = new UpstreamPool(limits(4));
  const extra = fakeLink();
  const reading = extra.reader.fill();
  extra.send("leftover");
  await reading;
  pool.give("k", extra);
  ok(extra.closed(), "a connection with bytes past its response was kept");
  const ended = fakeLink();
  const ending = ended.reader.fill();
  ended.end();
  await ending;
  pool.give("k", ended);
  ok(ended.closed(), "a connection the upstream had closed was kept");
  strictEqual(pool.size, 0);
});
