/**
 * The workspace seal as data: which workspace entries get an empty read-only
 * mount over them (masked), which are mounted read-only over themselves, and
 * the numbers of the walk that found them. Made by scan_workspace.ts at start,
 * carried in the bottle's plan, shown in the preflight, turned into mounts by
 * docker_run_argv.ts.
 */

/** One sealed entry: a workspace path (`/`-separated, relative) and the rule that caught it. */
export interface SealEntry {
  readonly path: string;
  readonly kind: "file" | "folder";
  /** The deny pattern that matched, or a sentence for content rules. */
  readonly pattern: string;
}

/** The seal of one bottle's workspace. */
export interface WorkspaceSeal {
  /** Entries replaced by an empty read-only file or folder: whatever reads them gets nothing. */
  readonly masked: readonly SealEntry[];
  /** Entries the host runs or trusts, mounted read-only over themselves. */
  readonly readOnly: readonly SealEntry[];
  /**
   * Git folders mounted over themselves (read-write) so they cannot be renamed
   * away and replaced by a folder whose config the host's git would run.
   */
  readonly gitFolders: readonly string[];
  /**
   * Empty folders the supervisor creates before the bottle starts so that they
   * can be mounted read-only (`.claude`, `.vscode`, `.git/hooks`, … when
   * absent); removed again when the bottle stops, if still empty.
   */
  readonly created: readonly string[];
  readonly walk: {
    /** Entries looked at. */
    readonly entries: number;
    readonly ms: number;
    /** Folders not walked: dependency stores and folders this user cannot read. */
    readonly skipped: readonly string[];
  };
}

/** A seal that seals nothing (a read-only workspace, or tests that need none). */
export const NO_SEAL: WorkspaceSeal = Object.freeze({
  masked: [],
  readOnly: [],
  gitFolders: [],
  created: [],
  walk: { entries: 0, ms: 0, skipped: [] },
});

/** How many mounts one seal may add: more would slow every start and overflow argv. */
export const MAX_SEAL_MOUNTS = 1000;

/** The entry and time budget of the walk. */
export const SEAL_WALK_BUDGET = { entries: 500_000, ms: 10_000 } as const;

/**
 * Folders whose contents are never walked: package stores with tens of
 * thousands of files written by tools, not people (a `.env` inside one is
 * not masked — the README says so).
 */
export const SKIPPED_FOLDERS: ReadonlySet<string> = new Set([
  "node_modules",
  "bower_components",
  ".pnpm-store",
  ".venv",
  "__pycache__",
  ".tox",
  ".nox",
  ".mypy_cache",
  ".pytest_cache",
  ".ruff_cache",
  ".gradle",
]);

/** Git folders' contents never walked: content-addressed objects, never a secret's name. */
export const SKIPPED_GIT_FOLDERS: ReadonlySet<string> = new Set(["objects", "lfs"]);

/**
 * Host-run folders created empty when absent, so the bottle cannot create
 * them (with a settings file or task inside) for the host to run later.
 * Relative to the workspace; the `.git/…` ones only where `.git` is a folder.
 */
export const PROTECTED_WHEN_ABSENT: readonly string[] = [
  ".claude",
  ".vscode",
  ".devcontainer",
  ".idea",
  ".git/hooks",
  ".git/info",
];
