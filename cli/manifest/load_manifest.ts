/**
 * The manifest's edge with the disk: discovery, reading (at most 1 MiB + 1
 * bytes, whatever the file's size) and the host view the semantic checks use.
 */
import { dirname } from "node:path";
import { ManifestError } from "../errors.ts";
import { analyzeManifestBytes, type ManifestAnalysis } from "./analyze_manifest.ts";
import type { HostView } from "./check_semantics.ts";
import { discoverManifest, MANIFEST_NAME, type ManifestSource } from "./discover_manifest.ts";
import { MAX_MANIFEST_BYTES } from "./parse_jsonc.ts";
import { BUILTIN_MANIFEST, type ResolveContext } from "./resolve_bottles.ts";

/** A manifest found, read and checked, with what is needed to resolve its bottles. */
export interface LoadedManifest {
  readonly source: ManifestSource;
  readonly analysis: ManifestAnalysis;
  readonly resolveContext: ResolveContext;
}

/** Where to look and how to see the host. */
export interface LoadInput {
  readonly flag?: string | undefined;
  readonly cwd: string;
  readonly env: (name: string) => string | undefined;
}

/** Finds, reads and checks the manifest. Missing or unreadable files are `ManifestError`s. */
export async function loadManifest(input: LoadInput): Promise<LoadedManifest> {
  const source = discoverManifest(
    {
      flag: input.flag,
      cwd: input.cwd,
      xdgConfigHome: input.env("XDG_CONFIG_HOME"),
      home: input.env("HOME"),
    },
    isFile,
  );
  const home = input.env("HOME");
  if (source.kind === "builtin") {
    return {
      source,
      analysis: { text: "", diagnostics: [], manifest: BUILTIN_MANIFEST },
      resolveContext: { baseDir: input.cwd, defaultWorkspace: input.cwd, home },
    };
  }
  const baseDir = dirname(source.path);
  const { bytes, size } = await readPrefix(source.path);
  const host = hostView(baseDir, home, input.env);
  return {
    source,
    analysis: analyzeManifestBytes(bytes, host, size),
    resolveContext: {
      baseDir,
      defaultWorkspace: source.kind === "user" ? input.cwd : baseDir,
      home,
    },
  };
}

/** The semantic checks' view of this host. */
export function hostView(
  baseDir: string,
  home: string | undefined,
  env: (name: string) => string | undefined,
): HostView {
  return {
    baseDir,
    home,
    isDirectory,
    isFile: (path) => statOrUndefined(path)?.isFile === true,
    hasEnv: (name) => env(name) !== undefined,
  };
}

function statOrUndefined(path: string): Deno.FileInfo | undefined {
  try {
    return Deno.statSync(path);
  } catch {
    return undefined;
  }
}

/** Whether `path` is a folder on this host (false when it cannot be seen). */
export function isDirectory(path: string): boolean {
  return statOrUndefined(path)?.isDirectory === true;
}

function isFile(path: string): boolean {
  return statOrUndefined(path)?.isFile === true;
}

async function readPrefix(path: string): Promise<{ bytes: Uint8Array; size: number }> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true });
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) {
      throw new ManifestError("not-found", `manifest ${path} does not exist`, {
        hint: `check the path, or run \`bottle init\` to write a starter ${MANIFEST_NAME}`,
      });
    }
    if (error instanceof Deno.errors.PermissionDenied) {
      throw new ManifestError("unreadable", `manifest ${path} cannot be read (permission denied)`, {
        hint: "check the file's permissions",
      });
    }
    throw new ManifestError("unreadable", `manifest ${path} cannot be read: ${String(error)}`, {
      cause: error,
    });
  }
  try {
    const info = await file.stat();
    if (!info.isFile) {
      throw new ManifestError("not-a-file", `manifest ${path} is not a file`, {
        hint: `name the ${MANIFEST_NAME} file itself, not its folder`,
      });
    }
    const limit = MAX_MANIFEST_BYTES + 1;
    const buffer = new Uint8Array(Math.min(info.size, limit) + 1);
    let filled = 0;
    while (filled < Math.min(buffer.length, limit)) {
      const n = await file.read(buffer.subarray(filled, Math.min(buffer.length, limit)));
      if (n === null) break;
      filled += n;
    }
    return { bytes: buffer.subarray(0, filled), size: Math.max(info.size, filled) };
  } finally {
    file.close();
  }
}
