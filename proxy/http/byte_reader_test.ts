import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { ByteReader, MAX_READ_BYTES } from "./byte_reader.ts";

/** A connection that serves reads from a script and records how much room each read had. */
function scripted(chunks: Array<Uint8Array | null>) {
  const asked: number[] = [];
  const waiting: Array<() => void> = [];
  let gate = Promise.resolve();
  return {
    asked,
    hold: () => gate = new Promise<void>((resolve) => waiting.push(resolve)),
    release: () => waiting.shift()?.(),
    read: async (p: Uint8Array): Promise<number | null> => {
      asked.push(p.length);
      await gate;
      const next = chunks.shift();
      if (next === undefined || next === null) return null;
      p.set(next.subarray(0, p.length));
      return Math.min(next.length, p.length);
    },
  };
}

Deno.test("ByteReader grows its reads while they come back full, up to the cap, and shrinks when idle", async () => {
  const full = new Uint8Array(MAX_READ_BYTES);
  const conn = scripted(Array.from({ length: 8 }, () => full));
  const reader = new ByteReader(conn);
  for (let i = 0; i < 8; i++) {
    ok(await reader.fill());
    reader.consume(reader.buffered.length);
  }
  deepStrictEqual(conn.asked.slice(0, 7), [16384, 32768, 65536, 131072, 262144, 524288, 524288]);
  reader.shrink();
  ok(!(await reader.fill()));
  strictEqual(conn.asked.at(-1), 16384);
  ok(reader.eof);
});

Deno.test("ByteReader.fill() joins a read in flight instead of starting a second", async () => {
  const conn = scripted([new Uint8Array([1, 2, 3]), new Uint8Array([4])]);
  const reader = new ByteReader(conn);
  conn.hold();
  const watching = reader.fill();
  ok(reader.reading);
  const needing = reader.fill();
  strictEqual(watching, needing);
  conn.release();
  ok(await needing);
  deepStrictEqual([...reader.buffered], [1, 2, 3]);
  strictEqual(conn.asked.length, 1);
  reader.consume(2);
  ok(await reader.fill());
  deepStrictEqual([...reader.buffered], [3, 4]);
});

Deno.test("ByteReader keeps bytes in place while a read is in flight", async () => {
  const conn = scripted([new Uint8Array([1, 2]), new Uint8Array([3])]);
  const reader = new ByteReader(conn);
  ok(await reader.fill());
  conn.hold();
  const pending = reader.fill();
  // Consuming everything during the read must not move the region the read writes into.
  reader.consume(2);
  conn.release();
  ok(await pending);
  deepStrictEqual([...reader.buffered], [3]);
});

Deno.test("ByteReader reports a failed read as the end of the stream", async () => {
  const reader = new ByteReader({ read: () => Promise.reject(new Error("reset")) });
  ok(!(await reader.fill()));
  ok(reader.eof);
  ok(!(await reader.fill()));
});

/** A connection whose reads wait until the test delivers bytes or closes it. */
function pendingConn() {
  const waiting: Array<(n: number | null) => void> = [];
  let target: Uint8Array | undefined;
  return {
    reads: () => waiting.length,
    read(p: Uint8Array): Promise<number | null> {
      target = p;
      return new Promise((resolve) => waiting.push(resolve));
    },
    deliver(text: string) {
      const bytes = new TextEncoder().encode(text);
      target!.set(bytes);
      waiting.shift()!(bytes.length);
    },
    close() {
      for (const resolve of waiting.splice(0)) resolve(null);
    },
  };
}

Deno.test("ByteReader.fill() shares the read in flight instead of starting a second", async () => {
  const conn = pendingConn();
  const reader = new ByteReader(conn);
  const first = reader.fill();
  const second = reader.fill();
  strictEqual(conn.reads(), 1);
  conn.deliver("abc");
  deepStrictEqual([await first, await second], [true, true]);
  strictEqual(new TextDecoder().decode(reader.buffered), "abc");
});

Deno.test("ByteReader.settled() waits for an abandoned read to end", async () => {
  const conn = pendingConn();
  const reader = new ByteReader(conn);
  void reader.fill();
  let settled = false;
  const waiting = reader.settled().then(() => settled = true);
  await Promise.resolve();
  strictEqual(settled, false);
  conn.close();
  await waiting;
  strictEqual(reader.eof, true);
  await reader.settled(); // nothing in flight: at once
});

Deno.test("ByteReader.unshift() puts bytes back before what is buffered, with or without room", async () => {
  const conn = pendingConn();
  const reader = new ByteReader(conn);
  const filled = reader.fill();
  conn.deliver("abcdef");
  await filled;
  reader.consume(3);
  reader.unshift(new TextEncoder().encode("XY")); // room in front
  strictEqual(new TextDecoder().decode(reader.buffered), "XYdef");
  reader.unshift(new TextEncoder().encode("0123456789")); // no room: a new buffer
  strictEqual(new TextDecoder().decode(reader.take()), "0123456789XYdef");
  strictEqual(reader.buffered.length, 0);
});

Deno.test("ByteReader.release() drops an empty buffer, keeps a non-empty one, and a later fill allocates again", async () => {
  const conn = scripted([new Uint8Array([1, 2]), new Uint8Array([3])]);
  const reader = new ByteReader(conn);
  ok(await reader.fill());
  reader.release(); // two bytes buffered: kept
  deepStrictEqual([...reader.buffered], [1, 2]);
  reader.consume(2);
  reader.release();
  strictEqual(reader.buffered.length, 0);
  ok(await reader.fill());
  deepStrictEqual([...reader.buffered], [3]);
  strictEqual(conn.asked.at(-1), 16384);
});

Deno.test("ByteReader.release() lends its buffer to the next reader, which shows none of the old bytes", async () => {
  const first = new ByteReader({ read: (p) => (p.set([1, 2, 3]), Promise.resolve(3)) });
  await first.fill();
  const lent = first.buffered.buffer;
  first.consume(3);
  first.release();
  const next = new ByteReader({ read: (p) => (p.set([9]), Promise.resolve(1)) });
  strictEqual(next.buffered.length, 0);
  await next.fill();
  strictEqual(next.buffered.buffer, lent, "the released buffer is reused");
  deepStrictEqual([...next.buffered], [9]);
});
