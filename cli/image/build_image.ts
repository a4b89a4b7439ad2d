/**
 * Builds the agent image with the engine's legacy builder: writes the build
 * context into a fresh private temporary folder, streams `docker build`, and
 * turns its output into one progress line per step. The folder is removed on
 * every exit path.
 */
import { EngineError } from "../errors.ts";
import { streamDocker } from "../engine/docker.ts";
import { buildArgv } from "./build_argv.ts";
import { buildContextFiles } from "./build_context.ts";
import { BuildProgress } from "./build_progress.ts";

/** How often a long-running step is checked for a "still running" line. */
const TICK_MS = 5_000;

/** What to build and where progress goes. */
export interface BuildImageRequest {
  /** The Dockerfile text. */
  readonly dockerfile: string;
  /** The checked CA bundle (only certificates), or empty. */
  readonly caBundle: Uint8Array;
  /** The policy hook's script. */
  readonly hook: string;
  /** The hook's shell parser WebAssembly. */
  readonly parser: { readonly runtime: Uint8Array; readonly grammar: Uint8Array };
  /** `--build-arg` values by name. */
  readonly buildArgs: Readonly<Record<string, string>>;
  /** Tags for the result, the content tag first. */
  readonly tags: readonly string[];
  /** `--label` values by name. */
  readonly labels: Readonly<Record<string, string>>;
  /** Rebuild every layer (`--force`). */
  readonly noCache: boolean;
  /** Receives one line of progress at a time (for standard error). */
  readonly progress: (line: string) => void;
  /** Also pass every build output line to `progress`. */
  readonly verbose: boolean;
  /** Aborts the build (Ctrl-C); cleanup still runs. */
  readonly signal: AbortSignal;
}

/** Runs the build; throws `EngineError` with the failing step and its last output lines on failure. */
export async function buildImage(request: BuildImageRequest): Promise<void> {
  const contextDir = await writeContext(request);
  const tracker = new BuildProgress();
  const emit = (lines: readonly string[]) => lines.forEach(request.progress);
  const timer = setInterval(() => emit(tracker.tick(performance.now())), TICK_MS);
  try {
    const argv = buildArgv({
      contextDir,
      tags: request.tags,
      buildArgs: request.buildArgs,
      labels: request.labels,
      noCache: request.noCache,
    });
    const code = await streamDocker(argv, (line) => {
      if (request.verbose) request.progress(`  | ${line}`);
      emit(tracker.push(line, performance.now()));
    }, { env: { DOCKER_BUILDKIT: "0" }, signal: request.signal });
    const failedAt = tracker.current;
    if (code === 0) {
      emit(tracker.finish(performance.now()));
      return;
    }
    request.signal.throwIfAborted();
    if (!request.verbose) tracker.tail.forEach((line) => request.progress(`  | ${line}`));
    throw new EngineError(
      "build_failed",
      `docker build failed${failedAt === undefined ? "" : ` at ${failedAt}`} (status ${code})`,
      {
        hint:
          "the lines above are the step's last output; behind a TLS-inspecting proxy pass its CA with --ca-bundle FILE, and --debug shows the whole build",
      },
    );
  } finally {
    clearInterval(timer);
    await Deno.remove(contextDir, { recursive: true }).catch(() => {});
  }
}

async function writeContext(request: BuildImageRequest): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "bottle-build-" });
  try {
    await Deno.chmod(dir, 0o700);
    const files = buildContextFiles({
      dockerfile: request.dockerfile,
      caBundle: request.caBundle,
      hook: request.hook,
      parser: request.parser,
    });
    for (const file of files) {
      await Deno.writeFile(`${dir}/${file.path}`, file.bytes, { mode: 0o600, createNew: true });
    }
    return dir;
  } catch (error) {
    await Deno.remove(dir, { recursive: true }).catch(() => {});
    throw error;
  }
}
