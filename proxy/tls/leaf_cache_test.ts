import { deepStrictEqual, rejects, strictEqual } from "node:assert/strict";
import { LeafCache } from "./leaf_cache.ts";

const HOUR = 3_600_000;

/** A cache over fake leaves `{ name, n }` living a day, with a clock the test moves. */
function fakeCache(capacity: number) {
  let clock = 0;
  const made: string[] = [];
  const cache = new LeafCache<{ name: string; n: number; until: number }>({
    capacity,
    make: (name, now) => {
      made.push(name);
      return Promise.resolve({ name, n: made.length, until: now + 24 * HOUR });
    },
    expiresAt: (leaf) => leaf.until,
    renewBeforeMs: HOUR,
    now: () => clock,
  });
  return { cache, made, advance: (ms: number) => clock += ms };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

Deno.test("leaf_cache_makes_a_name_once_while_it_is_fresh", async () => {
  const { cache, made } = fakeCache(4);
  const first = await cache.get("a.test");
  strictEqual(await cache.get("a.test"), first);
  deepStrictEqual(made, ["a.test"]);
});

Deno.test("leaf_cache_shares_one_making_between_concurrent_asks", async () => {
  const { cache, made } = fakeCache(4);
  const [one, two] = await Promise.all([cache.get("a.test"), cache.get("a.test")]);
  strictEqual(one, two);
  deepStrictEqual(made, ["a.test"]);
});

Deno.test("leaf_cache_makes_a_leaf_again_when_less_than_the_margin_is_left", async () => {
  const { cache, made, advance } = fakeCache(4);
  const first = await cache.get("a.test");
  await settle();
  advance(23 * HOUR - 1);
  strictEqual(await cache.get("a.test"), first, "a millisecond more than the margin left: kept");
  await settle();
  advance(1);
  const second = await cache.get("a.test");
  strictEqual(second.n, 2, "exactly the margin left: made again");
  deepStrictEqual(made, ["a.test", "a.test"]);
});

Deno.test("leaf_cache_forgets_the_least_recently_used_name_when_full", async () => {
  const { cache, made } = fakeCache(2);
  await cache.get("a.test");
  await cache.get("b.test");
  await cache.get("a.test"); // a is now the most recently used
  await cache.get("c.test"); // b goes
  strictEqual(cache.size, 2);
  await cache.get("a.test");
  await cache.get("b.test");
  deepStrictEqual(made, ["a.test", "b.test", "c.test", "b.test"]);
});

Deno.test("leaf_cache_does_not_keep_a_failed_making", async () => {
  let fail = true;
  const cache = new LeafCache<number>({
    capacity: 2,
    make: () => fail ? Promise.reject(new Error("no")) : Promise.resolve(1),
    expiresAt: () => Number.MAX_SAFE_INTEGER,
    renewBeforeMs: HOUR,
  });
  await rejects(cache.get("a.test"), /no/);
  await settle();
  strictEqual(cache.size, 0);
  fail = false;
  strictEqual(await cache.get("a.test"), 1);
});
