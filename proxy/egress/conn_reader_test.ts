import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { ConnReader } from "./conn_reader.ts";

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

Deno.test("ConnReader.fill() shares the read in flight instead of starting a second", async () => {
  const conn = pendingConn();
  const reader = new ConnReader(conn);
  const first = reader.fill();
  const second = reader.fill();
  strictEqual(conn.reads(), 1);
  conn.deliver("abc");
  deepStrictEqual([await first, await second], [true, true]);
  strictEqual(new TextDecoder().decode(reader.buffered), "abc");
});

Deno.test("ConnReader.settled() waits for an abandoned read to end", async () => {
  const conn = pendingConn();
  const reader = new ConnReader(conn);
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
