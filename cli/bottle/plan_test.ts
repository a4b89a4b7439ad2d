import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { resolveBottles, type ResolvedBottle } from "../manifest/resolve_bottles.ts";
import { DEFAULT_IMAGE, planBottle, type PlanOptions } from "./plan.ts";
import { GUARDS } from "./testdata/test_plan.ts";

const RESOLVED: ResolvedBottle = {
  name: "review",
  image: "registry.example/agent:1",
  workspace: "/home/u/proj",
  workspaceReadOnly: true,
  prompt: "review the diff",
  env: { GIT_AUTHOR_NAME: "Ada", GH_TOKEN: { fromHost: "GITHUB_TOKEN" } },
  skills: ["/home/u/skills/review", "/opt/skills/lint.v2"],
  egressAllow: ["api.github.com", "*.npmjs.org"],
  resources: { memory: "2g", cpus: 1.5, pids: 256 },
  runtime: "runsc",
  auth: { type: "apiKey", fromHost: "MY_KEY", upstream: "https://gw.example.com" },
  ...GUARDS,
};

const OPTIONS: PlanOptions = {
  name: "review-ab12",
  manifest: "/home/u/proj/claude-bottle.json",
  print: false,
};

Deno.test("planBottle() maps every field of a resolved bottle", () => {
  deepStrictEqual(planBottle(RESOLVED, OPTIONS), {
    name: "review-ab12",
    agent: "review",
    manifest: "/home/u/proj/claude-bottle.json",
    image: "registry.example/agent:1",
    workspace: "/home/u/proj",
    workspaceReadOnly: true,
    prompt: "review the diff",
    mode: "interactive",
    env: [
      { name: "GIT_AUTHOR_NAME", kind: "literal", value: "Ada" },
      { name: "GH_TOKEN", kind: "fromHost", hostVariable: "GITHUB_TOKEN", secret: false },
    ],
    skills: [
      { name: "review", path: "/home/u/skills/review" },
      { name: "lint.v2", path: "/opt/skills/lint.v2" },
    ],
    egressAllow: ["api.github.com", "*.npmjs.org"],
    resources: { memory: "2g", cpus: 1.5, pids: 256 },
    runtime: "runsc",
    auth: { type: "apiKey", fromHost: "MY_KEY", upstream: "https://gw.example.com" },
    ...GUARDS,
  });
});

Deno.test("planBottle() lets --workspace and --prompt override the manifest", () => {
  const plan = planBottle(RESOLVED, { ...OPTIONS, workspace: "/elsewhere", prompt: "fix it" });
  strictEqual(plan.workspace, "/elsewhere");
  strictEqual(plan.prompt, "fix it");
});

Deno.test("planBottle() keeps the manifest's workspace and prompt when the options are undefined", () => {
  const plan = planBottle(RESOLVED, { ...OPTIONS, workspace: undefined, prompt: undefined });
  strictEqual(plan.workspace, "/home/u/proj");
  strictEqual(plan.prompt, "review the diff");
});

Deno.test("planBottle() runs in print mode exactly when --print is given", () => {
  strictEqual(planBottle(RESOLVED, { ...OPTIONS, print: true }).mode, "print");
  strictEqual(planBottle(RESOLVED, { ...OPTIONS, print: false }).mode, "interactive");
});

Deno.test("planBottle() falls back to the default image and keeps a null manifest", () => {
  const plan = planBottle({ ...RESOLVED, image: undefined }, { ...OPTIONS, manifest: null });
  strictEqual(plan.image, DEFAULT_IMAGE);
  strictEqual(plan.image, "bottle-agent:latest");
  strictEqual(plan.manifest, null);
});

Deno.test("planBottle() of the built-in default bottle grants nothing", () => {
  const [resolved] = resolveBottles({ bottles: { claude: {} } }, {
    baseDir: "/cwd",
    defaultWorkspace: "/cwd",
    home: "/home/u",
  });
  const plan = planBottle(resolved!, { name: "claude-0001", manifest: null, print: false });
  deepStrictEqual(plan.env, []);
  deepStrictEqual(plan.skills, []);
  deepStrictEqual(plan.egressAllow, []);
  strictEqual(plan.workspace, "/cwd");
  strictEqual(plan.workspaceReadOnly, false);
  strictEqual(plan.runtime, "runc");
  deepStrictEqual(plan.auth, {
    type: "oauth",
    fromHost: "CLAUDE_BOTTLE_OAUTH_TOKEN",
    upstream: "https://api.anthropic.com",
  });
});

Deno.test("planBottle() holds host variable names, never host values", () => {
  const text = JSON.stringify(planBottle(RESOLVED, OPTIONS));
  // Only names travel in the plan; the plan builder has no way to read the host.
  strictEqual(text.includes('"hostVariable":"GITHUB_TOKEN"'), true);
  strictEqual(text.includes('"fromHost":"MY_KEY"'), true);
});
