/**
 * The workspace half of a start: refuse a broad workspace (unless the user
 * allows it), walk the workspace for the seal, and read the host's git
 * identity. The disk edge of cli/seal/ and cli/bottle/broad_workspace.ts.
 */
import { dirname, join } from "node:path";
import { broadWorkspace, engineSocketsOf } from "../bottle/broad_workspace.ts";
import { hookPolicyOf } from "../bottle/hook_policy_of.ts";
import type { BottlePlan } from "../bottle/plan.ts";
import type { Context } from "../context.ts";
import { DeniedError } from "../errors.ts";
import { gitIdentityOf } from "../seal/git_identity.ts";
import { scanWorkspace } from "../seal/scan_workspace.ts";
import { compileSealRules } from "../seal/seal_rules.ts";

/** `plan` with its workspace judged, sealed and its git identity found; throws DeniedError when refused. */
export function sealPlan(
  ctx: Context,
  plan: BottlePlan,
  stateRoot: string,
  allowBroad: boolean,
): BottlePlan {
  const workspace = realPath(plan.workspace);
  const home = ctx.env("HOME");
  const broad = broadWorkspace(workspace, {
    home: home === undefined ? undefined : realPath(home),
    stateRoot: realPathOfNearest(stateRoot),
    engineSockets: engineSocketsOf(ctx.env("DOCKER_HOST"), ctx.env("XDG_RUNTIME_DIR")),
  });
  if (broad !== undefined && !allowBroad) {
    throw new DeniedError(
      "broad_workspace",
      `refusing the workspace ${workspace}: ${broad.reason}; the agent would read and change all of it`,
      {
        hint:
          "pass --workspace with a project folder (or, knowing what it grants, --allow-broad-workspace)",
      },
    );
  }
  const seal = scanWorkspace(workspace, compileSealRules(hookPolicyOf(plan)));
  return {
    ...plan,
    workspace,
    seal,
    broadWorkspace: broad?.reason,
    gitIdentity: gitIdentityOf(gitConfigTexts(ctx, workspace)),
  };
}

/** The host's git config files in git's order (later wins), the repository's last. */
function gitConfigTexts(ctx: Context, workspace: string): string[] {
  const home = ctx.env("HOME");
  const xdg = ctx.env("XDG_CONFIG_HOME") ??
    (home === undefined ? undefined : join(home, ".config"));
  const files = [
    "/etc/gitconfig",
    ...(xdg === undefined ? [] : [join(xdg, "git", "config")]),
    ...(home === undefined ? [] : [join(home, ".gitconfig")]),
    join(workspace, ".git", "config"),
  ];
  return files.map((file) => {
    try {
      return Deno.readTextFileSync(file);
    } catch {
      return "";
    }
  });
}

function realPath(path: string): string {
  try {
    return Deno.realPathSync(path);
  } catch {
    return path;
  }
}

/** The real path of `path`, or of its nearest existing parent with the rest appended. */
function realPathOfNearest(path: string): string {
  let existing = path;
  let rest = "";
  while (true) {
    try {
      return join(Deno.realPathSync(existing), rest);
    } catch {
      const parent = dirname(existing);
      if (parent === existing) return path;
      rest = join(existing.slice(parent.length + 1), rest);
      existing = parent;
    }
  }
}
