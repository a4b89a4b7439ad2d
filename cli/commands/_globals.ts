/** Reads the top-level options (`--json`, `--debug`, `--manifest`) from any command. */
import type { Command } from "commander";
import type { GlobalOptions } from "../context.ts";

/** The global options as seen from `command`. */
export function globalsOf(command: Command): GlobalOptions {
  const all = command.optsWithGlobals<{ json?: boolean; debug?: boolean; manifest?: string }>();
  return {
    json: all.json === true,
    debug: all.debug === true,
    ...(all.manifest === undefined ? {} : { manifest: all.manifest }),
  };
}
