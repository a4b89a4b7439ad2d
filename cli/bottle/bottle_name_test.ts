import { ok, strictEqual } from "node:assert/strict";
import fc from "fast-check";
import {
  bottleNameProblem,
  CONTAINER_PREFIX,
  containerName,
  newBottleName,
} from "./bottle_name.ts";

const RANDOM = new Uint8Array([0x0a, 0xbc, 0xff, 0xff]);

Deno.test("bottleNameProblem() accepts 1–48 lowercase letters, digits, '-', '_', '.'", () => {
  for (const name of ["a", "0", "review-1", "a.b_c-d", "x".repeat(48), "9lives"]) {
    strictEqual(bottleNameProblem(name), undefined, name);
  }
});

Deno.test("bottleNameProblem() refuses names that could escape or clash", () => {
  const bad = [
    "",
    "x".repeat(49),
    "Review",
    "-x",
    ".x",
    "_x",
    "a/b",
    "../x",
    "a b",
    "a\nb",
    "é",
    "a:b",
    "a*",
  ];
  for (const name of bad) ok(bottleNameProblem(name) !== undefined, JSON.stringify(name));
});

Deno.test("newBottleName() is the agent's name and four hex digits of the random bytes", () => {
  strictEqual(newBottleName("review", RANDOM), "review-0abc");
  strictEqual(newBottleName("Code Review!", RANDOM), "code-review--0abc");
  strictEqual(newBottleName("--x", RANDOM), "x-0abc");
  strictEqual(newBottleName("!!!", RANDOM), "bottle-0abc");
  strictEqual(newBottleName("", RANDOM), "bottle-0abc");
  strictEqual(newBottleName("a".repeat(60), RANDOM), `${"a".repeat(40)}-0abc`);
});

Deno.test("newBottleName() always gives a valid bottle name, whatever the agent is called", () => {
  fc.assert(
    fc.property(
      fc.string({ unit: "binary" }),
      fc.uint8Array({ minLength: 2, maxLength: 2 }),
      (agent, random) => {
        const name = newBottleName(agent, random);
        strictEqual(bottleNameProblem(name), undefined, name);
      },
    ),
  );
});

Deno.test("containerName() prefixes bottle-", () => {
  strictEqual(CONTAINER_PREFIX, "bottle-");
  strictEqual(containerName("review-1"), "bottle-review-1");
});
