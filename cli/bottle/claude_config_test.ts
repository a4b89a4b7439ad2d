import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { sealedEnv } from "./agent_env.ts";
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

Deno.test("managedSettings() locks exactly the sealing environment", () => {
  deepStrictEqual(managedSettings()["env"], sealedEnv());
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
