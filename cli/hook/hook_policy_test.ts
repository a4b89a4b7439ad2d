import { deepStrictEqual, equal, ok, throws } from "node:assert/strict";
import { DEFAULT_PATHS, parseHookPolicy, renderHookPolicy } from "./hook_policy.ts";

const base = () =>
  JSON.parse(JSON.stringify(renderHookPolicy({ egress: ["api.github.com"] }).policy));

Deno.test("renderHookPolicy() starts from every default the issue lists", () => {
  const { policy, removedDefaults } = renderHookPolicy({ egress: [] });
  for (
    const pattern of [
      "~/.ssh",
      "~/.aws",
      "~/.gnupg",
      "~/.kube",
      "~/.docker",
      "~/.config/gcloud",
      "~/.azure",
      "~/.netrc",
      "~/.git-credentials",
      "~/.npmrc",
      "~/.pypirc",
      ".env",
      ".env.*",
      "*.pem",
      "*.key",
      "id_rsa*",
      "id_ed25519*",
      "/proc/*/environ",
      "/proc/*/mem",
      "/proc/*/root",
      "/proc/*/fd",
      "/var/run/secrets",
      "/run/bottle",
      "/etc/claude-code",
      "/etc/bottle",
      "/etc/shadow",
    ]
  ) ok(policy.paths.denyReadWrite.includes(pattern), pattern);
  for (
    const pattern of [
      ".git/hooks",
      ".git/config",
      "~/.bashrc",
      "~/.profile",
      "~/.bash_profile",
      "~/.zshrc",
      "~/.bash_logout",
      "/etc/profile",
      "/etc/profile.d",
      ".claude/settings*.json",
      ".mcp.json",
      ".claude/commands",
      ".claude/agents",
    ]
  ) ok(policy.paths.denyWrite.includes(pattern), pattern);
  ok(policy.paths.allow.includes(".env.example"));
  deepStrictEqual(policy.modes, {
    inlineCode: "deny",
    changedBinary: "deny",
    unknownBinary: "trust",
  });
  equal(policy.home, "/home/agent");
  equal(policy.workspace, "/workspace");
  deepStrictEqual(removedDefaults, []);
});

Deno.test("renderHookPolicy() adds the manifest's patterns without duplicates", () => {
  const { policy } = renderHookPolicy({
    egress: [],
    paths: { denyReadWrite: ["secrets/", ".env"], denyWrite: ["Makefile"], allow: ["test.pem"] },
  });
  ok(policy.paths.denyReadWrite.includes("secrets/"));
  equal(policy.paths.denyReadWrite.filter((p) => p === ".env").length, 1);
  ok(policy.paths.denyWrite.includes("Makefile"));
  ok(policy.paths.allow.includes("test.pem"));
});

Deno.test("renderHookPolicy() removes a default only when named exactly, and reports it", () => {
  const { policy, removedDefaults } = renderHookPolicy({
    egress: [],
    paths: { remove: ["~/.npmrc", ".env.example"] },
  });
  ok(!policy.paths.denyReadWrite.includes("~/.npmrc"));
  ok(!policy.paths.allow.includes(".env.example"));
  deepStrictEqual(removedDefaults, ["~/.npmrc", ".env.example"]);
  throws(() => renderHookPolicy({ egress: [], paths: { remove: ["~/.npmrc/"] } }), /not a default/);
  throws(() => renderHookPolicy({ egress: [], paths: { remove: ["~/.NPMRC"] } }), /not a default/);
});

Deno.test("renderHookPolicy() applies the manifest's modes", () => {
  const { policy } = renderHookPolicy({
    egress: [],
    modes: { inlineCode: "ask", unknownBinary: "deny" },
  });
  deepStrictEqual(policy.modes, {
    inlineCode: "ask",
    changedBinary: "deny",
    unknownBinary: "deny",
  });
});

Deno.test("renderHookPolicy() refuses an invalid added pattern or egress entry", () => {
  throws(() => renderHookPolicy({ egress: [], paths: { denyWrite: ["a//b"] } }));
  throws(() => renderHookPolicy({ egress: [], paths: { allow: ["*"] } }));
  throws(() => renderHookPolicy({ egress: ["*"] }));
});

Deno.test("parseHookPolicy() round-trips a rendered policy through JSON, frozen", () => {
  const policy = parseHookPolicy(base());
  deepStrictEqual(policy, renderHookPolicy({ egress: ["api.github.com"] }).policy);
  ok(Object.isFrozen(policy.paths.denyReadWrite));
  ok(Object.isFrozen(policy.modes));
});

Deno.test("parseHookPolicy() throws on anything malformed", () => {
  // deno-lint-ignore no-explicit-any -- the test damages arbitrary JSON on purpose
  type Json = Record<string, any>;
  const cases: Array<[string, (p: Json) => void]> = [
    ["unknown key", (p) => p.extra = 1],
    ["missing list", (p) => delete p.paths.denyWrite],
    ["unknown paths key", (p) => p.paths.deny = []],
    ["wrong version", (p) => p.version = 2],
    ["relative home", (p) => p.home = "home/agent"],
    ["root workspace", (p) => p.workspace = "/"],
    ["dotted home", (p) => p.home = "/home/../root"],
    ["bad pattern", (p) => p.paths.denyReadWrite.push("a//b")],
    ["non-string pattern", (p) => p.paths.allow.push(3)],
    ["bad mode", (p) => p.modes.inlineCode = "allow"],
    ["trust outside unknownBinary", (p) => p.modes.changedBinary = "trust"],
    ["bad egress", (p) => p.egress.push("http://x")],
    ["egress not a list", (p) => p.egress = "x"],
  ];
  for (const [name, damage] of cases) {
    const json = base();
    damage(json);
    throws(() => parseHookPolicy(json), Error, name);
  }
  throws(() => parseHookPolicy(null));
  throws(() => parseHookPolicy([]));
});

Deno.test("DEFAULT_PATHS cannot be changed at run time", () => {
  ok(Object.isFrozen(DEFAULT_PATHS.denyReadWrite));
  throws(() => (DEFAULT_PATHS.denyReadWrite as string[]).push("x"));
});
