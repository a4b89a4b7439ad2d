import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { parseBottleRecords } from "./bottle_record.ts";
import { bottleLabels, formatSupervisorId, LABEL, parseSupervisorId } from "./labels.ts";
import type { BottlePlan } from "./plan.ts";
import { GUARDS } from "./testdata/test_plan.ts";

const SECRET = "literal-SECRET-sentinel-77aa";

const PLAN: BottlePlan = {
  name: "dev-1",
  agent: "dev",
  manifest: "/p/claude-bottle.json",
  image: "bottle-agent:latest",
  workspace: "/p",
  workspaceReadOnly: false,
  prompt: `use ${SECRET}`,
  mode: "print",
  env: [
    { name: "TOKENISH", kind: "literal", value: SECRET },
    { name: "GH_TOKEN", kind: "fromHost", hostVariable: "GITHUB_TOKEN" },
  ],
  skills: [],
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

const STARTED = new Date("2025-01-02T03:04:05.678Z");

Deno.test("bottleLabels() writes every dev.bottle.* label", () => {
  deepStrictEqual(bottleLabels(PLAN, "/state/dev-1", { pid: 31337 }, STARTED), {
    "dev.bottle.bottle": "dev-1",
    "dev.bottle.agent": "dev",
    "dev.bottle.manifest": "/p/claude-bottle.json",
    "dev.bottle.workspace": "/p",
    "dev.bottle.mode": "print",
    "dev.bottle.state-dir": "/state/dev-1",
    "dev.bottle.supervisor": "31337",
    "dev.bottle.started": "2025-01-02T03:04:05.678Z",
  });
  deepStrictEqual(
    Object.keys(bottleLabels(PLAN, "/s", { pid: 1 }, STARTED)).sort(),
    Object.values(LABEL).sort(),
  );
});

Deno.test("bottleLabels() names the built-in manifest when there is no file", () => {
  strictEqual(
    bottleLabels({ ...PLAN, manifest: null }, "/s", { pid: 1 }, STARTED)[LABEL.manifest],
    "(built-in)",
  );
});

Deno.test("bottleLabels() carries no env value, prompt or credential variable", () => {
  const text = JSON.stringify(bottleLabels(PLAN, "/s", { pid: 1 }, STARTED));
  ok(!text.includes(SECRET), text);
  ok(!text.includes("GITHUB_TOKEN") && !text.includes("OAUTH_TOKEN"), text);
  // The search does find what is there.
  ok(text.includes("dev-1"));
});

Deno.test("labels written by bottleLabels() read back through parseBottleRecords()", () => {
  const labels = bottleLabels(PLAN, "/state/dev-1", { pid: 31337 }, STARTED);
  const inspect = JSON.stringify([{
    Name: "/bottle-dev-1",
    Created: "2025-01-02T03:04:06Z",
    State: { Running: true },
    Config: { Labels: labels },
  }]);
  deepStrictEqual(parseBottleRecords(inspect), [{
    name: "dev-1",
    agent: "dev",
    container: "bottle-dev-1",
    containerRunning: true,
    exitCode: undefined,
    created: "2025-01-02T03:04:05.678Z",
    workspace: "/p",
    manifest: "/p/claude-bottle.json",
    mode: "print",
    stateDir: "/state/dev-1",
    supervisor: { pid: 31337 },
  }]);
});

Deno.test("parseSupervisorId() reads a decimal pid and refuses anything else", () => {
  deepStrictEqual(parseSupervisorId("4242"), { pid: 4242 });
  deepStrictEqual(parseSupervisorId(formatSupervisorId({ pid: 7 })), { pid: 7 });
  for (const bad of [undefined, "", " 1", "1 ", "-1", "+1", "1.5", "0x10", "12a", "1e3", "١٢"]) {
    strictEqual(parseSupervisorId(bad), undefined, JSON.stringify(bad));
  }
});
