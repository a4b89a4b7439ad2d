import { equal, ok, throws } from "node:assert/strict";
import { MAX_SYMLINK_HOPS, resolvePhysical, SymlinkLoopError } from "./resolve_path.ts";
import { testFsView } from "./testdata/test_fs_view.ts";

const fs = testFsView({
  "/home/agent/.ssh/id_rsa": "file",
  "/workspace/src/x.ts": "file",
  "/workspace/keys": { symlink: "/home/agent/.ssh" },
  "/workspace/rel": { symlink: "../home/agent/.ssh" },
  "/workspace/chain1": { symlink: "chain2" },
  "/workspace/chain2": { symlink: "keys/id_rsa" },
  "/workspace/loop1": { symlink: "loop2" },
  "/workspace/loop2": { symlink: "loop1" },
  "/workspace/up": { symlink: "src/.." },
  "/workspace/toroot": { symlink: "/" },
  "/workspace/viaproc": { symlink: "/proc/self/root/home/agent/.ssh" },
  "/proc/cpuinfo": "file",
});
const resolve = (path: string, cwd = "/workspace") => resolvePhysical(path, cwd, fs).path;

Deno.test("resolvePhysical() follows absolute, relative and chained symlinks", () => {
  equal(resolve("/workspace/keys/id_rsa"), "/home/agent/.ssh/id_rsa");
  equal(resolve("/workspace/rel/id_rsa"), "/home/agent/.ssh/id_rsa");
  equal(resolve("/workspace/chain1"), "/home/agent/.ssh/id_rsa");
});

Deno.test("resolvePhysical() resolves .. after a symlink physically", () => {
  equal(resolve("/workspace/keys/../.ssh/id_rsa"), "/home/agent/.ssh/id_rsa");
  equal(resolve("/workspace/up/src/x.ts"), "/workspace/src/x.ts");
  equal(resolve("/workspace/toroot/etc/shadow"), "/etc/shadow");
});

Deno.test("resolvePhysical() resolves the deepest existing parent of a new file", () => {
  const result = resolvePhysical("/workspace/keys/new_key", "/workspace", fs);
  equal(result.path, "/home/agent/.ssh/new_key");
  equal(result.stat, undefined);
  equal(resolve("/workspace/new/dir/file"), "/workspace/new/dir/file");
});

Deno.test("resolvePhysical() resumes the real walk when .. climbs out of a missing folder", () => {
  equal(resolve("/workspace/missing/../keys/id_rsa"), "/home/agent/.ssh/id_rsa");
});

Deno.test("resolvePhysical() stops a symlink loop with SymlinkLoopError", () => {
  throws(() => resolve("/workspace/loop1"), SymlinkLoopError);
  ok(MAX_SYMLINK_HOPS === 40);
});

Deno.test("resolvePhysical() maps /proc/self/root, /proc/<pid>/root and thread-self to /", () => {
  equal(resolve("/proc/self/root/etc/shadow"), "/etc/shadow");
  equal(resolve("/proc/1/root/home/agent/.ssh/id_rsa"), "/home/agent/.ssh/id_rsa");
  equal(resolve("/proc/thread-self/root/etc/shadow"), "/etc/shadow");
  equal(resolve("/proc/self/root/proc/self/root/etc/shadow"), "/etc/shadow");
  equal(resolve("/workspace/viaproc/id_rsa"), "/home/agent/.ssh/id_rsa");
});

Deno.test("resolvePhysical() maps /proc/self/cwd to the tool call's working folder", () => {
  equal(resolve("/proc/self/cwd/keys/id_rsa", "/workspace"), "/home/agent/.ssh/id_rsa");
  equal(resolve("/proc/thread-self/cwd/src/x.ts", "/workspace"), "/workspace/src/x.ts");
});

Deno.test("resolvePhysical() reads a numeric pid's cwd link", () => {
  const procFs = testFsView({
    "/proc/42/cwd": { symlink: "/home/agent" },
    "/home/agent/.aws/credentials": "file",
  });
  equal(
    resolvePhysical("/proc/42/cwd/.aws/credentials", "/", procFs).path,
    "/home/agent/.aws/credentials",
  );
});

Deno.test("resolvePhysical() folds task/<tid> into its process and keeps other /proc entries as written", () => {
  equal(resolve("/proc/self/task/7/environ"), "/proc/self/environ");
  equal(resolve("/proc/1/task/1/root/etc/shadow"), "/etc/shadow");
  equal(resolve("/proc/self/fd/3"), "/proc/self/fd/3");
  equal(resolve("/proc/self/fd/3/../../environ"), "/proc/self/environ");
  equal(resolve("/proc/cpuinfo"), "/proc/cpuinfo");
});

Deno.test("resolvePhysical() never asks the filesystem about the hook's own /proc/self", () => {
  const watched = testFsView({ "/proc/self/environ": "file" });
  const result = resolvePhysical("/proc/self/environ", "/", watched);
  equal(result.stat, undefined);
  ok(!watched.asked.some((p) => p.startsWith("/proc/self")), watched.asked.join());
});

Deno.test("resolvePhysical() stops a /proc/self/cwd loop", () => {
  throws(() => resolve("/proc/self/cwd/x", "/proc/self/cwd"), SymlinkLoopError);
});

Deno.test("resolvePhysical() returns the stat of the file reached", () => {
  equal(resolvePhysical("/workspace/chain1", "/", fs).stat?.kind, "file");
  equal(resolvePhysical("/workspace/up", "/", fs).stat?.kind, "dir");
  equal(resolvePhysical("/workspace/toroot", "/", fs).stat?.kind, "dir");
});
