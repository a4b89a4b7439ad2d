/**
 * Binary identity: the program a command name runs is found through the
 * bottle's PATH (a name with `/` relative to the working folder), its symlinks
 * resolved, and its SHA-256 checked — against the image's hash manifest for
 * the image's own files, against the trust-on-first-use store for anything
 * else (workspace scripts, `node_modules/.bin/*`).
 *
 * Speed: hashing /usr/bin/node (about 100 MB) takes longer than the whole
 * hook may. A manifest file that sits on a read-only mount and still has the
 * size and mtime the manifest recorded is not hashed: the image's root
 * filesystem is mounted read-only, so its bytes cannot have changed since the
 * build step read them. Anywhere else (a writable root, a manifest without
 * size and mtime, any file outside the manifest) the file is hashed, once per
 * process for each device, inode, size and mtime.
 */

import type { HookModes } from "../hook_policy.ts";
import { expandPath, procAlias } from "../paths/expand_path.ts";
import type { FsStat, FsView } from "../paths/fs_view.ts";
import { type MountEntry, mountOf, parseMountInfo } from "../paths/mount_table.ts";
import { resolvePhysical, SymlinkLoopError } from "../paths/resolve_path.ts";
import { ALLOWED, type CommandJudge, denied, refused, type Verdict } from "../verdict.ts";
import type { HashManifest } from "./hash_manifest.ts";
import { SHELL_BUILTINS } from "./shell_builtins.ts";
import { trustedHash, type TrustRecord, type TrustStore } from "./trust_store.ts";

/** The PATH of the agent image (Debian's default); it holds no workspace or home folder. */
export const BOTTLE_PATH: readonly string[] = [
  "/usr/local/sbin",
  "/usr/local/bin",
  "/usr/sbin",
  "/usr/bin",
  "/sbin",
  "/bin",
];

/** What binary identity needs. */
export interface CommandJudgeOptions {
  readonly fs: FsView;
  /** Hex SHA-256 of a file's bytes (node_fs_view.ts: sha256File). */
  readonly hashFile: (path: string) => string;
  readonly manifest: HashManifest;
  readonly trust: TrustStore;
  readonly modes: Pick<HookModes, "changedBinary" | "unknownBinary">;
  /** The folders searched for a name without `/` (default BOTTLE_PATH). */
  readonly searchPath?: readonly string[];
  /** What `~` means in a command name (default /home/agent, user agent). */
  readonly home?: { readonly home: string; readonly user: string };
  /** The mount table; default: /proc/self/mountinfo read through the FsView, once. */
  readonly mounts?: () => readonly MountEntry[] | undefined;
}

/** The judge, and the first runs it allowed, for the supervisor to record. */
export interface CommandIdentity {
  readonly judge: CommandJudge;
  /** First runs of executables outside the image seen so far (one per path). */
  pendingTrust(): readonly TrustRecord[];
}

/** Builds the binary identity judge. */
export function createCommandJudge(options: CommandJudgeOptions): CommandIdentity {
  const { fs, hashFile, manifest, trust, modes } = options;
  const searchPath = options.searchPath ?? BOTTLE_PATH;
  const home = options.home ?? { home: "/home/agent", user: "agent" };
  const hashes = new Map<string, string>();
  const pending = new Map<string, TrustRecord>();
  let mountTable: readonly MountEntry[] | undefined | null = null;
  const mounts = options.mounts ?? (() => {
    if (mountTable === null) {
      const text = fs.readText("/proc/self/mountinfo");
      mountTable = text === undefined ? undefined : parseMountInfo(text);
    }
    return mountTable;
  });

  const hashOf = (path: string, stat: FsStat): string => {
    const key = `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeMs}`;
    let hash = hashes.get(key);
    if (hash === undefined) {
      hash = hashFile(path);
      hashes.set(key, hash);
    }
    return hash;
  };
  const onReadOnlyMount = (path: string): boolean => {
    const table = mounts();
    return table !== undefined && mountOf(table, path)?.readOnly === true;
  };

  const judgeOne = (name: string, cwd: string): Verdict => {
    if (name === "") return denied("binary.bad_name", "the command name is empty");
    let found: string;
    if (name.includes("/")) {
      found = procAlias(expandPath(name, cwd, home));
    } else {
      if (SHELL_BUILTINS.has(name)) return ALLOWED;
      const hit = searchPath.map((dir) => `${dir}/${name}`).find((candidate) => {
        const target = resolvePhysical(candidate, cwd, fs).stat;
        return target?.kind === "file" && (target.mode & 0o111) !== 0;
      });
      // Not found: bash answers "command not found" and runs nothing.
      if (hit === undefined) return ALLOWED;
      found = hit;
    }
    if (found === "/proc" || found.startsWith("/proc/")) {
      return denied("binary.proc", `running ${name} through /proc is not allowed`);
    }
    const physical = resolvePhysical(found, cwd, fs);
    const real = physical.path;
    if (real === "/proc" || real.startsWith("/proc/")) {
      return denied("binary.proc", `running ${name} (${real}) through /proc is not allowed`);
    }
    const stat = physical.stat;
    // Missing or not a file: nothing runs yet, so there is nothing to identify.
    if (stat === undefined || stat.kind !== "file") return ALLOWED;
    const shown = name === real ? name : `${name} (${real})`;

    const entry = manifest.get(real) ?? manifest.get(found);
    if (entry !== undefined) {
      if (entry.size !== undefined && entry.size !== stat.size) return changedImage(shown);
      const unchanged = entry.size !== undefined && entry.mtime !== undefined &&
        Math.floor(stat.mtimeMs / 1000) === entry.mtime && onReadOnlyMount(real);
      if (unchanged || hashOf(real, stat) === entry.sha256) return ALLOWED;
      return changedImage(shown);
    }

    const hash = hashOf(real, stat);
    const first = trustedHash(trust, real);
    if (first === undefined) {
      if (modes.unknownBinary !== "trust") {
        return refused(
          modes.unknownBinary,
          "binary.unknown",
          `${shown} is not part of the image and has not run in this bottle before`,
        );
      }
      if (!pending.has(real)) pending.set(real, { path: real, sha256: hash });
      return ALLOWED;
    }
    if (first === hash) return ALLOWED;
    return refused(
      modes.changedBinary,
      "binary.changed",
      `${shown} changed since it first ran in this bottle (its SHA-256 is not the one recorded then)`,
    );
  };

  return {
    judge: (name, cwd) => {
      try {
        return judgeOne(name, cwd);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (error instanceof SymlinkLoopError) {
          return denied("binary.symlink_loop", `${name} cannot be resolved: ${message}`);
        }
        return denied("binary.error", `the identity check of ${name} failed: ${message}`);
      }
    },
    pendingTrust: () => [...pending.values()],
  };
}

function changedImage(shown: string): Verdict {
  return denied(
    "binary.changed_image",
    `${shown} differs from the image's hash manifest: the program was changed after the image was built`,
  );
}
