import { equal, ok, throws } from "node:assert/strict";
import { renderHookPolicy } from "../hook_policy.ts";
import { createHardlinkGuard, ScanLimitError } from "./hardlink_guard.ts";
import type { MountEntry } from "./mount_table.ts";
import { compilePathRules } from "./path_rules.ts";
import { testFsView } from "./testdata/test_fs_view.ts";

const rules = compilePathRules(renderHookPolicy({ egress: [] }).policy);
const MOUNTS: readonly MountEntry[] = [
  { mountPoint: "/", readOnly: true },
  { mountPoint: "/workspace", readOnly: false },
  { mountPoint: "/home/agent", readOnly: false },
];
const tree = () =>
  testFsView({
    "/workspace/.env": "file",
    "/workspace/notes.txt": { hardlink: "/workspace/.env" },
    "/workspace/.git/hooks/pre-commit": "file",
    "/workspace/docs/hook.txt": { hardlink: "/workspace/.git/hooks/pre-commit" },
    "/workspace/src/a.ts": "file",
    "/workspace/README.md": "file",
    "/workspace/src/b.ts": { hardlink: "/workspace/src/a.ts" },
    "/workspace/node_modules/pkg/.env": "file",
    "/workspace/node_modules/pkg/copy": { hardlink: "/workspace/node_modules/pkg/.env" },
    "/home/agent/.ssh/id_rsa": "file",
    "/home/agent/notes": { hardlink: "/home/agent/.ssh/id_rsa" },
    "/usr/bin/perl": "file",
    "/usr/bin/perl5.36": { hardlink: "/usr/bin/perl" },
  }, { devices: { "/workspace": 2, "/home/agent": 3 } });

const guardOf = (fs = tree(), limit = 1000) => createHardlinkGuard(fs, rules, () => MOUNTS, limit);
const alias = (path: string, access: "read" | "write" = "read", fs = tree()) =>
  guardOf(fs).aliasOf(path, fs.lstat(path)!, access)?.path;

Deno.test("aliasOf() finds another name of a read-denied file", () => {
  equal(alias("/workspace/notes.txt"), "/workspace/.env");
  equal(alias("/home/agent/notes"), "/home/agent/.ssh/id_rsa");
});

Deno.test("aliasOf() finds another name of a write-denied file for writes only", () => {
  equal(alias("/workspace/docs/hook.txt", "write"), "/workspace/.git/hooks/pre-commit");
  equal(alias("/workspace/docs/hook.txt", "read"), undefined);
});

Deno.test("aliasOf() keeps the read denial when one inode has a read- and a write-denied name", () => {
  for (const order of [["/w/.git/config", "/w/.env"], ["/w/.env", "/w/.git/config"]]) {
    const fs = testFsView({
      [order[0]!]: "file",
      [order[1]!]: { hardlink: order[0]! },
      "/w/notes.txt": { hardlink: order[0]! },
    }, { devices: { "/w": 2 } });
    const guard = createHardlinkGuard(
      fs,
      rules,
      () => [{ mountPoint: "/w", readOnly: false }],
      100,
    );
    equal(guard.aliasOf("/w/notes.txt", fs.lstat("/w/notes.txt")!, "read")?.path, "/w/.env");
  }
});

Deno.test("aliasOf() allows hardlinks between ordinary files", () => {
  equal(alias("/workspace/src/b.ts", "write"), undefined);
});

Deno.test("aliasOf() does not search dependency folders for denied files", () => {
  equal(alias("/workspace/node_modules/pkg/copy"), undefined);
});

Deno.test("aliasOf() does not search a read-only mount", () => {
  const fs = tree();
  equal(
    guardOf(fs).aliasOf("/usr/bin/perl5.36", fs.lstat("/usr/bin/perl5.36")!, "read"),
    undefined,
  );
  ok(!fs.asked.includes("/usr"), "the read-only root was listed");
});

Deno.test("aliasOf() asks nothing for a file with one link", () => {
  const fs = tree();
  const stat = fs.lstat("/workspace/README.md")!;
  const before = fs.asked.length;
  equal(guardOf(fs).aliasOf("/workspace/README.md", stat, "read"), undefined);
  equal(fs.asked.length, before);
});

Deno.test("aliasOf() throws ScanLimitError when the search passes its bound", () => {
  const fs = tree();
  throws(
    () => guardOf(fs, 3).aliasOf("/workspace/notes.txt", fs.lstat("/workspace/notes.txt")!, "read"),
    ScanLimitError,
  );
});

Deno.test("aliasOf() finds the mount by device when the mount table is unreadable", () => {
  const fs = tree();
  const guard = createHardlinkGuard(fs, rules, () => undefined, 1000);
  equal(
    guard.aliasOf("/workspace/notes.txt", fs.lstat("/workspace/notes.txt")!, "read")?.path,
    "/workspace/.env",
  );
});

Deno.test("aliasOf() searches a mount once per process", () => {
  const fs = tree();
  const guard = guardOf(fs);
  guard.aliasOf("/workspace/notes.txt", fs.lstat("/workspace/notes.txt")!, "read");
  const listed = fs.asked.filter((p) => p === "/workspace/src").length;
  guard.aliasOf("/workspace/src/b.ts", fs.lstat("/workspace/src/b.ts")!, "read");
  equal(fs.asked.filter((p) => p === "/workspace/src").length, listed);
});
