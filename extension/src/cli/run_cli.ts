/**
 * The one place the extension starts the `bottle` program: no shell, no
 * standard input (so bottle never waits for a terminal answer), output
 * collected, standard error also passed on line by line for progress.
 */
import { spawn } from "node:child_process";
import { BottleFailure } from "./bottle_failure.ts";
import type { CliRun } from "./parse_cli_result.ts";

/** How to run one command. */
export interface RunOptions {
  /** The folder bottle runs in (it finds the manifest from there). */
  readonly cwd?: string;
  /** Receives each line of standard error as it arrives. */
  readonly onStderrLine?: (line: string) => void;
  /** Kills the process after this many milliseconds (it then fails). */
  readonly timeoutMs?: number;
}

/** Runs `bottle ARGS…` to its end. */
export type RunCli = (
  args: readonly string[],
  options?: RunOptions,
) => Promise<CliRun>;

/** A runner for the program at `binary`, with `env` as its whole environment. */
export function spawnRunner(binary: string, env: NodeJS.ProcessEnv): RunCli {
  return (args, options = {}) =>
    new Promise<CliRun>((resolve, reject) => {
      const child = spawn(binary, [...args], {
        cwd: options.cwd,
        env: { ...env, NO_COLOR: "1" },
        stdio: ["ignore", "pipe", "pipe"],
        shell: false,
      });
      let stdout = "";
      let stderr = "";
      let pending = "";
      let timedOut = false;
      const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => {
        timedOut = true;
        child.kill("SIGTERM");
      }, options.timeoutMs);
      child.stdout.setEncoding("utf8").on("data", (text: string) => stdout += text);
      child.stderr.setEncoding("utf8").on("data", (text: string) => {
        stderr += text;
        pending += text;
        const lines = pending.split("\n");
        pending = lines.pop() ?? "";
        for (const line of lines) {
          options.onStderrLine?.(line);
        }
      });
      child.on("error", (error) => {
        clearTimeout(timer);
        reject(
          new BottleFailure(
            "extension.cannot_run",
            `cannot run ${binary}: ${error.message}`,
            "check the bottle.path setting",
            -1,
          ),
        );
      });
      child.on("close", (code, signal) => {
        clearTimeout(timer);
        if (pending !== "") {
          options.onStderrLine?.(pending);
        }
        if (timedOut) {
          reject(
            new BottleFailure(
              "extension.timeout",
              `bottle ${args[0] ?? ""} did not finish within ${options.timeoutMs} ms`,
              "is the Docker engine answering? (`docker info`)",
              -1,
            ),
          );
          return;
        }
        resolve({
          exitCode: code ?? (signal === null ? -1 : 128),
          stdout,
          stderr,
        });
      });
    });
}
