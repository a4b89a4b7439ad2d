import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import { DEFAULT_PATHS } from "../hook/hook_policy.ts";
import { GUARDS } from "./testdata/test_plan.ts";
import { hookPolicyOf } from "./hook_policy_of.ts";
import type { BottlePlan } from "./plan.ts";

const PLAN = { ...GUARDS, egressAllow: ["registry.npmjs.org"] } as unknown as BottlePlan;

Deno.test("hookPolicyOf() gives a bottle every default protection and its egress allowlist", () => {
  const policy = hookPolicyOf(PLAN);
  deepStrictEqual(policy.paths, DEFAULT_PATHS);
  deepStrictEqual(policy.egress, ["registry.npmjs.org"]);
  strictEqual(policy.home, "/home/agent");
  strictEqual(policy.workspace, "/workspace");
  deepStrictEqual(policy.modes, {
    inlineCode: "deny",
    changedBinary: "deny",
    unknownBinary: "trust",
  });
});

Deno.test("hookPolicyOf() applies the manifest's additions, removals and modes", () => {
  const policy = hookPolicyOf({
    ...PLAN,
    policy: {
      ...PLAN.policy,
      denyPaths: ["secrets"],
      removeDefaults: ["*.key"],
      inlineCode: "ask",
    },
  });
  ok(policy.paths.denyReadWrite.includes("secrets"));
  ok(!policy.paths.denyReadWrite.includes("*.key"));
  strictEqual(policy.modes.inlineCode, "ask");
});

Deno.test("hookPolicyOf() refuses to remove a protection that is not a default", () => {
  throws(() => hookPolicyOf({ ...PLAN, policy: { ...PLAN.policy, removeDefaults: ["*.keys"] } }));
});

Deno.test("hookPolicyOf() checks WebFetch against the credential hosts the egress proxy allows too", () => {
  const policy = hookPolicyOf({
    ...PLAN,
    credentials: [{ name: "GH_TOKEN", fromHost: "GH_TOKEN", hosts: ["api.github.com"], paths: [] }],
  });
  deepStrictEqual(policy.egress, ["registry.npmjs.org", "api.github.com:443"]);
});
