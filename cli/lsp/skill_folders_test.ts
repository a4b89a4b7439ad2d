import { deepStrictEqual } from "node:assert/strict";
import { join } from "node:path";
import { realLspHost } from "./lsp_host.ts";
import { skillFolders } from "./skill_folders.ts";

Deno.test("skillFolders() finds folders with a SKILL.md in the manifest's and the user's places", async () => {
  const root = await Deno.makeTempDir({ prefix: "bottle-skills-" });
  try {
    const project = join(root, "proj");
    const home = join(root, "home");
    for (const dir of ["skills/review", "skills/no-md", ".claude/skills/lint"]) {
      await Deno.mkdir(join(project, dir), { recursive: true });
    }
    await Deno.mkdir(join(home, ".claude/skills/mine"), { recursive: true });
    for (
      const file of ["proj/skills/review", "proj/.claude/skills/lint", "home/.claude/skills/mine"]
    ) {
      await Deno.writeTextFile(join(root, file, "SKILL.md"), "# s\n");
    }
    await Deno.writeTextFile(join(project, "skills", "not-a-folder"), "");
    const host = realLspHost((name) => name === "HOME" ? home : undefined);
    deepStrictEqual(skillFolders(host, project), [
      { written: "./skills/review", folder: join(project, "skills/review") },
      { written: "./.claude/skills/lint", folder: join(project, ".claude/skills/lint") },
      { written: "~/.claude/skills/mine", folder: join(home, ".claude/skills/mine") },
    ]);
    deepStrictEqual(skillFolders(host, join(root, "missing")).map((s) => s.written), [
      "~/.claude/skills/mine",
    ]);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
