import { equal } from "node:assert/strict";
import { caseInsensitiveDir, swapCase } from "./case_probe.ts";
import { testFsView } from "./testdata/test_fs_view.ts";

const fs = testFsView({
  "/ci/.env": "file",
  "/ci/sub/Readme.md": "file",
  "/cs/.env": "file",
  "/cs/.ENV": "file",
  "/cs/Readme.md": "file",
  "/empty": "dir",
  "/digits/123": "file",
}, { caseInsensitive: ["/ci", "/ci/sub"] });

Deno.test("caseInsensitiveDir() finds a folder that ignores case through the judged name", () => {
  equal(caseInsensitiveDir(fs, "/ci", ".ENV"), true);
  equal(caseInsensitiveDir(fs, "/ci/sub", "README.MD"), true);
});

Deno.test("caseInsensitiveDir() finds a case-sensitive folder even with both spellings present", () => {
  equal(caseInsensitiveDir(fs, "/cs", ".ENV"), false);
  equal(caseInsensitiveDir(fs, "/cs", "missing"), false);
});

Deno.test("caseInsensitiveDir() probes the deepest existing parent of a missing folder", () => {
  equal(caseInsensitiveDir(fs, "/ci/new/deeper", ".ENV"), true);
  equal(caseInsensitiveDir(fs, "/cs/new", ".ENV"), false);
});

Deno.test("caseInsensitiveDir() fails closed when nothing can be probed", () => {
  equal(caseInsensitiveDir(fs, "/empty", "123"), true);
  equal(caseInsensitiveDir(fs, "/digits", "456"), true);
});

Deno.test("swapCase() flips every cased letter", () => {
  equal(swapCase(".Env-1"), ".eNV-1");
  equal(swapCase("123_-"), "123_-");
});
