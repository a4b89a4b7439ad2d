/**
 * How bottle starts another copy of itself as a detached supervisor
 * (`bottle supervise`). The compiled binary runs itself by the name `bottle`
 * (the name its `run` permission grants, so it must be the binary on PATH);
 * from source it runs `deno run` on its own entry module — the one place that
 * locates the entry module, which is only ever executed, never read.
 *
 * From source the supervisor runs without deno.json (`--no-config`): it
 * imports no npm package, and resolving the config's npm imports costs every
 * supervisor about 2 MB of memory. It gets the `bottle` permission set as
 * flags instead, read from deno.json as data, so it has exactly what
 * `-P=bottle` grants. One supervisor runs per bottle, so it also runs with
 * V8 flags that trade nothing measurable for memory (SUPERVISOR_V8_FLAGS).
 */
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import config from "../../deno.json" with { type: "json" };
import { EngineError } from "../errors.ts";
import { SUPERVISE_COMMAND } from "./supervise_command.ts";

/** A program and the arguments that make it `bottle supervise`. */
export interface SelfCommand {
  readonly command: string;
  readonly args: readonly string[];
}

/**
 * V8 flags of a supervisor: a young generation of at most 1 MB per semi-space
 * (by default V8 grows it to several MB under allocation and keeps it). Measured on an idle
 * bottle: about 3 MB less resident memory; on the proxies
 * (tests/bench/supervisor_flags_bench.ts) latency and throughput are unchanged
 * within noise (ARCHITECTURE.md, "What a supervisor loads, and when").
 * `--optimize-for-size` was measured too and left out: it cost CPU per request.
 * The compiled binary has the flags baked in by `deno compile --v8-flags`
 * (deno.json's compile task), for every command: a compiled program reads no
 * V8 flags from its environment.
 */
export const SUPERVISOR_V8_FLAGS: readonly string[] = ["--max-semi-space-size=1"];

/** The command that runs `bottle supervise` as this process runs bottle. */
export function supervisorCommand(): SelfCommand {
  const exe = Deno.execPath();
  if (basename(exe) === "deno") {
    return {
      command: "deno",
      args: [
        "run",
        "--quiet",
        "--no-config",
        ...permissionFlags(config.permissions.bottle),
        `--v8-flags=${SUPERVISOR_V8_FLAGS.join(",")}`,
        fileURLToPath(Deno.mainModule),
        SUPERVISE_COMMAND,
      ],
    };
  }
  const onPath = which("bottle");
  if (onPath === undefined || realPath(onPath) !== realPath(exe)) {
    throw new EngineError(
      "self_not_on_path",
      `detached bottles need this bottle (${exe}) on PATH as \`bottle\``,
      { hint: "install it into a folder on PATH (for example /usr/local/bin/bottle)" },
    );
  }
  return { command: "bottle", args: [SUPERVISE_COMMAND] };
}

/**
 * The `deno run` flags that grant what a deno.json permission set grants:
 * `true` for a whole kind, a list of names for `run`. Anything else throws
 * rather than being dropped or widened.
 */
export function permissionFlags(set: Readonly<Record<string, unknown>>): string[] {
  return Object.entries(set).map(([kind, value]) => {
    if (!["read", "write", "env", "net", "run"].includes(kind)) {
      throw new Error(`permission ${kind} has no flag here`);
    }
    if (value === true) return `--allow-${kind}`;
    if (
      kind === "run" && Array.isArray(value) && value.length > 0 &&
      value.every((name) => typeof name === "string" && /^[\w.-]+$/.test(name))
    ) {
      return `--allow-run=${value.join(",")}`;
    }
    throw new Error(`permission ${kind}: ${JSON.stringify(value)} has no flag here`);
  });
}

function which(name: string): string | undefined {
  for (const dir of (Deno.env.get("PATH") ?? "").split(":")) {
    if (dir === "") continue;
    try {
      const path = join(dir, name);
      if (Deno.statSync(path).isFile) return path;
    } catch {
      // Not in this folder.
    }
  }
  return undefined;
}

function realPath(path: string): string {
  try {
    return Deno.realPathSync(path);
  } catch {
    return path;
  }
}
