import { ok, strictEqual } from "node:assert/strict";
import { formatTable } from "./ls.ts";

Deno.test("formatTable() aligns columns to the widest cell, two spaces apart", () => {
  strictEqual(
    formatTable([
      ["NAME", "AGENT", "STATE", "AGE", "SUPERVISOR", "WORKSPACE"],
      ["review-1", "review", "running", "3h", "alive (4242)", "/home/u/proj"],
      ["a", "dev", "orphaned", "12m", "gone", "/w"],
    ]),
    "NAME      AGENT   STATE     AGE  SUPERVISOR    WORKSPACE\n" +
      "review-1  review  running   3h   alive (4242)  /home/u/proj\n" +
      "a         dev     orphaned  12m  gone          /w\n",
  );
});

Deno.test("formatTable() never pads the last column (no trailing spaces)", () => {
  const text = formatTable([["A", "LONG HEADER"], ["x", "y"]]);
  for (const line of text.split("\n")) ok(!line.endsWith(" "), JSON.stringify(line));
});

Deno.test("formatTable() of the header alone is one line", () => {
  strictEqual(formatTable([["NAME", "STATE"]]), "NAME  STATE\n");
});

Deno.test("formatTable() tolerates a row shorter than the header", () => {
  strictEqual(formatTable([["AA", "BB", "CC"], ["x"]]), "AA  BB  CC\nx\n");
});
