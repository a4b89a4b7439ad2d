/**
 * The values of the workspace's masked files, read once by the supervisor
 * (the bottle sees empty files): each becomes a known secret labelled with the
 * file it came from, so a copy of it elsewhere is caught on its way out.
 */
import { join } from "node:path";
import type { KnownSecret } from "../../proxy/dlp/mod.ts";
import type { BottlePlan } from "../bottle/plan.ts";
import { filesBelow } from "../seal/files_below.ts";
import { secretValuesOf } from "../seal/secret_values.ts";

/** Bytes read from one masked file; a secret file is small. */
const MAX_FILE_BYTES = 64 * 1024;
/** Files read under a masked folder, and values kept in all. */
const MAX_FILES = 200;
const MAX_VALUES = 500;

const cache = new WeakMap<BottlePlan, KnownSecret[]>();

/** The known secrets of `plan`'s masked files (read on first call, then remembered). */
export function maskedSecrets(plan: BottlePlan): KnownSecret[] {
  const known = cache.get(plan);
  if (known !== undefined) return known;
  const secrets: KnownSecret[] = [];
  let files = 0;
  const read = (relative: string) => {
    if (files++ >= MAX_FILES || secrets.length >= MAX_VALUES) return;
    for (const value of secretValuesOf(readSmallFile(join(plan.workspace, relative)))) {
      if (secrets.length < MAX_VALUES) {
        secrets.push({ label: `file:${relative}`, value, kind: "real" });
      }
    }
  };
  for (const entry of plan.seal.masked) {
    if (entry.kind === "file") read(entry.path);
    else {
      for (const file of filesBelow(join(plan.workspace, entry.path), MAX_FILES)) {
        read(`${entry.path}/${file}`);
      }
    }
  }
  cache.set(plan, secrets);
  return secrets;
}

/** The first bytes of a regular file as text; "" for anything else (never follows a symlink). */
function readSmallFile(path: string): string {
  try {
    if (!Deno.lstatSync(path).isFile) return "";
    using file = Deno.openSync(path, { read: true });
    const buffer = new Uint8Array(MAX_FILE_BYTES);
    let length = 0;
    while (length < buffer.length) {
      const n = file.readSync(buffer.subarray(length));
      if (n === null || n === 0) break;
      length += n;
    }
    return new TextDecoder().decode(buffer.subarray(0, length));
  } catch {
    return "";
  }
}
