/** A fixed, in-memory host for manifest tests: no disk, no real environment. */
import type { HostView } from "./check_semantics.ts";

/** Folders /proj, /proj/skills/{review,empty}, /proj/other/review; SET_VAR is the only variable set. */
export const TEST_HOST: HostView = (() => {
  const dirs = new Set([
    "/proj",
    "/proj/skills/review",
    "/proj/skills/empty",
    "/proj/other/review",
  ]);
  const files = new Set(["/proj/skills/review/SKILL.md", "/proj/other/review/SKILL.md"]);
  return {
    baseDir: "/proj",
    home: "/home/u",
    isDirectory: (p) => dirs.has(p),
    isFile: (p) => files.has(p),
    hasEnv: (n) => n === "SET_VAR",
  };
})();
