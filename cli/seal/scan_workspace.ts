/**
 * The walk that finds what to seal: every entry of the workspace is judged by
 * the seal's rules (seal_rules.ts); secret files and folders are masked,
 * host-run ones made read-only. Bounded (SEAL_WALK_BUDGET) and synchronous:
 * it runs once, before the preflight, and a directory walk is faster without
 * a promise per entry. Symlinks are never followed, but a symlink with a
 * secret's name gets its target (inside the workspace) masked; files with
 * more than one link are masked under every name the workspace holds.
 */
import { join } from "node:path";
import { DeniedError } from "../errors.ts";
import {
  CREDENTIAL_FILE_MAX_BYTES,
  CREDENTIAL_FILE_NAMES,
  holdsCredential,
} from "./credential_file.ts";
import { filesBelow } from "./files_below.ts";
import { SEALED_ROOT, type SealRules } from "./seal_rules.ts";
import {
  MAX_SEAL_MOUNTS,
  PROTECTED_WHEN_ABSENT,
  SEAL_WALK_BUDGET,
  type SealEntry,
  SKIPPED_FOLDERS,
  SKIPPED_GIT_FOLDERS,
  type WorkspaceSeal,
} from "./workspace_seal.ts";

/** How a folder's entries are judged. */
type Mode =
  | "normal"
  /** Below a read-only folder: only masks are added. */
  | "readOnly"
  /** Below a masked folder that holds an exception: every entry but the exceptions is masked. */
  | "partial";

interface Pending {
  readonly relative: string;
  readonly mode: Mode;
}

const MAX_SYMLINK_HOPS = 16;

