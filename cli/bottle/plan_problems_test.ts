import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import type { BottlePlan, PlannedEnv } from "./plan.ts";
import { type PlanHost, planProblems } from "./plan_problems.ts";
import { GUARDS } from "./testdata/test_plan.ts";

const PLAN: BottlePlan = {
  name: "dev-1",
  agent: "dev",
  manifest: "/p/claude-bottle.json",
  image: "bottle-agent:latest",
  workspace: "/p",
  workspaceReadOnly: false,
  prompt: undefined,
  mode: "interactive",
  env: [],
  skills: [{ name: "review", path: "/p/skills/review" }],
  egressAllow: [],
  resources: { memory: "4g", cpus: 2, pids: 1024 },
  runtime: "runc",
  auth: {
    type: "oauth",
    fromHost: "CLAUDE_BOTTLE_OAUTH_TOKEN",
    upstream: "https://api.anthropic.com",
  },
  ...GUARDS,
};

/** A host where `vars` are set and `dirs` are folders. */
function host(
  vars: readonly string[],
  dirs: readonly string[] = ["/p", "/p/skills/review"],
): PlanHost {
  return { hasEnv: (name) => vars.includes(name), isDirectory: (path) => dirs.includes(path) };
}

const READY = host(["CLAUDE_BOTTLE_OAUTH_TOKEN"]);

const grant = (hostVariable: string, name = "GRANTED"): PlannedEnv => ({
  name,
  kind: "fromHost",
  hostVariable,
});

const codes = (plan: BottlePlan, h: PlanHost = READY) => planProblems(plan, h).map((p) => p.code);

Deno.test("planProblems() finds nothing in a plan that can start", () => {
  deepStrictEqual(planProblems(PLAN, READY), []);
  deepStrictEqual(
    planProblems({ ...PLAN, mode: "print", prompt: "go", env: [grant("GITHUB_TOKEN")] }, {
      ...READY,
      hasEnv: (n) => n === "CLAUDE_BOTTLE_OAUTH_TOKEN" || n === "GITHUB_TOKEN",
    }),
    [],
  );
});

Deno.test("planProblems() refuses an env grant of the bottle's own credential variable", () => {
  const plan: BottlePlan = {
    ...PLAN,
    auth: { ...PLAN.auth, type: "apiKey", fromHost: "MY_COMPANY_KEY" },
    env: [grant("MY_COMPANY_KEY", "KEY")],
  };
  const problems = planProblems(plan, host(["MY_COMPANY_KEY"]));
  deepStrictEqual(problems.map((p) => p.code), ["credential_grant"]);
  ok(problems[0]!.message.includes("KEY") && problems[0]!.message.includes("MY_COMPANY_KEY"));
});

Deno.test("planProblems() refuses env grants of every Anthropic credential variable", () => {
  for (
    const variable of [
      "CLAUDE_BOTTLE_OAUTH_TOKEN",
      "ANTHROPIC_API_KEY",
      "CLAUDE_CODE_OAUTH_TOKEN",
      "ANTHROPIC_AUTH_TOKEN",
    ]
  ) {
    for (const type of ["oauth", "apiKey"] as const) {
      const plan: BottlePlan = {
        ...PLAN,
        auth: { ...PLAN.auth, type, fromHost: "ELSEWHERE" },
        env: [grant(variable)],
      };
      deepStrictEqual(codes(plan, host(["ELSEWHERE", variable])), ["credential_grant"], variable);
    }
  }
});

Deno.test("planProblems() lets a literal named like a credential pass (no host value is copied)", () => {
  // The manifest check refuses the reserved name; this check is about copying host values.
  deepStrictEqual(
    codes({ ...PLAN, env: [{ name: "OTHER", kind: "literal", value: "ANTHROPIC_API_KEY" }] }),
    [],
  );
});

Deno.test("planProblems() reports a missing oauth credential with a `claude setup-token` hint", () => {
  const [problem, ...rest] = planProblems(PLAN, host([]));
  deepStrictEqual(rest, []);
  strictEqual(problem!.code, "credential_missing");
  ok(problem!.message.includes("CLAUDE_BOTTLE_OAUTH_TOKEN"), problem!.message);
  ok(problem!.message.includes("OAuth token"), problem!.message);
  ok(problem!.hint.includes("claude setup-token"), problem!.hint);
  ok(problem!.hint.includes("export CLAUDE_BOTTLE_OAUTH_TOKEN="), problem!.hint);
});

Deno.test("planProblems() reports a missing API key with an export hint", () => {
  const plan: BottlePlan = {
    ...PLAN,
    auth: { ...PLAN.auth, type: "apiKey", fromHost: "ANTHROPIC_API_KEY" },
    ...GUARDS,
  };
  const [problem] = planProblems(plan, host([]));
  strictEqual(problem!.code, "credential_missing");
  ok(problem!.message.includes("API key"), problem!.message);
  ok(problem!.hint.includes("export ANTHROPIC_API_KEY="), problem!.hint);
  ok(!problem!.hint.includes("setup-token"), problem!.hint);
});

