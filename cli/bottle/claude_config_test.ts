import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { PINNED_ENV } from "../manifest/pinned_env.ts";
import { AGENT_HOME, sealedEnv } from "./agent_env.ts";
import {
  claudeJson,
  DEFAULT_PERMISSION_MODE,
  HOOK_TIMEOUT_SECONDS,
  managedSettings,
  SEEDED_CLAUDE_CODE_VERSION,
} from "./claude_config.ts";
import { IN_BOTTLE } from "./docker_run_argv.ts";
import { phantomCredential } from "./phantom.ts";

const PHANTOM = phantomCredential("oauth", new Uint8Array(64).map((_, i) => i * 7));

/** Every key anywhere in `value`, however deep. */
function keysDeep(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(keysDeep);
  if (value === null || typeof value !== "object") return [];
  return Object.entries(value).flatMap(([k, v]) => [k, ...keysDeep(v)]);
}

Deno.test("claudeJson() approves exactly the last 20 characters of the phantom", () => {
  const responses = claudeJson(PHANTOM)["customApiKeyResponses"];
  deepStrictEqual(responses, { approved: [PHANTOM.slice(-20)], rejected: [] });
  strictEqual(PHANTOM.slice(-20).length, 20);
});

Deno.test("claudeJson() follows the phantom it is given", () => {
  const other = phantomCredential("apiKey", new Uint8Array(64).fill(9));
  const approved = (p: string) =>
    (claudeJson(p)["customApiKeyResponses"] as { approved: string[] }).approved;
  deepStrictEqual(approved(other), [other.slice(-20)]);
  ok(approved(other)[0] !== approved(PHANTOM)[0]);
});

Deno.test("claudeJson() never holds the whole phantom", () => {
  ok(!JSON.stringify(claudeJson(PHANTOM)).includes(PHANTOM));
});

Deno.test("claudeJson() trusts /workspace, and only it, with onboarding complete", () => {
  const seed = claudeJson(PHANTOM);
  strictEqual(seed["hasCompletedOnboarding"], true);
  strictEqual(seed["lastOnboardingVersion"], SEEDED_CLAUDE_CODE_VERSION);
  strictEqual(seed["autoUpdates"], false);
  deepStrictEqual(seed["projects"], {
    [IN_BOTTLE.workspace]: {
      hasTrustDialogAccepted: true,
      hasCompletedProjectOnboarding: true,
      allowedTools: [],
    },
  });
  strictEqual(IN_BOTTLE.workspace, "/workspace");
});

Deno.test("managedSettings() locks exactly the sealing environment and the pinned variables", () => {
  deepStrictEqual(managedSettings()["env"], { ...PINNED_ENV, ...sealedEnv() });
});

Deno.test("managedSettings() pins no variable it also seals (one value per name)", () => {
  deepStrictEqual(Object.keys(sealedEnv()).filter((name) => name in PINNED_ENV), []);
});

Deno.test("managedSettings() leaves BASH_ENV, NODE_OPTIONS and the shell prefix empty", () => {
  const env = managedSettings(["a"])["env"] as Record<string, string>;
  for (
    const name of ["BASH_ENV", "ENV", "NODE_OPTIONS", "CLAUDE_CODE_SHELL_PREFIX", "LD_PRELOAD"]
  ) {
    strictEqual(env[name], "", name);
  }
  strictEqual(env["CLAUDE_CONFIG_DIR"], `${AGENT_HOME}/.claude`);
  strictEqual(env["GIT_CONFIG_GLOBAL"], "/dev/null");
});

Deno.test("managedSettings() switches off every helper program and runs `true` as the status line", () => {
  const settings = managedSettings();
  for (
    const key of ["apiKeyHelper", "awsAuthRefresh", "awsCredentialExport", "otelHeadersHelper"]
  ) {
    strictEqual(settings[key], "", key);
  }
  deepStrictEqual(settings["statusLine"], { type: "command", command: "true" });
});

Deno.test("managedSettings() starts no MCP server of any scope by default", () => {
  const settings = managedSettings();
  strictEqual(settings["allowManagedMcpServersOnly"], true);
  deepStrictEqual(settings["allowedMcpServers"], []);
  ok(!("enableAllProjectMcpServers" in settings));
});

Deno.test("managedSettings() allows exactly the granted MCP servers, by name", () => {
  const settings = managedSettings(["github", "linear"]);
  strictEqual(settings["allowManagedMcpServersOnly"], true);
  deepStrictEqual(settings["allowedMcpServers"], [
    { serverName: "github" },
    { serverName: "linear" },
  ]);
});

Deno.test("managedSettings() allows only managed hooks and managed permission rules", () => {
  const settings = managedSettings();
  strictEqual(settings["allowManagedHooksOnly"], true);
  strictEqual(settings["allowManagedPermissionRulesOnly"], true);
});

Deno.test("managedSettings() sets an explicit permissions.defaultMode", () => {
  const permissions = managedSettings()["permissions"] as Record<string, unknown>;
  strictEqual(permissions["defaultMode"], DEFAULT_PERMISSION_MODE);
  ok(
    ["default", "acceptEdits", "plan", "bypassPermissions", "dontAsk"].includes(
      DEFAULT_PERMISSION_MODE,
    ),
  );
});

Deno.test("managedSettings() never contains disableAllHooks (hooks are the policy)", () => {
  ok(!keysDeep(managedSettings()).includes("disableAllHooks"));
  ok(!JSON.stringify(managedSettings()).includes("disableAllHooks"));
  // The deep search finds the key when it is there, however nested.
  ok(keysDeep({ a: [{ b: { disableAllHooks: true } }] }).includes("disableAllHooks"));
});

Deno.test("managedSettings() holds no credential", () => {
  const text = JSON.stringify(managedSettings());
  ok(!/sk-ant-|OAUTH_TOKEN|API_KEY|AUTH_TOKEN/.test(text), text);
});

Deno.test("managedSettings() runs the policy hook before every tool and blocks when it fails", () => {
  deepStrictEqual((managedSettings()["hooks"] as Record<string, unknown>)["PreToolUse"], [{
    matcher: "*",
    hooks: [{
      type: "command",
      command: "/opt/bottle/bin/bottle-hook",
      timeout: HOOK_TIMEOUT_SECONDS,
      onFailure: "block",
    }],
  }]);
  ok(HOOK_TIMEOUT_SECONDS > 0 && HOOK_TIMEOUT_SECONDS <= 30);
});
