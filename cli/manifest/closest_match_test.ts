import { strictEqual } from "node:assert/strict";
import { closestMatch, editDistance } from "./closest_match.ts";

Deno.test("editDistance() counts insertions, deletions, substitutions and adjacent swaps", () => {
  const cases: readonly [string, string, number][] = [
    ["", "", 0],
    ["egress", "egress", 0],
    ["", "abc", 3],
    ["abc", "", 3],
    ["egres", "egress", 1],
    ["egresss", "egress", 1],
    ["egrass", "egress", 1],
    ["ab", "ba", 1],
    ["skilsl", "skills", 1],
    ["promtp", "prompt", 1],
    ["kitten", "sitting", 3],
    ["flaw", "lawn", 2],
    // Restricted swaps: a swapped pair is not edited again ("ca" -> "ac" -> "abc" is not allowed).
    ["ca", "abc", 3],
    ["Env", "env", 1],
  ];
  for (const [a, b, distance] of cases) {
    strictEqual(editDistance(a, b), distance, `${a} -> ${b}`);
    strictEqual(editDistance(b, a), distance, `${b} -> ${a}`);
  }
});

const KEYS = [
  "image",
  "workspace",
  "prompt",
  "env",
  "skills",
  "egress",
  "resources",
  "runtime",
  "auth",
] as const;

Deno.test("closestMatch() suggests the key a typo most likely meant", () => {
  const cases: readonly [string, string][] = [
    ["egres", "egress"],
    ["egresss", "egress"],
    ["skils", "skills"],
    ["skilsl", "skills"],
    ["promtp", "prompt"],
    ["resorces", "resources"],
    ["workspce", "workspace"],
    ["runtme", "runtime"],
    ["imgae", "image"],
    ["atuh", "auth"],
    ["evn", "env"],
  ];
  for (const [word, expected] of cases) strictEqual(closestMatch(word, KEYS), expected, word);
});

Deno.test("closestMatch() treats case-only differences as exact and keeps the candidate's case", () => {
  strictEqual(closestMatch("ENV", KEYS), "env");
  strictEqual(closestMatch("Egress", KEYS), "egress");
  strictEqual(closestMatch("fromhost", ["fromHost", "fromFile"]), "fromHost");
  strictEqual(closestMatch("APIKEY", ["oauth", "apiKey"]), "apiKey");
});

Deno.test("closestMatch() returns undefined when nothing is close", () => {
  const cases: readonly string[] = ["volumes", "network", "ports", "xyz", "capabilities"];
  for (const word of cases) strictEqual(closestMatch(word, KEYS), undefined, word);
});

Deno.test("closestMatch() allows one edit per three characters, and at least one", () => {
  // "en" (2 chars) may differ by 1; "ab" from "auth" needs 2.
  strictEqual(closestMatch("en", KEYS), "env");
  strictEqual(closestMatch("ab", ["auth"]), undefined);
  // 6 characters allow 2 edits, not 3.
  strictEqual(closestMatch("egrxxs", ["egress"]), "egress");
  strictEqual(closestMatch("exrxxs", ["egress"]), undefined);
});

Deno.test("closestMatch() returns undefined for no candidates", () => {
  strictEqual(closestMatch("egress", []), undefined);
  strictEqual(closestMatch("", []), undefined);
});

Deno.test("closestMatch() prefers the nearest candidate, then the first listed", () => {
  strictEqual(closestMatch("cpu", ["cpus", "cpx"]), "cpus");
  strictEqual(closestMatch("cpux", ["cpus", "cpuz"]), "cpus");
  strictEqual(closestMatch("cpux", ["cpuz", "cpus"]), "cpuz");
  strictEqual(closestMatch("env", ["en", "env"]), "env");
});
