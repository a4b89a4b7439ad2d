import { deepStrictEqual, equal } from "node:assert/strict";
import { parseHookPolicy, renderHookPolicy } from "../hook_policy.ts";
import { compilePathRules } from "./path_rules.ts";

const rules = compilePathRules(renderHookPolicy({ egress: [] }).policy);
const denial = (path: string, access: "read" | "write" = "read") =>
  rules.denial(path, access, false);

Deno.test("denial() denies the read list for reads and writes", () => {
  deepStrictEqual(denial("/home/agent/.ssh/id_rsa"), { pattern: "~/.ssh", list: "denyReadWrite" });
  deepStrictEqual(denial("/workspace/.env", "write"), { pattern: ".env", list: "denyReadWrite" });
});

Deno.test("denial() denies the write list for writes only", () => {
  equal(denial("/workspace/.git/hooks/pre-commit"), undefined);
  deepStrictEqual(denial("/workspace/.git/hooks/pre-commit", "write"), {
    pattern: ".git/hooks",
    list: "denyWrite",
  });
});

Deno.test("denial() lets a template through at its own depth", () => {
  equal(denial("/workspace/.env.example"), undefined);
  equal(denial("/workspace/app/.env.sample", "write"), undefined);
  equal(denial("/workspace/.env.production")?.pattern, ".env.*");
});

Deno.test("denial() keeps a denied folder denied under a relative exception", () => {
  equal(denial("/home/agent/.ssh/.env.example")?.pattern, "~/.ssh");
  equal(denial("/workspace/.env/.env.example")?.pattern, ".env");
});

Deno.test("denial() lets an anchored exception carve a file out of a denied folder", () => {
  const policy = parseHookPolicy({
    ...renderHookPolicy({ egress: [] }).policy,
    paths: { denyReadWrite: ["~/.ssh"], denyWrite: [], allow: ["~/.ssh/known_hosts"] },
  });
  const carved = compilePathRules(policy);
  equal(carved.denial("/home/agent/.ssh/known_hosts", "read", false), undefined);
  equal(
    carved.denial("/home/agent/.ssh/id_rsa", "read", false)?.pattern,
    "~/.ssh",
  );
});

Deno.test("denial() folds case only when asked", () => {
  equal(denial("/workspace/.ENV"), undefined);
  equal(rules.denial("/workspace/.ENV", "read", true)?.pattern, ".env");
});

Deno.test("denial() allows ordinary workspace files", () => {
  for (
    const path of ["/workspace/src/x.ts", "/workspace/README.md", "/tmp/x"]
  ) {
    equal(denial(path, "write"), undefined, path);
  }
  // direnv runs .envrc on the host: readable, never written.
  equal(denial("/workspace/.envrc", "read"), undefined);
  equal(denial("/workspace/.envrc", "write")?.pattern, ".envrc");
});
