/**
 * Where the `bottle` program is: the `bottle.path` setting when set (an
 * absolute path, `~/…`, or a name looked up on PATH), else `bottle` on PATH.
 * Pure: the file system is reached only through `isExecutable`.
 */
import { delimiter, isAbsolute, join } from "node:path";

/** What the lookup may consult. */
export interface BinaryLookup {
  /** The `bottle.path` setting ("" when unset). */
  readonly setting: string;
  /** The PATH the extension host runs with. */
  readonly pathEnv: string | undefined;
  /** The user's home folder, for `~/` in the setting. */
  readonly home: string;
  /** Whether `path` is an executable file. */
  readonly isExecutable: (path: string) => boolean;
}

/** The program, or every place it was looked for. */
export type BinaryFound =
  | { readonly found: true; readonly path: string }
  | {
    readonly found: false;
    readonly looked: readonly string[];
    readonly fromSetting: boolean;
  };

function onPath(name: string, lookup: BinaryLookup): string[] {
  return (lookup.pathEnv ?? "").split(delimiter).filter((dir) => isAbsolute(dir)).map((dir) =>
    join(dir, name)
  );
}

/** Finds the bottle program as the setting and PATH say. */
export function findBottleBinary(lookup: BinaryLookup): BinaryFound {
  const setting = lookup.setting.trim();
  let candidates: string[];
  if (setting === "") candidates = onPath("bottle", lookup);
  else if (setting === "~" || setting.startsWith("~/")) {
    candidates = [join(lookup.home, setting.slice(1))];
  } else if (isAbsolute(setting)) candidates = [setting];
  else if (!setting.includes("/")) candidates = onPath(setting, lookup);
  // A relative path would depend on which folder is open: refused, the user is told to fix it.
  else candidates = [];
  const path = candidates.find((candidate) => lookup.isExecutable(candidate));
  if (path !== undefined) return { found: true, path };
  return { found: false, looked: candidates, fromSetting: setting !== "" };
}

/** The notification for a missing program. */
export function missingBinaryMessage(
  result: BinaryFound & { found: false },
): string {
  if (result.fromSetting) {
    return result.looked.length === 0
      ? "bottle: the bottle.path setting must be an absolute path, ~/…, or a program name on PATH."
      : `bottle: the program set in bottle.path was not found or is not executable (${
        result.looked.join(", ")
      }).`;
  }
  return "bottle: the bottle program is not on PATH. Install it, or set bottle.path to where it is.";
}
