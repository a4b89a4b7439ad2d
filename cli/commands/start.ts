/**
 * `bottle start [AGENT]`: shows what the bottle will be granted, asks, and
 * runs the agent in a sealed container. In the foreground this process is
 * the supervisor; with `--detach` a background supervisor takes over and
 * this command returns once the bottle is ready.
 */
import type { Command } from "commander";
import { resolve } from "node:path";
import { agentEnv, envFileProblem } from "../bottle/agent_env.ts";
import { interceptionOf } from "../bottle/interception.ts";
import { warmKeyMaking } from "../supervisor/warm_key_making.ts";
import { containerName } from "../bottle/bottle_name.ts";
import { credentialSecrets } from "../bottle/credential_secrets.ts";
import { PHANTOM_RANDOM_BYTES, phantomCredential } from "../bottle/phantom.ts";
import type { BottlePlan } from "../bottle/plan.ts";
import { preflightJson, preflightLines } from "../bottle/preflight.ts";
import { stateLayout } from "../bottle/state_layout.ts";
import { workspaceWarning } from "../bottle/workspace_access.ts";
import type { Context, Outcome, Sink } from "../context.ts";
import { listBottles } from "../engine/bottle_containers.ts";
import { checkEngine, runDockerOnTerminal } from "../engine/docker.ts";
import { DeniedError, UsageError } from "../errors.ts";
import { checkEngineFor } from "../supervisor/engine_readiness.ts";
import { clearStaleState, removeOrphans } from "../supervisor/cleanup.ts";
import { ownSupervisorId } from "../supervisor/liveness.ts";
import { type SupervisorInput, TEST_UPSTREAM_CA_VARIABLE } from "../supervisor/supervisor_input.ts";
import { type PendingSupervisor, prepareSupervisor } from "../supervisor/spawn_supervisor.ts";
import { requireStateRoot } from "./_bottle_lookup.ts";
import { loadPlan } from "./_load_plan.ts";
import { withExample } from "./_example.ts";
import { globalsOf } from "./_globals.ts";

interface StartFlags {
  workspace?: string;
  prompt?: string;
  print: boolean;
  detach: boolean;
  name?: string;
  yes: boolean;
  dryRun: boolean;
  allowBroadWorkspace: boolean;
}

/** Adds `start` to the program. */
export function addStartCommand(program: Command, ctx: Context, sink: Sink): void {
  const command = program
    .command("start")
    .argument("[agent]", "which bottle of the manifest to start (default: the first)")
    .summary("start an agent in a new sealed bottle")
    .description(
      "Shows a preflight of everything the bottle is granted (image, workspace, resources, env, " +
        "skills, egress allowlist, where the real credential comes from, which secret files are " +
        "masked and which host-run files are read-only), asks y/N, then runs " +
        "Claude Code in a sealed container: no network but the supervisor's proxies, a phantom " +
        "credential, a read-only image, secret files in the workspace read as empty. In the foreground the bottle is removed when the agent " +
        "exits and bottle exits with the agent's status; Ctrl-C or a closed terminal tears it down.",
    )
    .option("-w, --workspace <dir>", "the folder mounted at /workspace (default: the manifest's)")
    .option("-p, --prompt <text>", "the prompt the agent starts with")
    .option(
      "--print",
      "run `claude -p PROMPT` once, stream its output, exit with its status",
      false,
    )
    .option("-d, --detach", "run in the background; prints the bottle's name when ready", false)
    .option("--name <name>", "name the bottle (default: AGENT-xxxx)")
    .option("-y, --yes", "start without asking (needed without a terminal)", false)
    .option(
      "--allow-broad-workspace",
      "allow /, your home, a folder above it or a system folder as the workspace (refused by default: the agent would read and change all of it)",
      false,
    )
    .option(
      "--dry-run",
      "check everything and show the preflight, then stop: nothing starts (with --json: the preflight as data)",
      false,
    )
    .action(async (agent: string | undefined, flags: StartFlags, cmd: Command) => {
      sink(await start(ctx, agent, flags, globalsOf(cmd)));
    });
  withExample(command, 'bottle start --print --yes --prompt "run the tests and explain failures"');
  withExample(command, "bottle start reviewer --detach --name review-1");
}

async function start(
  ctx: Context,
  agent: string | undefined,
  flags: StartFlags,
  globals: { json: boolean; manifest?: string },
): Promise<Outcome> {
  const root = requireStateRoot(ctx);
  const plan = await loadPlan(ctx, { ...flags, agent, manifest: globals.manifest }, root);
  if (!flags.dryRun && !flags.detach && plan.mode === "interactive" && !ctx.interactive) {
    throw new UsageError("no_terminal", "an interactive bottle needs a terminal", {
      hint: "use --print with a prompt, or --detach and `bottle attach NAME` from a terminal",
    });
  }
  // A foreground bottle that intercepts makes its CA in this process: warm the key making now.
  if (!flags.detach && !flags.dryRun && interceptionOf(plan).caHosts.length > 0) warmKeyMaking();
  // A detached bottle's supervisor starts now (or already did: see head_start.ts), so its
  // start-up overlaps the checks below.
  const pending = flags.detach && !flags.dryRun
    ? ctx.headStart?.takeSupervisor() ?? prepareSupervisor(ctx.env)
    : undefined;
  try {
    return await checkAndStart(ctx, plan, root, flags, globals, pending);
  } catch (error) {
    await pending?.abandon();
    throw error;
  }
}

