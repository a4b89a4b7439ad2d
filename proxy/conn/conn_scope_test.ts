import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { ConnScope } from "./conn_scope.ts";

function fakeConn(name: string, closed: string[]) {
  return {
    close: () => {
      if (closed.includes(name)) throw new Error("closed twice");
      closed.push(name);
    },
  };
}

Deno.test("ConnScope closes every held connection when its parent signal aborts", () => {
  const parent = new AbortController();
  const scope = new ConnScope(parent.signal);
  const closed: string[] = [];
  strictEqual(scope.hold(fakeConn("client", closed)), true);
  strictEqual(scope.hold(fakeConn("upstream", closed)), true);
  strictEqual(scope.aborted, false);
  parent.abort();
  strictEqual(scope.aborted, true);
  strictEqual(scope.signal.aborted, true);
  deepStrictEqual(closed, ["client", "upstream"]);
  // Too late: closed at once, and the caller is told not to use it.
  strictEqual(scope.hold(fakeConn("late", closed)), false);
  deepStrictEqual(closed, ["client", "upstream", "late"]);
  scope.dispose();
});

Deno.test("ConnScope starts aborted under an aborted parent", () => {
  const parent = new AbortController();
  parent.abort();
  const scope = new ConnScope(parent.signal);
  strictEqual(scope.aborted, true);
  scope.dispose();
});

Deno.test("ConnScope.dispose() closes what is left, detaches, and is no abort", () => {
  const parent = new AbortController();
  const scope = new ConnScope(parent.signal);
  const closed: string[] = [];
  scope.hold(fakeConn("leaked", closed));
  scope.dispose();
  deepStrictEqual(closed, ["leaked"]);
  strictEqual(scope.aborted, false);
  parent.abort();
  strictEqual(scope.aborted, false, "a disposed scope no longer follows its parent");
});

Deno.test("ConnScope.release() lets a connection outlive the session (given back to a pool)", () => {
  const parent = new AbortController();
  const scope = new ConnScope(parent.signal);
  const closed: string[] = [];
  scope.hold(fakeConn("client", closed));
  const pooled = fakeConn("pooled", closed);
  scope.hold(pooled);
  scope.release(pooled);
  parent.abort();
  deepStrictEqual(closed, ["client"]);
  scope.dispose();
  deepStrictEqual(closed, ["client"]);
});