/** Walks `workspace` (absolute, real) and returns its seal; throws DeniedError past the budget. */
export function scanWorkspace(
  workspace: string,
  rules: SealRules,
  budget: { entries: number; ms: number } = SEAL_WALK_BUDGET,
): WorkspaceSeal {
  const started = performance.now();
  const masked = new Map<string, SealEntry>();
  const readOnly: SealEntry[] = [];
  const gitFolders: string[] = [];
  const skipped: string[] = [];
  const walkedFiles: string[] = [];
  let entries = 0;
  const host = (relative: string) => relative === "" ? workspace : join(workspace, relative);
  const mask = (entry: SealEntry) => {
    if (!masked.has(entry.path)) masked.set(entry.path, entry);
  };
  const overBudget = () => {
    throw new DeniedError(
      "workspace_too_large",
      `the workspace ${workspace} has more than ${budget.entries} entries (or took over ${
        budget.ms / 1000
      } s to walk): bottle cannot find every secret file to mask in it`,
      { hint: "start the bottle on a smaller folder with --workspace DIR" },
    );
  };

  const stack: Pending[] = [{ relative: "", mode: "normal" }];
  while (stack.length > 0) {
    const folder = stack.pop()!;
    let listing: Deno.DirEntry[];
    try {
      listing = [...Deno.readDirSync(host(folder.relative))];
    } catch {
      skipped.push(folder.relative === "" ? "." : folder.relative);
      continue;
    }
    for (const entry of listing) {
      entries++;
      if ((entries & 1023) === 0 && performance.now() - started > budget.ms) overBudget();
      if (entries > budget.entries) overBudget();
      const relative = folder.relative === "" ? entry.name : `${folder.relative}/${entry.name}`;
      const verdict = rules.judge(relative);
      if (verdict.action === "mask" || (folder.mode === "partial" && verdict.action !== "none")) {
        unrepresentable(relative);
        const pattern = verdict.pattern;
        if (entry.isDirectory && rules.exceptionBelow(relative)) {
          stack.push({ relative, mode: "partial" });
        } else if (entry.isDirectory) {
          mask({ path: relative, kind: "folder", pattern });
        } else if (entry.isFile) {
          mask({ path: relative, kind: "file", pattern });
        } else if (entry.isSymlink) {
          const target = symlinkTarget(workspace, relative);
          if (target !== undefined) mask({ ...target, pattern });
        }
        continue;
      }
      if (entry.isDirectory) {
        if (SKIPPED_FOLDERS.has(entry.name)) {
          skipped.push(relative);
          continue;
        }
        if (
          folder.relative.endsWith(".git") && isGitFolder(folder.relative) &&
          SKIPPED_GIT_FOLDERS.has(entry.name)
        ) {
          continue;
        }
        let mode: Mode = folder.mode === "partial" ? "normal" : folder.mode;
        if (verdict.action === "readOnly" && folder.mode !== "readOnly") {
          unrepresentable(relative);
          readOnly.push({ path: relative, kind: "folder", pattern: verdict.pattern });
          mode = "readOnly";
        }
        if (entry.name === ".git") {
          unrepresentable(relative);
          gitFolders.push(relative);
        }
        stack.push({ relative, mode });
        continue;
      }
      if (entry.isSymlink && verdict.action === "readOnly" && folder.mode !== "readOnly") {
        // The host's tools follow the link: protect what it leads to.
        const target = symlinkTarget(workspace, relative);
        if (target !== undefined) readOnly.push({ ...target, pattern: verdict.pattern });
        continue;
      }
      if (!entry.isFile) continue;
      walkedFiles.push(relative);
      if (CREDENTIAL_FILE_NAMES.has(entry.name) && credentialInside(host(relative), entry.name)) {
        // A mask wins over read-only: a credential file is both read- and write-protected.
        unrepresentable(relative);
        mask({ path: relative, kind: "file", pattern: `credentials in ${entry.name}` });
      } else if (entry.name === ".git" && folder.mode !== "readOnly") {
        // A gitdir pointer (worktrees, submodules): rewritten, it would send the host's git
        // to a config the bottle wrote.
        readOnly.push({ path: relative, kind: "file", pattern: ".git (gitdir pointer)" });
      } else if (verdict.action === "readOnly" && folder.mode !== "readOnly") {
        unrepresentable(relative);
        readOnly.push({ path: relative, kind: "file", pattern: verdict.pattern });
      }
    }
  }

  maskOtherLinks(workspace, masked, walkedFiles, skipped, mask);
  const created = absentProtected(workspace, rules, gitFolders.includes(".git"));
  for (const path of created) {
    readOnly.push({
      path,
      kind: "folder",
      pattern: (rules.judge(path) as { pattern: string }).pattern,
    });
  }
  const seal: WorkspaceSeal = {
    masked: [...masked.values()].sort(byPath),
    readOnly: readOnly.sort(byPath),
    gitFolders: gitFolders.sort(),
    created,
    walk: { entries, ms: Math.round(performance.now() - started), skipped: skipped.sort() },
  };
  const mounts = seal.masked.length + seal.readOnly.length + seal.gitFolders.length;
  if (mounts > MAX_SEAL_MOUNTS) {
    throw new DeniedError(
      "too_many_masks",
      `the workspace ${workspace} needs ${mounts} sealing mounts (at most ${MAX_SEAL_MOUNTS})`,
      { hint: "start the bottle on a smaller folder, or move the secret files out of it" },
    );
  }
  return seal;
}

/**
 * A name Deno could not decode (not UTF-8) reaches us altered, and a mount
 * at the altered path would miss the real file: refuse rather than leak.
 */
function unrepresentable(relative: string): void {
  if (!relative.includes("\uFFFD")) return;
  throw new DeniedError(
    "unsealable_name",
    `cannot seal ${JSON.stringify(relative)}: its name is not valid UTF-8`,
    { hint: "rename it, or move it out of the workspace" },
  );
}

function isGitFolder(relative: string): boolean {
  return relative === ".git" || relative.endsWith("/.git");
}

/** Whether the credential file at `path` holds a credential (too big or unreadable: yes). */
function credentialInside(path: string, name: string): boolean {
  try {
    const stat = Deno.lstatSync(path);
    if (stat.size > CREDENTIAL_FILE_MAX_BYTES) return true;
    return holdsCredential(name, new TextDecoder().decode(Deno.readFileSync(path)));
  } catch {
    return true;
  }
}

