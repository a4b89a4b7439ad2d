import { deepStrictEqual, equal, ok, strictEqual, throws } from "node:assert/strict";
import { EMPTY_TRUST_STORE, parseTrustStore, recordTrust, trustedHash } from "./trust_store.ts";

const A = "a".repeat(64);
const B = "b".repeat(64);

Deno.test("recordTrust() records a first run and is pure", () => {
  const store = recordTrust(EMPTY_TRUST_STORE, "/workspace/build.sh", A);
  equal(trustedHash(store, "/workspace/build.sh"), A);
  equal(trustedHash(EMPTY_TRUST_STORE, "/workspace/build.sh"), undefined);
  ok(Object.isFrozen(store.binaries));
});

Deno.test("recordTrust() keeps the first hash: a later record cannot replace it", () => {
  const store = recordTrust(EMPTY_TRUST_STORE, "/workspace/build.sh", A);
  strictEqual(recordTrust(store, "/workspace/build.sh", B), store);
  equal(trustedHash(recordTrust(store, "/workspace/build.sh", B), "/workspace/build.sh"), A);
});

Deno.test("recordTrust() refuses relative paths and malformed hashes", () => {
  throws(() => recordTrust(EMPTY_TRUST_STORE, "build.sh", A));
  throws(() => recordTrust(EMPTY_TRUST_STORE, "/a/../b", A));
  throws(() => recordTrust(EMPTY_TRUST_STORE, "/a", A.toUpperCase()));
  throws(() => recordTrust(EMPTY_TRUST_STORE, "/a", "abc"));
});

Deno.test("parseTrustStore() round-trips a store through JSON", () => {
  const store = recordTrust(recordTrust(EMPTY_TRUST_STORE, "/w/a", A), "/w/b", B);
  deepStrictEqual(parseTrustStore(JSON.parse(JSON.stringify(store))), store);
});

Deno.test("parseTrustStore() throws on anything malformed", () => {
  for (
    const bad of [
      null,
      [],
      { version: 2, binaries: {} },
      { version: 1 },
      { version: 1, binaries: [] },
      { version: 1, binaries: {}, extra: 1 },
      { version: 1, binaries: { "w/a": { sha256: A } } },
      { version: 1, binaries: { "/w/a": { sha256: "x" } } },
      { version: 1, binaries: { "/w/a": null } },
    ]
  ) throws(() => parseTrustStore(bad), Error, JSON.stringify(bad));
});

Deno.test("trustedHash() ignores inherited keys", () => {
  equal(trustedHash(EMPTY_TRUST_STORE, "constructor"), undefined);
  equal(
    trustedHash(
      parseTrustStore({ version: 1, binaries: { "/__proto__": { sha256: A } } }),
      "/__proto__",
    ),
    A,
  );
});
