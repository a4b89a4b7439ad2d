/**
 * The image's hash manifest: the SHA-256 of every file in the PATH folders
 * and of Claude Code's own files, written at image build and read-only at
 * run time. A line is `sha256sum` output, optionally with the file's size
 * and mtime (whole seconds) before the path:
 *
 *     <64 hex>  <path>
 *     <64 hex>  <size> <mtime> <path>
 *
 * With size and mtime, a file on a read-only mount that still has both need
 * not be hashed again (see create_command_judge.ts).
 */

/** Where the image keeps its manifest. */
export const HASH_MANIFEST_PATH = "/opt/bottle/share/hashes.txt";

/** The folders the manifest covers: the image's PATH, bottle's tools and Claude Code's package. */
export const HASHED_FOLDERS: readonly string[] = [
  "/usr/local/sbin",
  "/usr/local/bin",
  "/usr/sbin",
  "/usr/bin",
  "/sbin",
  "/bin",
  "/opt/bottle/bin",
  "/usr/local/lib/node_modules/@anthropic-ai/claude-code",
];

/**
 * The shell command that writes the manifest at image build (run as root,
 * after every install, in the last layer that changes these folders): every
 * regular file's hash, size and whole-second mtime. Symlinks are not listed;
 * the judge resolves them first. `scratch` is a folder for three temporary files.
 */
export function hashManifestScript(
  folders: readonly string[] = HASHED_FOLDERS,
  output: string = HASH_MANIFEST_PATH,
  scratch = "/tmp",
): string {
  const list = `${scratch}/hash-files`;
  const sums = `${scratch}/hash-sums`;
  const stats = `${scratch}/hash-stats`;
  return [
    `find ${folders.map(quote).join(" ")} -xdev -type f -print0 | sort -zu > ${quote(list)}`,
    `xargs -0 -r sha256sum < ${quote(list)} | cut -c1-64 > ${quote(sums)}`,
    `xargs -0 -r stat -c '%s %Y %n' < ${quote(list)} > ${quote(stats)}`,
    `paste -d ' ' ${quote(sums)} ${quote(stats)} | sed 's/ /  /' > ${quote(output)}`,
    `rm ${quote(list)} ${quote(sums)} ${quote(stats)}`,
  ].join(" \\\n  && ");
}

function quote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}

/** What the manifest says of one file. */
export interface ManifestEntry {
  readonly sha256: string;
  /** Bytes, when recorded. */
  readonly size?: number;
  /** Modification time in whole seconds since the epoch, when recorded. */
  readonly mtime?: number;
}

/** The manifest, by absolute path. */
export type HashManifest = ReadonlyMap<string, ManifestEntry>;

const LINE = /^([0-9a-f]{64}) [ *](?:(\d+) (\d+) )?(\/.*)$/;

/**
 * Parses manifest text. Throws on any line it cannot read (including
 * `sha256sum`'s backslash-escaped names) and on a path listed twice with
 * different hashes: a manifest half understood would let a changed binary run.
 */
export function parseHashManifest(text: string): HashManifest {
  const manifest = new Map<string, ManifestEntry>();
  for (const [i, line] of text.split("\n").entries()) {
    if (line === "") continue;
    const match = LINE.exec(line);
    if (match === null) {
      throw new Error(`hash manifest line ${i + 1} is not "<sha256>  [size mtime ]<path>"`);
    }
    const [, sha256, size, mtime, path] = match;
    const entry: ManifestEntry = size === undefined
      ? { sha256: sha256! }
      : { sha256: sha256!, size: Number(size), mtime: Number(mtime) };
    const earlier = manifest.get(path!);
    if (earlier !== undefined && earlier.sha256 !== entry.sha256) {
      throw new Error(`hash manifest lists ${path} twice with different hashes`);
    }
    manifest.set(path!, entry);
  }
  return manifest;
}
