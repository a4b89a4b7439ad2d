import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { renderHookPolicy } from "../hook_policy.ts";
import { ALLOWED, type Verdict } from "../verdict.ts";
import { createPathJudge, createPathPolicy } from "./create_path_judge.ts";
import type { MountEntry } from "./mount_table.ts";
import { testFsView } from "./testdata/test_fs_view.ts";

const policy = renderHookPolicy({ egress: [] }).policy;
const MOUNTS: readonly MountEntry[] = [
  { mountPoint: "/", readOnly: true },
  { mountPoint: "/workspace", readOnly: false },
  { mountPoint: "/home/agent", readOnly: false },
  { mountPoint: "/ci", readOnly: false },
];
const fs = testFsView({
  "/home/agent/.ssh/id_rsa": "file",
  "/home/agent/.ssh/config": "file",
  "/home/agent/.bashrc": "file",
  "/home/agent/.aws/credentials": "file",
  "/workspace/src/x.ts": "file",
  "/workspace/.env": "file",
  "/workspace/.env.example": "file",
  "/workspace/keys": { symlink: "/home/agent/.ssh" },
  "/workspace/loop": { symlink: "loop" },
  "/workspace/notes.txt": { hardlink: "/workspace/.env" },
  "/workspace/.git/hooks/pre-commit": "file",
  "/workspace/.git/config": "file",
  "/workspace/run": { symlink: "/run" },
  "/run/bottle/api.sock": "socket",
  "/var/run": { symlink: "/run" },
  "/home/agent/.cache/x": "file",
  "/home/agent/.cache/deep/h": { hardlink: "/home/agent/.aws/credentials" },
  "/workspace/cachelink": { symlink: "/home/agent/.cache" },
  "/run/secrets/token": "file",
  "/ci/.env": "file",
  "/ci/Readme.md": "file",
  "/etc/shadow": "file",
  "/etc/bottle/hook-policy.json": "file",
  "/private/key": "file",
}, {
  devices: { "/workspace": 2, "/home/agent": 3, "/ci": 4 },
  caseInsensitive: ["/ci"],
  unreadable: ["/private/key"],
});
const judge = createPathJudge(policy, fs, { mounts: () => MOUNTS });
const rule = (verdict: Verdict) => verdict.action === "allow" ? "allow" : verdict.rule;
const read = (path: string, cwd = "/workspace") => rule(judge(path, "read", cwd));
const write = (path: string, cwd = "/workspace") => rule(judge(path, "write", cwd));

Deno.test("judgePath() allows ordinary workspace reads and writes", () => {
  equal(read("src/x.ts"), "allow");
  equal(write("src/new.ts"), "allow");
  equal(write("/workspace/README.md"), "allow");
  equal(read(".env.example"), "allow");
  equal(read("/home/agent/.bashrc"), "allow");
});

Deno.test("judgePath() denies the read list as written, with ~ and relative to cwd", () => {
  equal(read("~/.ssh/id_rsa"), "path.denied");
  equal(read("../home/agent/.aws/credentials"), "path.denied");
  equal(read("//etc//shadow"), "path.denied");
  equal(read(".env"), "path.denied");
  equal(read("/etc/bottle/hook-policy.json"), "path.denied");
});

Deno.test("judgePath() denies a path whose symlink reaches a denied file", () => {
  equal(read("keys/id_rsa"), "path.denied");
  equal(write("keys/authorized_keys"), "path.denied");
  equal(read("run/bottle/api.sock"), "path.denied");
  equal(read("/var/run/secrets/token"), "path.denied");
});

Deno.test("judgePath() names both the written and the resolved path in the reason", () => {
  const verdict = judge("keys/config", "read", "/workspace");
  if (verdict.action === "allow") throw new Error("allowed");
  ok(verdict.reason.includes("keys/config (/home/agent/.ssh/config)"), verdict.reason);
  ok(verdict.reason.includes('"~/.ssh"'), verdict.reason);
});

Deno.test("judgePath() denies the write list for writes only", () => {
  equal(read(".git/hooks/pre-commit"), "allow");
  equal(write(".git/hooks/pre-commit"), "path.write_denied");
  equal(write(".git/config"), "path.write_denied");
  equal(write("~/.bashrc"), "path.write_denied");
  equal(write(".claude/settings.local.json"), "path.write_denied");
});

Deno.test("judgePath() denies /proc paths of any process", () => {
  equal(read("/proc/self/environ"), "path.denied");
  equal(read("/proc/thread-self/task/1/environ"), "path.denied");
  equal(read("/proc/self/root/etc/shadow"), "path.denied");
  equal(read("/proc/1/mem"), "path.denied");
  equal(read("/dev/fd/3"), "path.denied");
  equal(read("/proc/self/cwd/.env"), "path.denied");
});

Deno.test("judgePath() allows the standard streams and /dev/null", () => {
  equal(read("/dev/stdin"), "allow");
  equal(write("/dev/stderr"), "allow");
  equal(write("/dev/fd/1"), "allow");
  equal(write("/dev/null"), "allow");
});

Deno.test("judgePath() denies another hardlink of a denied file", () => {
  equal(read("notes.txt"), "path.hardlink");
});

Deno.test("judgePath() denies a case variant only where the folder ignores case", () => {
  equal(read("/ci/.ENV"), "path.case_variant");
  equal(write("/ci/.Env"), "path.case_variant");
  equal(read("/workspace/.ENV"), "allow");
});

Deno.test("judgePath() denies a symlink loop", () => {
  equal(read("loop"), "path.symlink_loop");
});

Deno.test("judgePath() fails closed when the filesystem refuses an answer or the path is bad", () => {
  equal(read("/private/key"), "path.error");
  equal(read(""), "path.error");
  equal(read("a\0b"), "path.error");
  equal(read("x", "relative/cwd"), "path.error");
});

Deno.test("judgePath() judges nothing the policy does not name", () => {
  deepStrictEqual(judge("/usr/bin/env", "read", "/"), ALLOWED);
});

Deno.test("judgeTree() denies a search that would read a denied file and allows a clean one", () => {
  const paths = createPathPolicy(policy, fs, { mounts: () => MOUNTS });
  equal(rule(paths.judgeTree("src", "/workspace")), "allow");
  equal(rule(paths.judgeTree(".", "/workspace")), "path.tree_denied");
  equal(rule(paths.judgeTree("~/.ssh", "/workspace")), "path.denied");
  equal(rule(paths.judgeTree("/workspace/src/x.ts", "/")), "allow");
});

Deno.test("hook_resolves_symlink_before_dotdot_like_the_kernel (link/../x)", () => {
  equal(read("cachelink/../.aws/credentials"), "path.denied");
  equal(read("/workspace/cachelink/../.ssh/id_rsa"), "path.denied");
  equal(read("cachelink/../.bashrc"), "allow");
  equal(read("cachelink/x"), "allow");
});

Deno.test("hook_denies_a_hardlink_of_a_protected_file_in_any_folder (skipped cache folders too)", () => {
  equal(read("/home/agent/.cache/deep/h"), "path.hardlink");
});
