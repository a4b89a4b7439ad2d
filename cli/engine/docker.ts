/**
 * The container engine edge: the only module that spawns `docker`. Every call
 * takes argv as data; anything secret travels through `env` or `stdin`, never
 * through argv (which any local user can read in `ps`).
 */
import { EngineError } from "../errors.ts";
import { splitLines } from "./split_lines.ts";

/** What a finished `docker` call left behind. */
export interface DockerResult {
  /** The exit status of the docker CLI. */
  readonly code: number;
  /** Everything it wrote to standard output. */
  readonly stdout: string;
  /** Everything it wrote to standard error. */
  readonly stderr: string;
}

/** How to run one `docker` call. */
export interface DockerOptions {
  /** Extra environment for the docker CLI (for example `DOCKER_BUILDKIT=0`, or a secret a `-e NAME` flag names). */
  readonly env?: Readonly<Record<string, string>>;
  /** Bytes or a stream fed to the docker CLI's standard input. */
  readonly stdin?: Uint8Array | ReadableStream<Uint8Array>;
  /** Stops the call: the docker CLI receives SIGTERM. */
  readonly signal?: AbortSignal;
}

/** Which stream a line came from. */
export type LineSource = "stdout" | "stderr";

/** Receives each line of a streamed call as soon as it is complete. */
export type LineSink = (line: string, source: LineSource) => void;

/** The program spawned (resolved on PATH; `deno.json` allows exactly this name). */
const DOCKER = "docker";

/** Runs `docker ARGS…` to completion and captures both streams; a non-zero status is returned, not thrown. */
export async function runDocker(
  args: readonly string[],
  options: DockerOptions = {},
): Promise<DockerResult> {
  const chunks: Record<LineSource, string[]> = { stdout: [], stderr: [] };
  const code = await spawnDocker(args, options, (text, source) => chunks[source].push(text));
  return { code, stdout: chunks.stdout.join(""), stderr: chunks.stderr.join("") };
}

/** Runs `docker ARGS…` and hands every output line to `onLine` while it runs; returns the exit status. */
export async function streamDocker(
  args: readonly string[],
  onLine: LineSink,
  options: DockerOptions = {},
): Promise<number> {
  const pending: Record<LineSource, string> = { stdout: "", stderr: "" };
  const code = await spawnDocker(args, options, (text, source) => {
    const { lines, rest } = splitLines(pending[source] + text);
    pending[source] = rest;
    for (const line of lines) onLine(line, source);
  });
  for (const source of ["stdout", "stderr"] as const) {
    const last = pending[source].replace(/\r$/, "");
    if (last !== "") onLine(last, source);
  }
  return code;
}

/** Throws a clear `EngineError` unless the docker CLI is installed and its engine answers; returns the engine version. */
export async function checkEngine(): Promise<string> {
  return (await engineInfo()).version;
}

/** The engine's version and runtimes, from one `docker info`; throws like `checkEngine`. */
export async function engineInfo(): Promise<{ version: string; runtimes: string[] }> {
  const result = await runDocker(["info", "--format", "{{.ServerVersion}} {{json .Runtimes}}"]);
  const [version = "", ...rest] = result.stdout.trim().split(" ");
  if (result.code === 0 && version !== "") {
    let runtimes: unknown = {};
    try {
      runtimes = JSON.parse(rest.join(" ") || "{}");
    } catch {
      // An engine without the field: no runtimes known beyond the default.
    }
    return {
      version,
      runtimes: runtimes !== null && typeof runtimes === "object" ? Object.keys(runtimes) : [],
    };
  }
  const detail = firstLine(result.stderr) ?? `docker info exited with status ${result.code}`;
  if (/permission denied/i.test(result.stderr)) {
    throw new EngineError("permission", `cannot talk to the Docker engine: ${detail}`, {
      hint: "add your user to the `docker` group (then log in again), or run as root",
    });
  }
  throw new EngineError("unreachable", `the Docker engine does not answer: ${detail}`, {
    hint:
      "start it (`sudo systemctl start docker`, or `dockerd &`, or Docker Desktop) and check `docker context ls` / DOCKER_HOST",
  });
}

/** Whether `ref` names an image present in the local engine (never pulls). */
export async function imageExists(ref: string): Promise<boolean> {
  return (await imageId(ref)) !== undefined;
}