/**
 * Where a symlink with a secret's name leads, inside the workspace as the
 * bottle sees it (`/workspace/…` targets map back to the host folder).
 * Targets outside the workspace are not in the bottle at all.
 */
function symlinkTarget(
  workspace: string,
  relative: string,
): Omit<SealEntry, "pattern"> | undefined {
  let segments = relative.split("/");
  for (let hop = 0; hop < MAX_SYMLINK_HOPS; hop++) {
    let link: string;
    try {
      link = Deno.readLinkSync(join(workspace, ...segments));
    } catch {
      return undefined;
    }
    const base = link.startsWith("/")
      ? (link === SEALED_ROOT || link.startsWith(`${SEALED_ROOT}/`) ? [] : undefined)
      : segments.slice(0, -1);
    if (base === undefined) return undefined;
    const tail = link.startsWith("/") ? link.slice(SEALED_ROOT.length) : link;
    const next = [...base];
    for (const part of tail.split("/")) {
      if (part === "" || part === ".") continue;
      if (part === "..") {
        if (next.length === 0) return undefined;
        next.pop();
      } else next.push(part);
    }
    if (next.length === 0) return undefined;
    segments = next;
    let stat: Deno.FileInfo;
    try {
      stat = Deno.lstatSync(join(workspace, ...segments));
    } catch {
      return undefined;
    }
    if (stat.isSymlink) continue;
    const path = segments.join("/");
    if (stat.isFile) return { path, kind: "file" };
    if (stat.isDirectory) return { path, kind: "folder" };
    return undefined;
  }
  return undefined;
}

/** Masks every other name of a masked file that has several links (a hardlink is the same file). */
function maskOtherLinks(
  workspace: string,
  masked: ReadonlyMap<string, SealEntry>,
  walkedFiles: readonly string[],
  skippedFolders: readonly string[],
  mask: (entry: SealEntry) => void,
): void {
  const linked = new Map<string, string>();
  const remember = (path: string, stat: Deno.FileInfo, pattern: string) => {
    if ((stat.nlink ?? 1) > 1) {
      linked.set(`${stat.dev}:${stat.ino}`, `same file as ${path} (${pattern})`);
    }
  };
  for (const entry of masked.values()) {
    const path = join(workspace, entry.path);
    try {
      if (entry.kind === "file") remember(entry.path, Deno.lstatSync(path), entry.pattern);
      else {
        for (const file of filesBelow(path, MAX_MASKED_FOLDER_FILES)) {
          remember(`${entry.path}/${file}`, Deno.lstatSync(join(path, file)), entry.pattern);
        }
      }
    } catch {
      // Gone since the walk: nothing of it is left to link to.
    }
  }
  if (linked.size === 0) return;
  // Rare (a masked file with several links), so the folders the walk skipped are searched too.
  const unwalked = skippedFolders.filter((folder) => folder !== ".").flatMap((folder) =>
    filesBelow(join(workspace, folder), MAX_LINK_SEARCH).map((file) => `${folder}/${file}`)
  );
  for (const file of [...walkedFiles, ...unwalked]) {
    if (masked.has(file)) continue;
    try {
      const stat = Deno.lstatSync(join(workspace, file));
      const why = linked.get(`${stat.dev}:${stat.ino}`);
      if (why !== undefined) mask({ path: file, kind: "file", pattern: why });
    } catch {
      // Gone since the walk.
    }
  }
}

/** Files searched for other links of a masked file in each folder the walk skipped. */
const MAX_LINK_SEARCH = 200_000;
/** Files of one masked folder whose links are looked at. */
const MAX_MASKED_FOLDER_FILES = 10_000;

/** The protected host-run folders that do not exist yet (and that the rules still protect). */
function absentProtected(workspace: string, rules: SealRules, hasGitFolder: boolean): string[] {
  return PROTECTED_WHEN_ABSENT.filter((path) => {
    if (path.startsWith(".git/") && !hasGitFolder) return false;
    if (rules.judge(path).action !== "readOnly") return false;
    try {
      Deno.lstatSync(join(workspace, path));
      return false;
    } catch {
      return true;
    }
  });
}

function byPath(a: { path: string }, b: { path: string }): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}
