/**
 * Skill folders found on disk, offered as completions in `skills`: folders
 * holding a SKILL.md under the manifest's `skills/` and `.claude/skills/`, and
 * the user's own `~/.claude/skills/`. Written as the manifest would write them
 * (`./skills/review`, `~/.claude/skills/lint`), so they resolve as validated.
 */
import { join } from "node:path";
import type { LspHost } from "./lsp_host.ts";

/** One skill folder: as it would be written in the manifest, and where it is. */
export interface SkillFolder {
  readonly written: string;
  readonly folder: string;
}

/** Skill folders (each holding a SKILL.md) a manifest in `baseDir` is likely to grant. */
export function skillFolders(host: LspHost, baseDir: string): SkillFolder[] {
  const places: Array<{ readonly prefix: string; readonly folder: string }> = [
    { prefix: "./skills", folder: join(baseDir, "skills") },
    { prefix: "./.claude/skills", folder: join(baseDir, ".claude", "skills") },
  ];
  if (host.home !== undefined) {
    places.push({ prefix: "~/.claude/skills", folder: join(host.home, ".claude", "skills") });
  }
  const view = host.view(baseDir);
  const out: SkillFolder[] = [];
  for (const place of places) {
    for (const name of host.listFolders(place.folder)) {
      const folder = join(place.folder, name);
      if (view.isFile(join(folder, "SKILL.md"))) {
        out.push({ written: `${place.prefix}/${name}`, folder });
      }
    }
  }
  return out;
}