/** The local image id (`sha256:…`) of `ref`, or undefined when the engine has no such image. */
export async function imageId(ref: string): Promise<string | undefined> {
  const result = await runDocker(["image", "inspect", "--format", "{{.Id}}", "--", ref]);
  if (result.code !== 0) return undefined;
  const id = result.stdout.trim();
  return id === "" ? undefined : id;
}

/** The labels of the local image `ref`, or undefined when the engine has no such image. */
export async function imageLabels(ref: string): Promise<Record<string, string> | undefined> {
  const result = await runDocker([
    "image",
    "inspect",
    "--format",
    "{{json .Config.Labels}}",
    "--",
    ref,
  ]);
  if (result.code !== 0) return undefined;
  const labels: unknown = JSON.parse(result.stdout.trim() || "null");
  if (labels === null || typeof labels !== "object") return {};
  return Object.fromEntries(
    Object.entries(labels).filter((entry): entry is [string, string] =>
      typeof entry[1] === "string"
    ),
  );
}

/** Adds the tag `target` to the image `source`; throws `EngineError` when the engine refuses. */
export async function tagImage(source: string, target: string): Promise<void> {
  const result = await runDocker(["tag", source, target]);
  if (result.code !== 0) {
    throw new EngineError(
      "tag_failed",
      `could not tag ${source} as ${target}: ${
        firstLine(result.stderr) ?? `status ${result.code}`
      }`,
    );
  }
}

/** Removes an image by id or reference, ignoring failures (used to clean up after a failed step). */
export async function removeImage(ref: string): Promise<void> {
  await runDocker(["image", "rm", "--force", ref]);
}

/** The first non-empty line of `text`, if any. */
export function firstLine(text: string): string | undefined {
  return text.split("\n").map((line) => line.trim()).find((line) => line !== "");
}

async function spawnDocker(
  args: readonly string[],
  options: DockerOptions,
  onText: (text: string, source: LineSource) => void,
): Promise<number> {
  let child: Deno.ChildProcess;
  try {
    child = new Deno.Command(DOCKER, {
      args: [...args],
      stdin: options.stdin === undefined ? "null" : "piped",
      stdout: "piped",
      stderr: "piped",
      ...(options.env === undefined ? {} : { env: { ...options.env } }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    }).spawn();
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) throw dockerMissing(error);
    throw error;
  }
  const feeding = feed(child, options.stdin);
  const reading = Promise.all([
    drain(child.stdout, (text) => onText(text, "stdout")),
    drain(child.stderr, (text) => onText(text, "stderr")),
  ]);
  const [status] = await Promise.all([child.status, reading, feeding]);
  return status.code;
}

async function feed(
  child: Deno.ChildProcess,
  input: Uint8Array | ReadableStream<Uint8Array> | undefined,
): Promise<void> {
  if (input === undefined) return;
  try {
    if (input instanceof Uint8Array) {
      const writer = child.stdin.getWriter();
      await writer.write(input);
      await writer.close();
    } else {
      await input.pipeTo(child.stdin);
    }
  } catch {
    // The CLI closed its input early (it failed, or was stopped); its exit status says why.
  }
}

async function drain(stream: ReadableStream<Uint8Array>, onText: (text: string) => void) {
  for await (const text of stream.pipeThrough(new TextDecoderStream())) onText(text);
}

/** Runs `docker ARGS…` and hands its output to `onText` as it arrives (no line splitting); returns the exit status. */
export function followDocker(
  args: readonly string[],
  onText: (text: string, source: LineSource) => void,
  options: DockerOptions = {},
): Promise<number> {
  return spawnDocker(args, options, onText);
}

/**
 * Runs `docker ARGS…` on this process's own terminal (standard streams
 * inherited), for `attach`, `exec` and the foreground agent; returns its status.
 */
export async function runDockerOnTerminal(args: readonly string[]): Promise<number> {
  try {
    const child = new Deno.Command(DOCKER, {
      args: [...args],
      stdin: "inherit",
      stdout: "inherit",
      stderr: "inherit",
    }).spawn();
    return (await child.status).code;
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) throw dockerMissing(error);
    throw error;
  }
}

function dockerMissing(cause: unknown): EngineError {
  return new EngineError("missing", "the `docker` command was not found", {
    hint:
      "install the Docker CLI and engine (Debian: `apt-get install docker.io`) and make sure `docker` is on PATH",
    cause,
  });
}
