import { equal, ok } from "node:assert/strict";
import { renderHookPolicy } from "../hook_policy.ts";
import type { Verdict } from "../verdict.ts";
import { createPathPolicy } from "./create_path_judge.ts";
import { testFsView } from "./testdata/test_fs_view.ts";

const policy = renderHookPolicy({ egress: [] }).policy;
const MOUNTS = [{ mountPoint: "/", readOnly: true }, { mountPoint: "/w", readOnly: false }];
const rule = (verdict: Verdict) => verdict.action === "allow" ? "allow" : verdict.rule;
const tree = (spec: Parameters<typeof testFsView>[0], ci: string[] = []) =>
  createPathPolicy(policy, testFsView(spec, { devices: { "/w": 2 }, caseInsensitive: ci }), {
    mounts: () => MOUNTS,
    scanLimit: 50,
  });

Deno.test("judgeTree() denies when a denied file lies below and the filter selects it", () => {
  const paths = tree({ "/w/src/a.ts": "file", "/w/config/.env": "file" });
  const verdict = paths.judgeTree("/w", "/");
  equal(rule(verdict), "path.tree_denied");
  if (verdict.action !== "allow") ok(verdict.reason.includes("config/.env"), verdict.reason);
  equal(rule(paths.judgeTree("/w", "/", (rel) => rel.endsWith(".ts"))), "allow");
});

Deno.test("judgeTree() denies a symlink below that reaches a denied file", () => {
  const paths = tree({
    "/w/src/a.ts": "file",
    "/home/agent/.ssh/id_rsa": "file",
    "/w/src/k": { symlink: "/home/agent/.ssh/id_rsa" },
  });
  equal(rule(paths.judgeTree("/w/src", "/")), "path.tree_denied");
});

Deno.test("judgeTree() denies a hardlink below of a denied file", () => {
  const paths = tree({ "/w/.env": "file", "/w/src/copy.txt": { hardlink: "/w/.env" } });
  equal(rule(paths.judgeTree("/w/src", "/")), "path.tree_denied");
});

Deno.test("judgeTree() denies a case variant below in a folder that ignores case", () => {
  const paths = tree({ "/w/src/.ENV": "file", "/w/src/a.ts": "file" }, ["/w/src"]);
  equal(rule(paths.judgeTree("/w/src", "/")), "path.tree_denied");
  const sensitive = tree({ "/w/src/.ENV": "file", "/w/src/a.ts": "file" });
  equal(rule(sensitive.judgeTree("/w/src", "/")), "allow");
});

Deno.test("judgeTree() denies when the folder is larger than the scan limit", () => {
  const spec: Record<string, "file"> = {};
  for (let i = 0; i < 60; i++) spec[`/w/many/f${i}.ts`] = "file";
  equal(rule(tree(spec).judgeTree("/w/many", "/")), "path.scan_limit");
});

Deno.test("recursive_read_passes_over_masked_entries_but_not_a_secret_made_after_start", () => {
  const sealed = renderHookPolicy({ egress: [], masked: ["/w/.env", "/w/deploy/.ssh"] }).policy;
  const paths = (spec: Parameters<typeof testFsView>[0]) =>
    createPathPolicy(sealed, testFsView(spec, { devices: { "/w": 2 } }), {
      mounts: () => MOUNTS,
      scanLimit: 50,
    });
  const atStart = {
    "/w/src/a.ts": "file",
    "/w/.env": "file",
    "/w/deploy/.ssh/id_rsa": "file",
  } as const;
  equal(rule(paths(atStart).judgeTree("/w", "/")), "allow");
  // A direct read still gets the reason, though the kernel would hand it an empty file.
  equal(rule(paths(atStart).judgePath("/w/.env", "read", "/")), "path.denied");
  // A secret file made after the seal was laid is not masked: the tree read is refused.
  equal(
    rule(paths({ ...atStart, "/w/src/.env.local": "file" }).judgeTree("/w", "/")),
    "path.tree_denied",
  );
});
