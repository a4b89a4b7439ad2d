/**
 * The language server's view of the host: the same `HostView` the manifest
 * checks use (so the editor and `bottle validate` judge folders and variables
 * alike), plus folder listings for skill completion. Variables are only ever
 * tested for being set; no value is read, so none can reach the editor.
 */
import { join } from "node:path";
import type { HostView } from "../manifest/check_semantics.ts";
import { hostView } from "../manifest/load_manifest.ts";

/** What the language server may ask of the host. */
export interface LspHost {
  /** The user's home folder, for `~/` paths. */
  readonly home: string | undefined;
  /** The checks' view of the host for a manifest in `baseDir`. */
  readonly view: (baseDir: string) => HostView;
  /** Names of the folders directly inside `path` (none when it cannot be read). */
  readonly listFolders: (path: string) => readonly string[];
}

/** Most folder names read from one folder; a huge folder must not stall completion. */
const MAX_FOLDERS = 500;

/** The real host, seen through `env` (only ever asked whether a variable is set). */
export function realLspHost(env: (name: string) => string | undefined): LspHost {
  const home = env("HOME");
  return {
    home,
    view: (baseDir) => hostView(baseDir, home, env),
    listFolders: (path) => {
      const names: string[] = [];
      try {
        for (const entry of Deno.readDirSync(path)) {
          if (names.length >= MAX_FOLDERS) break;
          if (entry.isDirectory || (entry.isSymlink && isFolder(join(path, entry.name)))) {
            names.push(entry.name);
          }
        }
      } catch {
        return [];
      }
      return names.sort();
    },
  };
}

function isFolder(path: string): boolean {
  try {
    return Deno.statSync(path).isDirectory;
  } catch {
    return false;
  }
}
