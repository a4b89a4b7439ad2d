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

Deno.test("ConnScope: a thousand scopes under one server signal add one listener to it, and all abort", () => {
  const parent = new AbortController();
  let listeners = 0;
  const add = parent.signal.addEventListener.bind(parent.signal);
  parent.signal.addEventListener = ((...args: Parameters<AbortSignal["addEventListener"]>) => {
    listeners++;
    add(...args);
  }) as AbortSignal["addEventListener"];
  const scopes = Array.from({ length: 1000 }, () => new ConnScope(parent.signal));
  strictEqual(listeners, 1);
  scopes[0]!.dispose();
  parent.abort();
  strictEqual(scopes[0]!.aborted, false, "a disposed scope does not follow");
  strictEqual(scopes.slice(1).every((scope) => scope.aborted), true);
  for (const scope of scopes) scope.dispose();
});

Deno.test("ConnScope.onAbort() tells its listeners once on abort, and not after they stop or the scope is disposed", () => {
  const scope = new ConnScope();
  const heard: string[] = [];
  scope.onAbort(() => heard.push("a"));
  const stop = scope.onAbort(() => heard.push("b"));
  stop();
  scope.abort();
  scope.abort();
  deepStrictEqual(heard, ["a"]);
  scope.onAbort(() => heard.push("late"));
  deepStrictEqual(heard, ["a"], "an aborted scope has nothing more to tell");
  strictEqual(scope.signal.aborted, true, "a signal asked for after the abort is aborted");
  const other = new ConnScope();
  other.onAbort(() => heard.push("disposed"));
  other.dispose();
  other.abort();
  deepStrictEqual(heard, ["a"]);
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
