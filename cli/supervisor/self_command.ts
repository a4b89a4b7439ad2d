/**
 * How bottle starts another copy of itself (the detached supervisor). The
 * compiled binary runs itself by the name `bottle` (the name its `run`
 * permission grants, so it must be the binary on PATH); from source it runs
 * `deno run -P=bottle` on its own entry module — the one place that locates
 * the entry module, which is only ever executed, never read.
 */
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { EngineError } from "../errors.ts";

/** A program and the arguments that make it `bottle`. */
export interface SelfCommand {
  readonly command: string;
  readonly args: readonly string[];
}

/** The command that runs `bottle ARGS…` as this process does. */
export function selfCommand(args: readonly string[]): SelfCommand {
  const exe = Deno.execPath();
  if (basename(exe) === "deno") {
    const main = fileURLToPath(Deno.mainModule);
    const config = join(dirname(dirname(main)), "deno.json");
    return {
      command: "deno",
      args: ["run", "--quiet", `--config=${config}`, "-P=bottle", main, ...args],
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
  return { command: "bottle", args };
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
