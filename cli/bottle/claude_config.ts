/**
 * Claude Code's configuration inside a bottle, rendered per bottle: the
 * pre-seeded `~/.claude.json` (onboarding done, `/workspace` trusted, the
 * phantom approved) so it starts without prompts or direct traffic, and the
 * root-owned managed settings that lock the environment and permissions.
 */
import { PINNED_ENV } from "../manifest/pinned_env.ts";
import { sealedEnv } from "./agent_env.ts";

/** The Claude Code version the seed was checked against (onboarding is per version). */
export const SEEDED_CLAUDE_CODE_VERSION = "2.1.328";

/** The permission mode the agent runs in: the bottle is the sandbox, so tool calls run without asking. */
export const DEFAULT_PERMISSION_MODE = "bypassPermissions";

/** `~/.claude.json` for a bottle holding `phantom`. */
export function claudeJson(phantom: string): Record<string, unknown> {
  return {
    hasCompletedOnboarding: true,
    lastOnboardingVersion: SEEDED_CLAUDE_CODE_VERSION,
    theme: "dark",
    autoUpdates: false,
    customApiKeyResponses: { approved: [phantom.slice(-20)], rejected: [] },
    projects: {
      "/workspace": {
        hasTrustDialogAccepted: true,
        hasCompletedProjectOnboarding: true,
        allowedTools: [],
      },
    },
  };
}

/**
 * `/etc/claude-code/managed-settings.json`: the settings no user or project
 * file can override. The environment that seals the bottle is locked here
 * too, so a project's `.claude/settings.json` cannot point the API or the
 * proxy elsewhere, nor set a variable that makes programs load code
 * (`BASH_ENV`, `NODE_OPTIONS`, … — see `pinned_env.ts`); only managed hooks
 * and permission rules count, and only the MCP servers in `mcpServers` (the
 * manifest's grant, by name) may start.
 */
export function managedSettings(mcpServers: readonly string[] = []): Record<string, unknown> {
  return {
    env: { ...PINNED_ENV, ...sealedEnv() },
    permissions: { defaultMode: DEFAULT_PERMISSION_MODE },
    skipDangerousModePermissionPrompt: true,
    // Only these hooks run, and only these permission rules count: user and project settings
    // (which the agent can write) add none. Never `disableAllHooks` here: in the managed file
    // it would switch off the policy hook too.
    allowManagedHooksOnly: true,
    allowManagedPermissionRulesOnly: true,
    // MCP servers of every scope (a project's .mcp.json, the user's ~/.claude.json, plugins)
    // start only when named here; the allowlist of other settings files does not count. An
    // empty list starts none.
    allowManagedMcpServersOnly: true,
    allowedMcpServers: mcpServers.map((serverName) => ({ serverName })),
    // Settings that name a program Claude Code runs on its own, at start or on every screen
    // refresh, with no tool call: pinned off here so a project file cannot name one. A project
    // apiKeyHelper ran at start-up (and replaced the credential), a project statusLine on the
    // first render (both checked with 2.1.328); "" switches a helper off, and the status line
    // runs `true`.
    ...Object.fromEntries(PINNED_HELPERS.map((key) => [key, ""])),
    statusLine: { type: "command", command: "true" },
    hooks: {
      PreToolUse: [{
        matcher: "*",
        hooks: [{
          type: "command",
          command: HOOK_COMMAND,
          timeout: HOOK_TIMEOUT_SECONDS,
          // A hook that crashes or times out blocks the tool call instead of letting it through.
          onFailure: "block",
        }],
      }],
    },
  };
}

/** Settings keys naming a helper program Claude Code runs by itself; the managed settings empty them. */
export const PINNED_HELPERS: readonly string[] = [
  "apiKeyHelper",
  "awsAuthRefresh",
  "awsCredentialExport",
  "otelHeadersHelper",
];

/** The policy hook in the image, run by Claude Code before every tool call. */
export const HOOK_COMMAND = "/opt/bottle/bin/bottle-hook";

/** How long one hook run may take before Claude Code gives up on it (and blocks the call). */
export const HOOK_TIMEOUT_SECONDS = 10;
