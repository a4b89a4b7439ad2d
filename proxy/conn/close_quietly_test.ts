import { strictEqual } from "node:assert/strict";
import { closeQuietly } from "./close_quietly.ts";

Deno.test("closeQuietly() closes a connection once, however often it is asked (no BadResource built)", () => {
  let closes = 0;
  const conn = {
    close() {
      closes++;
      if (closes > 1) throw new Error("BadResource: already closed");
    },
  };
  closeQuietly(conn);
  closeQuietly(conn);
  closeQuietly(undefined);
  strictEqual(closes, 1);
});

Deno.test("closeQuietly() swallows the error of a connection closed some other way", () => {
  closeQuietly({
    close: () => {
      throw new Error("BadResource");
    },
  });
});
