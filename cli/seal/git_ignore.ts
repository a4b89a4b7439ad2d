/**
 * Git's ignore file for a bottle: every masked path, anchored at the
 * workspace root. A masked file reads as empty in the bottle, so an untracked
 * one would otherwise be committed as an empty file by `git add -A`. (A
 * tracked masked file still shows as modified there: the README says so.)
 */
import type { WorkspaceSeal } from "./workspace_seal.ts";

/** The text of `~/.config/git/ignore` in a bottle with this seal. */
export function gitIgnoreOf(seal: WorkspaceSeal): string {
  const lines = ["# Masked by bottle: read as empty here, never committed from here."];
  for (const entry of seal.masked) {
    const escaped = entry.path.replace(/[\\*?[\]!#]/g, "\\$&").replace(/ $/, "\\ ");
    lines.push(`/${escaped}${entry.kind === "folder" ? "/" : ""}`);
  }
  return lines.join("\n") + "\n";
}
