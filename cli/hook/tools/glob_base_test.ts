import { deepStrictEqual } from "node:assert/strict";
import { globBase } from "./glob_base.ts";

Deno.test("globBase() is the literal folder before the first wildcard", () => {
  deepStrictEqual(globBase("/home/agent/.ssh/*"), { base: "/home/agent/.ssh", climbs: false });
  deepStrictEqual(globBase("~/.aws/**"), { base: "~/.aws", climbs: false });
  deepStrictEqual(globBase("src/**/*.ts"), { base: "src", climbs: false });
  deepStrictEqual(globBase("**/*.ts"), { base: "", climbs: false });
  deepStrictEqual(globBase("/*"), { base: "/", climbs: false });
});

Deno.test("globBase() of a pattern without wildcards is its folder", () => {
  deepStrictEqual(globBase("src/x.ts"), { base: "src", climbs: false });
  deepStrictEqual(globBase("x.ts"), { base: "", climbs: false });
});

Deno.test("globBase() reports .. after a wildcard", () => {
  deepStrictEqual(globBase("*/../../.ssh/*"), { base: "", climbs: true });
  deepStrictEqual(globBase("../../home/agent/.ssh/*").climbs, false);
});
