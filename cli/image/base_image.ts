/**
 * Builds a Debian base image without a registry: debootstrap a minimal root
 * file system from the host's own apt mirror into a private temporary folder,
 * then stream it through `tar` into `docker import`. The folder is removed on
 * every exit path — unless something is still mounted inside it, in which
 * case it is left alone and the user is told, because a recursive delete
 * would reach into the mounted file system.
 */
import { EngineError } from "../errors.ts";
import { firstLine, removeImage, runDocker, tagImage } from "../engine/docker.ts";
import { hostToolAvailable, streamHostTool, streamHostToolOutput } from "../engine/host_tools.ts";
import { type AptSource, baseImageAptSources, parseAptSources } from "./apt_sources.ts";
import { debootstrapArgv, importArgv, rootfsTarArgv } from "./base_image_argv.ts";
import { DebootstrapProgress } from "./debootstrap_progress.ts";
import { removeTree } from "./remove_tree.ts";

/** Where the host keeps its apt sources, in the order they are read. */
export const HOST_APT_SOURCES = [
  "/etc/apt/sources.list.d/debian.sources",
  "/etc/apt/sources.list",
] as const;

/** The mirror used when the host has no apt sources to learn one from. */
export const FALLBACK_MIRROR = "http://deb.debian.org/debian";

/** What to build and where progress goes. */
export interface BaseImageRequest {
  /** The tag to give the result (`local/debian:bookworm`). */
  readonly tag: string;
  /** The Debian suite (`bookworm`). */
  readonly suite: string;
  /** The apt mirror to bootstrap from. */
  readonly mirror: string;
  /** The host's own apt sources (their updates/security suites are copied into the image). */
  readonly hostSources: readonly AptSource[];
  /** Receives one line of progress at a time (for standard error). */
  readonly progress: (line: string) => void;
  /** Also pass every debootstrap line to `progress`. */
  readonly verbose: boolean;
  /** Aborts the build (Ctrl-C); cleanup still runs. */
  readonly signal: AbortSignal;
}

/** Reads the host's binary apt sources; missing files count as empty. */
export async function readHostAptSources(): Promise<AptSource[]> {
  const out: AptSource[] = [];
  for (const path of HOST_APT_SOURCES) {
    const text = await readOptional(path);
    if (text !== undefined) out.push(...parseAptSources(text));
  }
  return out;
}

/** Throws a clear `EngineError` unless this host can run debootstrap: Linux, root, debootstrap installed. */
export async function checkBaseImageHost(): Promise<void> {
  const alternative =
    "or build on a host where `debian:bookworm-slim` can be pulled, and keep the default --base";
  if (Deno.build.os !== "linux") {
    throw new EngineError(
      "unsupported_os",
      "`bottle image base` runs debootstrap, which needs Linux",
      {
        hint: `run it on a Linux host (or in a Linux VM), ${alternative}`,
      },
    );
  }
  if (!(await hostToolAvailable("debootstrap"))) {
    throw new EngineError("tool_missing", "`debootstrap` is not installed on this host", {
      hint: "install it (Debian/Ubuntu: `apt-get install debootstrap`)",
    });
  }
  if ((await effectiveUid()) !== 0) {
    throw new EngineError(
      "needs_root",
      "`bottle image base` must run as root (debootstrap creates device files and chroots)",
      {
        hint: `run it with sudo, ${alternative}`,
      },
    );
  }
}

/** Builds the base image and tags it `request.tag`; returns its image id. */
export async function buildBaseImage(request: BaseImageRequest): Promise<string> {
  const { progress } = request;
  const workdir = await Deno.makeTempDir({ prefix: "bottle-base-" });
  await Deno.chmod(workdir, 0o700);
  const rootfs = `${workdir}/rootfs`;
  try {
    progress(`debootstrap ${request.suite} from ${request.mirror}`);
    await debootstrap(request, rootfs);
    request.signal.throwIfAborted();
    // The image's apt sources (0644: every image build reads them).
    await Deno.writeTextFile(
      `${rootfs}/etc/apt/sources.list`,
      baseImageAptSources(request.suite, request.mirror, request.hostSources),
      { mode: 0o644 },
    );
    progress(`importing the root file system as ${request.tag}`);
    const started = performance.now();
    const id = await importRootfs(request, rootfs);
    if (request.signal.aborted) {
      await removeImage(id);
      request.signal.throwIfAborted();
    }
    progress(
      `  imported ${id.slice(0, 19)}  (${((performance.now() - started) / 1000).toFixed(1)}s)`,
    );
    await tagImage(id, request.tag);
    return id;
  } finally {
    await removeWorkdir(workdir, progress);
  }
}

async function debootstrap(request: BaseImageRequest, rootfs: string): Promise<void> {
  const tracker = new DebootstrapProgress();
  const code = await streamHostTool(
    "debootstrap",
    debootstrapArgv(request.suite, rootfs, request.mirror),
    (line) => {
      if (request.verbose) request.progress(`  | ${line}`);
      tracker.push(line, performance.now()).forEach(request.progress);
    },
    request.signal,
  );
  tracker.finish(performance.now()).forEach(request.progress);
  request.signal.throwIfAborted();
  if (code === 0) return;
  if (!request.verbose) tracker.tail.forEach((line) => request.progress(`  | ${line}`));
  throw new EngineError("debootstrap_failed", `debootstrap exited with status ${code}`, {
    hint:
      `check that ${request.mirror} is reachable and serves "${request.suite}" (choose another with --mirror); the lines above show debootstrap's last words`,
  });
}

async function importRootfs(request: BaseImageRequest, rootfs: string): Promise<string> {
  const tar = streamHostToolOutput("tar", rootfsTarArgv(rootfs), request.signal);
  const imported = await runDocker(importArgv(request.suite, request.mirror), {
    stdin: tar.stdout,
    signal: request.signal,
  });
  const packed = await tar.done;
  const id = imported.stdout.trim();
  if (imported.code === 0 && packed.code === 0 && /^sha256:[0-9a-f]{64}$/.test(id)) return id;
  // A tar that failed half-way still yields an importable (truncated) stream: never keep that image.
  if (/^sha256:[0-9a-f]{64}$/.test(id)) await removeImage(id);
  const reason = packed.code !== 0
    ? `tar exited with status ${packed.code}: ${firstLine(packed.stderr) ?? "no message"}`
    : `docker import exited with status ${imported.code}: ${
      firstLine(imported.stderr) ?? "no message"
    }`;
  throw new EngineError("import_failed", `could not import the root file system: ${reason}`);
}

async function removeWorkdir(workdir: string, progress: (line: string) => void): Promise<void> {
  try {
    const { removed, mounts } = await removeTree(workdir);
    if (removed) return;
    progress(`warning: left ${workdir} in place: still mounted inside it: ${mounts.join(", ")}`);
    progress(`  unmount them (umount ${mounts.join(" ")}), then remove ${workdir}`);
  } catch (error) {
    progress(
      `warning: could not remove ${workdir}: ${error instanceof Error ? error.message : error}`,
    );
  }
}

/** The effective uid, as the owner of a folder this process creates (Deno hides /proc/self). */
async function effectiveUid(): Promise<number | null> {
  const probe = await Deno.makeTempDir({ prefix: "bottle-uid-" });
  try {
    return (await Deno.stat(probe)).uid;
  } finally {
    await Deno.remove(probe);
  }
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}
