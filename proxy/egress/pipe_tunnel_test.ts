import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { LARGE_COPY_BYTES, pipeTunnel, SMALL_COPY_BYTES, type TunnelEnd } from "./pipe_tunnel.ts";

/** An end that serves scripted reads (then end of stream), records each read's room, and keeps what is written. */
function scriptedEnd(reads: number[]) {
  const asked: number[] = [];
  const written: number[] = [];
  const end: TunnelEnd = {
    read: (p) => {
      asked.push(p.length);
      const n = reads.shift();
      return Promise.resolve(n === undefined ? null : Math.min(n, p.length));
    },
    write: (p) => {
      written.push(p.length);
      return Promise.resolve(p.length);
    },
    close: () => {},
  };
  return { end, asked, written };
}

Deno.test("pipeTunnel() reads into a small buffer, a large one while reads fill it, and the small one again after a short read", async () => {
  const client = scriptedEnd([
    10,
    SMALL_COPY_BYTES,
    LARGE_COPY_BYTES,
    LARGE_COPY_BYTES,
    100,
    5,
  ]);
  const upstream = scriptedEnd([]);
  const result = await pipeTunnel(client.end, upstream.end, { idleMs: 10_000, lifetimeMs: 10_000 });
  deepStrictEqual(client.asked, [
    SMALL_COPY_BYTES,
    SMALL_COPY_BYTES,
    LARGE_COPY_BYTES,
    LARGE_COPY_BYTES,
    LARGE_COPY_BYTES,
    SMALL_COPY_BYTES,
    SMALL_COPY_BYTES,
  ]);
  strictEqual(result.bytesUp, 10 + SMALL_COPY_BYTES + 2 * LARGE_COPY_BYTES + 105);
  deepStrictEqual(upstream.written, [
    10,
    SMALL_COPY_BYTES,
    LARGE_COPY_BYTES,
    LARGE_COPY_BYTES,
    100,
    5,
  ]);
  strictEqual(result.ended, "closed");
});

Deno.test("pipe_tunnel_holds_1_KiB_per_direction_while_idle", async () => {
  const asked: number[] = [];
  const idleEnd = (): TunnelEnd & { end(): void } => {
    let finish: (n: null) => void = () => {};
    return {
      read: (p) => {
        asked.push(p.length);
        return new Promise((resolve) => finish = resolve);
      },
      write: (p) => Promise.resolve(p.length),
      close: () => finish(null),
      end: () => finish(null),
    };
  };
  const client = idleEnd();
  const upstream = idleEnd();
  const piping = pipeTunnel(client, upstream, { idleMs: 10_000, lifetimeMs: 10_000 });
  await new Promise((resolve) => setTimeout(resolve, 5));
  deepStrictEqual(asked, [1024, 1024]);
  client.end();
  upstream.end();
  strictEqual((await piping).ended, "closed");
});