async function checkAndStart(
  ctx: Context,
  plan: BottlePlan,
  root: string,
  flags: StartFlags,
  globals: { json: boolean },
  pending: PendingSupervisor | undefined,
): Promise<Outcome> {
  const phantom = phantomCredential(
    plan.auth.type,
    crypto.getRandomValues(new Uint8Array(PHANTOM_RANDOM_BYTES)),
  );
  // The real values are read now and travel only in the supervisor's input; the bottle gets phantoms.
  const credentials = credentialSecrets(plan, ctx.env);
  if (!credentials.ok) {
    const { code, message, hint } = credentials.problem;
    throw new UsageError(code, message, { hint });
  }
  const env = agentEnv(plan, phantom, ctx.env, credentials.secrets);
  const problem = envFileProblem(env);
  if (problem !== undefined) {
    throw new UsageError("env_value", `cannot pass the environment: ${problem}`, {
      hint: "a bottle's env values must be single lines",
    });
  }
  // Start-up time is mostly docker CLI calls, so engine questions are asked together, and
  // only when they help: before a preflight a person confirms (so no one says yes to a bottle
  // that cannot start). With --yes, `docker run` itself refuses a missing image or runtime and
  // the supervisor asks then, to explain it. A dead engine is explained by `docker info`.
  const listing = ctx.headStart?.takeListing() ?? listBottles();
  listing.catch(() => {});
  if (!flags.yes || flags.dryRun) await checkEngineFor(plan);
  const bottles = await listing.catch(async (error) => {
    await checkEngine();
    throw error;
  });
  const orphans = await removeOrphans(root, bottles);
  if (orphans.length > 0) ctx.stderr(`removed orphaned bottles: ${orphans.join(", ")}\n`);
  if (bottles.some((b) => b.name === plan.name && !orphans.includes(b.name))) {
    throw new UsageError("name_taken", `a bottle named ${plan.name} exists`, {
      hint: `choose another --name, or \`bottle stop ${plan.name}\``,
    });
  }

  const hasEnv = (name: string) => ctx.env(name) !== undefined;
  const preflight = preflightLines(plan, hasEnv);
  const warning = plan.workspaceReadOnly
    ? undefined
    : workspaceWarning(plan.workspace, await Deno.stat(plan.workspace), plan.broadWorkspace);
  if (warning !== undefined) preflight.push(warning);
  const testSeam = ctx.env(TEST_UPSTREAM_CA_VARIABLE);
  const testUpstreamCa = testSeam === undefined ? undefined : resolve(testSeam);
  if (testUpstreamCa !== undefined) {
    preflight.push(
      `  TEST SEAM   ${TEST_UPSTREAM_CA_VARIABLE}: intercepted destinations are also verified against the roots in ${testUpstreamCa}`,
    );
  }
  for (const line of preflight) ctx.stderr(line + "\n");
  if (flags.dryRun) {
    if (!globals.json) ctx.stdout(`${plan.name}: ready to start (dry run: nothing started)\n`);
    return {
      exitCode: 0,
      result: {
        name: plan.name,
        container: containerName(plan.name),
        dryRun: true,
        preflight: preflightJson(plan, hasEnv),
        preflightLines: preflight,
      },
    };
  }
  if (!flags.yes) {
    if (!ctx.interactive) {
      throw new UsageError("confirmation_needed", "no terminal to confirm the preflight on", {
        hint: "read the preflight above and pass --yes to start without asking",
      });
    }
    if (!(await ctx.confirm("Start this bottle?"))) {
      throw new DeniedError("declined", "not started: the preflight was declined");
    }
  }

  const input: SupervisorInput = {
    plan,
    stateRoot: root,
    credential: ctx.env(plan.auth.fromHost) ?? "",
    phantom,
    credentials: credentials.secrets,
    agentEnv: env,
    ...(testUpstreamCa === undefined ? {} : { testUpstreamCaFile: testUpstreamCa }),
  };
  const summary = {
    name: plan.name,
    container: containerName(plan.name),
    stateDir: stateLayout(root, plan.name).dir,
    preflight: preflightJson(plan, hasEnv),
  };
  // Run files other, dead bottles left are cleared while this one starts: nothing here needs
  // them gone first, and each folder is judged under its lock (see state_lock.ts).
  const staleState = clearStaleState(root, bottles).catch(() => []);
  if (pending !== undefined) {
    const [{ pid }] = await Promise.all([pending.start(input), staleState]);
    if (!globals.json) ctx.stdout(`${plan.name}\n`);
    ctx.stderr(
      plan.mode === "print"
        ? `bottle ${plan.name} is running; \`bottle logs ${plan.name} --follow\` shows its output\n`
        : `bottle ${plan.name} is running; \`bottle attach ${plan.name}\` opens its session\n`,
    );
    return { exitCode: 0, result: { ...summary, detached: true, supervisorPid: pid } };
  }
  await staleState;
  const exitCode = await runInForeground(ctx, input);
  return { exitCode, result: { ...summary, detached: false, agentExitCode: exitCode } };
}

async function runInForeground(ctx: Context, input: SupervisorInput): Promise<number> {
  // The supervisor's code (proxies, DLP) loads only for a foreground bottle: a detached start
  // hands the bottle to `bottle supervise` and returns sooner without it.
  const { startBottle, superviseUntilExit } = await import("../supervisor/run_bottle.ts");
  const { plan } = input;
  const running = await startBottle(input, ownSupervisorId(), {
    agentOutput: ctx.stdout,
    agentError: ctx.stderr,
  });
  if (plan.mode === "interactive") {
    await runDockerOnTerminal(["exec", "-it", running.container, "tmux", "attach", "-t", "agent"]);
    const finished = await Promise.race([
      running.exited.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 300)),
    ]);
    if (!finished) {
      ctx.stderr(
        `detached from ${plan.name}; it runs while this command runs: \`bottle attach ${plan.name}\` returns to it, Ctrl-C stops it\n`,
      );
    }
  }
  return await superviseUntilExit(running);
}
