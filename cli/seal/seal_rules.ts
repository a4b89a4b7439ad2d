/**
 * What the workspace seal does with one entry of the workspace, decided from
 * the same path lists the policy hook enforces: a path the hook denies
 * reading is masked (an empty read-only file or folder is mounted over it),
 * a path the hook denies writing is mounted read-only over itself. So the
 * kernel gives every tool the answer the hook gives the obvious attempt.
 */
import type { HookPolicy } from "../hook/hook_policy.ts";
import { WORKSPACE_IN_BOTTLE } from "../bottle/agent_env.ts";
import { compilePathRules } from "../hook/paths/mod.ts";

/** Where the workspace is mounted in the bottle: the policy's paths are written from there. */
export const SEALED_ROOT = WORKSPACE_IN_BOTTLE;

/** What the seal does with one entry. */
export type SealAction =
  | { readonly action: "mask"; readonly pattern: string }
  | { readonly action: "readOnly"; readonly pattern: string }
  | { readonly action: "none" };

/** The compiled rules. */
export interface SealRules {
  /** The action for `relative` (a workspace path, `/`-separated, no leading slash). */
  judge(relative: string): SealAction;
  /**
   * Whether an anchored exception names something below `relative`: a masked
   * folder holding one is masked entry by entry instead of whole.
   */
  exceptionBelow(relative: string): boolean;
}

/**
 * The seal's rules for `policy`. Case is folded: a `.ENV` is masked like a
 * `.env` (an over-mask costs nothing; an under-mask leaks on a filesystem
 * that folds case).
 */
export function compileSealRules(policy: HookPolicy): SealRules {
  const rules = compilePathRules({ ...policy, workspace: SEALED_ROOT });
  const anchoredExceptions = policy.paths.allow.filter((p) => p.startsWith(`${SEALED_ROOT}/`));
  return {
    judge(relative) {
      const path = `${SEALED_ROOT}/${relative}`;
      const denial = rules.denial(path, "write", true);
      if (denial === undefined) return { action: "none" };
      return denial.list === "denyReadWrite"
        ? { action: "mask", pattern: denial.pattern }
        : { action: "readOnly", pattern: denial.pattern };
    },
    exceptionBelow(relative) {
      const prefix = `${SEALED_ROOT}/${relative}/`;
      return anchoredExceptions.some((p) => p.startsWith(prefix));
    },
  };
}
