/**
 * From the command line to a bottle plan: find and check the manifest, pick
 * the agent, apply `--workspace`/`--prompt`/`--print`, name the bottle, and
 * refuse — before anything starts — when it could not run safely.
 */
import { resolve } from "node:path";
import { bottleNameProblem, newBottleName } from "../bottle/bottle_name.ts";
import { type BottlePlan, planBottle } from "../bottle/plan.ts";
import { planProblems } from "../bottle/plan_problems.ts";
import type { Context } from "../context.ts";
import { DeniedError, ManifestError, UsageError } from "../errors.ts";
import { formatDiagnostic } from "../manifest/diagnostic.ts";
import { isDirectory, loadManifest } from "../manifest/load_manifest.ts";
import { resolveBottles } from "../manifest/resolve_bottles.ts";
import { displayPath } from "./_display_path.ts";
import { sealPlan } from "./_seal_plan.ts";

/** What `start` was asked for. */
export interface PlanRequest {
  readonly agent?: string | undefined;
  readonly manifest?: string | undefined;
  readonly workspace?: string | undefined;
  readonly prompt?: string | undefined;
  readonly name?: string | undefined;
  readonly print: boolean;
  /** Let a home, root or system folder be the workspace (the preflight warns). */
  readonly allowBroadWorkspace?: boolean;
}

/** The checked plan for one bottle; throws a `BottleError` saying why not. */
export async function loadPlan(
  ctx: Context,
  request: PlanRequest,
  stateRoot: string,
): Promise<BottlePlan> {
  const loaded = await loadManifest({ flag: request.manifest, cwd: ctx.cwd, env: ctx.env });
  const { source, analysis } = loaded;
  const shown = source.kind === "builtin" ? "(built-in)" : displayPath(source.path, ctx.cwd);
  const errors = analysis.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0 || analysis.manifest === undefined) {
    const first = errors[0];
    throw new ManifestError(
      "invalid",
      first === undefined ? `${shown}: invalid manifest` : formatDiagnostic(shown, first),
      {
        hint: `${errors.length} error${
          errors.length === 1 ? "" : "s"
        } in all: run \`bottle validate\` to see them`,
      },
    );
  }
  const bottles = resolveBottles(analysis.manifest, loaded.resolveContext);
  const agent = request.agent === undefined
    ? bottles[0]
    : bottles.find((b) => b.name === request.agent);
  if (agent === undefined) {
    throw new UsageError(
      "unknown_agent",
      `${shown} has no bottle named ${JSON.stringify(request.agent)}`,
      { hint: `choose one of: ${bottles.map((b) => b.name).join(", ")}` },
    );
  }
  if (request.name !== undefined) {
    const problem = bottleNameProblem(request.name);
    if (problem !== undefined) {
      throw new UsageError("bad_name", `--name ${JSON.stringify(request.name)}: ${problem}`, {
        hint: "for example --name review-1",
      });
    }
  }
  const plan = planBottle(agent, {
    name: request.name ?? newBottleName(agent.name, crypto.getRandomValues(new Uint8Array(2))),
    manifest: source.kind === "builtin" ? null : source.path,
    workspace: request.workspace === undefined ? undefined : resolve(ctx.cwd, request.workspace),
    prompt: request.prompt,
    print: request.print,
  });
  const problems = planProblems(plan, {
    hasEnv: (name) => ctx.env(name) !== undefined,
    isDirectory,
  });
  const first = problems[0];
  if (first !== undefined) {
    const make = first.code === "credential_grant" || first.code === "credential_in_env"
      ? DeniedError
      : UsageError;
    throw new make(first.code, first.message, { hint: first.hint });
  }
  return sealPlan(ctx, plan, stateRoot, request.allowBroadWorkspace === true);
}
