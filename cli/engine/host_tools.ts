/**
 * The host-tools edge: the only module that spawns `debootstrap` and `tar`
 * (the two programs besides `docker` that `deno.json` lets bottle run), used
 * to build a base image without a registry.
 */
import { EngineError } from "../errors.ts";
import { splitLines } from "./split_lines.ts";

/** The host programs bottle may run besides docker. */
export type HostTool = "debootstrap" | "tar";

const INSTALL_HINT: Record<HostTool, string> = {
  debootstrap: "install it (Debian/Ubuntu: `apt-get install debootstrap`)",
  tar: "install GNU tar (Debian/Ubuntu: `apt-get install tar`)",
};

/** A running tool whose standard output is a byte stream (for piping into another program). */
export interface ToolStream {
  /** The tool's standard output. */
  readonly stdout: ReadableStream<Uint8Array>;
  /** Resolves when the tool has exited: its status and what it wrote to standard error. */
  readonly done: Promise<{ readonly code: number; readonly stderr: string }>;
}

/** Whether `tool` can be started (it answers `--version`). */
export async function hostToolAvailable(tool: HostTool): Promise<boolean> {
  try {
    const { success } = await new Deno.Command(tool, {
      args: ["--version"],
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).output();
    return success;
  } catch {
    return false;
  }
}

/** Runs `tool ARGS…`, handing each output line (stdout and stderr merged) to `onLine`; returns the exit status. */
export async function streamHostTool(
  tool: HostTool,
  args: readonly string[],
  onLine: (line: string) => void,
  signal?: AbortSignal,
): Promise<number> {
  const child = spawn(tool, args, "null");
  const stop = () => kill(child, "SIGINT"); // debootstrap unmounts /proc and /sys on SIGINT
  signal?.addEventListener("abort", stop, { once: true });
  if (signal?.aborted) stop();
  try {
    const read = async (stream: ReadableStream<Uint8Array>) => {
      let pending = "";
      for await (const text of stream.pipeThrough(new TextDecoderStream())) {
        const { lines, rest } = splitLines(pending + text);
        pending = rest;
        lines.forEach(onLine);
      }
      if (pending !== "") onLine(pending);
    };
    const [status] = await Promise.all([child.status, read(child.stdout), read(child.stderr)]);
    return status.code;
  } finally {
    signal?.removeEventListener("abort", stop);
  }
}

/** Starts `tool ARGS…` with its standard output as a stream; the caller must consume `stdout`. */
export function streamHostToolOutput(
  tool: HostTool,
  args: readonly string[],
  signal?: AbortSignal,
): ToolStream {
  const child = spawn(tool, args, "null");
  const stop = () => kill(child, "SIGTERM");
  signal?.addEventListener("abort", stop, { once: true });
  if (signal?.aborted) stop();
  const stderr = new Response(child.stderr).text();
  const done = Promise.all([child.status, stderr]).then(([status, text]) => {
    signal?.removeEventListener("abort", stop);
    return { code: status.code, stderr: text };
  });
  return { stdout: child.stdout, done };
}

function kill(child: Deno.ChildProcess, signal: Deno.Signal): void {
  try {
    child.kill(signal);
  } catch {
    // It has already exited.
  }
}

function spawn(tool: HostTool, args: readonly string[], stdin: "null"): Deno.ChildProcess {
  try {
    return new Deno.Command(tool, { args: [...args], stdin, stdout: "piped", stderr: "piped" })
      .spawn();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new EngineError("tool_missing", `\`${tool}\` was not found on this host`, {
        hint: INSTALL_HINT[tool],
        cause: error,
      });
    }
    throw error;
  }
}
