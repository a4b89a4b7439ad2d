/**
 * A bottle's policy-hook file from its plan: bottle's defaults, the manifest's
 * additions and explicit removals, its modes, and the egress allowlist that
 * WebFetch is checked against (the same list the egress proxy enforces,
 * credential hosts included).
 */
import { type HookPolicy, renderHookPolicy } from "../hook/hook_policy.ts";
import { AGENT_HOME } from "./agent_env.ts";
import { IN_BOTTLE } from "./docker_run_argv.ts";
import { egressEntries } from "./egress_grants.ts";
import type { BottlePlan } from "./plan.ts";

/** The hook policy rendered for `plan`; throws on a removal that names no default. */
export function hookPolicyOf(plan: BottlePlan): HookPolicy {
  const { policy } = plan;
  return renderHookPolicy({
    home: AGENT_HOME,
    workspace: IN_BOTTLE.workspace,
    egress: egressEntries(plan),
    paths: {
      denyReadWrite: policy.denyPaths,
      denyWrite: policy.denyWritePaths,
      allow: policy.allowPaths,
      remove: policy.removeDefaults,
    },
    masked: plan.seal.masked.map((entry) => `${IN_BOTTLE.workspace}/${entry.path}`),
    modes: {
      inlineCode: policy.inlineCode,
      changedBinary: policy.changedBinary,
      unknownBinary: policy.unknownBinary,
    },
  }).policy;
}