Deno.test("planProblems() reports every unset fromHost variable, naming grant and variable", () => {
  const plan: BottlePlan = {
    ...PLAN,
    env: [grant("GITHUB_TOKEN", "GH_TOKEN"), grant("NPM_TOKEN", "NPM"), {
      name: "LIT",
      kind: "literal",
      value: "x",
    }],
  };
  const problems = planProblems(plan, host(["CLAUDE_BOTTLE_OAUTH_TOKEN", "NPM_TOKEN"]));
  deepStrictEqual(problems.map((p) => p.code), ["host_env_unset"]);
  ok(problems[0]!.message.includes("GH_TOKEN") && problems[0]!.message.includes("GITHUB_TOKEN"));
  strictEqual(codes(plan, host(["CLAUDE_BOTTLE_OAUTH_TOKEN"])).length, 2);
});

Deno.test("planProblems() reports a missing workspace and each missing skill folder", () => {
  const plan: BottlePlan = {
    ...PLAN,
    skills: [{ name: "a", path: "/s/a" }, { name: "b", path: "/s/b" }],
  };
  const problems = planProblems(plan, host(["CLAUDE_BOTTLE_OAUTH_TOKEN"], ["/s/b"]));
  deepStrictEqual(problems.map((p) => p.code), ["workspace_missing", "skill_missing"]);
  ok(problems[0]!.message.includes("/p"));
  ok(problems[1]!.message.includes("/s/a"));
});

Deno.test("planProblems() refuses --print without a prompt, a blank prompt included", () => {
  for (const prompt of [undefined, "", "  \n\t "]) {
    deepStrictEqual(codes({ ...PLAN, mode: "print", prompt }), ["prompt_missing"], String(prompt));
  }
  deepStrictEqual(codes({ ...PLAN, mode: "interactive", prompt: undefined }), []);
});

Deno.test("planProblems() puts credential_grant first, then the rest in a fixed order", () => {
  const plan: BottlePlan = {
    ...PLAN,
    mode: "print",
    prompt: " ",
    env: [grant("UNSET_VAR"), grant("CLAUDE_BOTTLE_OAUTH_TOKEN", "SNEAKY")],
    skills: [{ name: "gone", path: "/gone" }],
  };
  deepStrictEqual(codes(plan, host([], [])), [
    "credential_grant",
    "credential_missing",
    "host_env_unset",
    "host_env_unset",
    "workspace_missing",
    "skill_missing",
    "prompt_missing",
  ]);
});

Deno.test("planProblems() gives every problem a message and a hint", () => {
  const plan: BottlePlan = {
    ...PLAN,
    mode: "print",
    env: [grant("UNSET_VAR"), grant("ANTHROPIC_API_KEY")],
  };
  const problems = planProblems(plan, host([], []));
  ok(problems.length >= 5);
  for (const p of problems) ok(p.message.length > 0 && p.hint.length > 0, p.code);
});

const credential = (name: string, fromHost = name) => ({
  name,
  fromHost,
  hosts: ["github.com"],
  paths: [],
});

Deno.test("credential_with_an_unset_host_variable_refuses_the_start_naming_the_variable", () => {
  const plan: BottlePlan = { ...PLAN, credentials: [credential("GH_TOKEN", "MY_GH_TOKEN")] };
  const problems = planProblems(plan, READY);
  deepStrictEqual(problems.map((p) => p.code), ["credential_unset"]);
  ok(problems[0]!.message.includes("MY_GH_TOKEN"), problems[0]!.message);
  ok(problems[0]!.message.includes("GH_TOKEN"), problems[0]!.message);
  ok(problems[0]!.hint.includes("export MY_GH_TOKEN="), problems[0]!.hint);
  deepStrictEqual(planProblems(plan, host(["CLAUDE_BOTTLE_OAUTH_TOKEN", "MY_GH_TOKEN"])), []);
});

Deno.test("credential_whose_host_variable_env_also_copies_is_refused", () => {
  const plan: BottlePlan = {
    ...PLAN,
    credentials: [credential("GH_TOKEN", "GITHUB_TOKEN")],
    env: [grant("GITHUB_TOKEN", "TOKEN")],
  };
  const problems = planProblems(plan, host(["CLAUDE_BOTTLE_OAUTH_TOKEN", "GITHUB_TOKEN"]));
  deepStrictEqual(problems.map((p) => p.code), ["credential_in_env"]);
  ok(problems[0]!.message.includes("TOKEN") && problems[0]!.message.includes("GH_TOKEN"));
});
