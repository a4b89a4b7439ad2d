/**
 * Runs the file-tool corpus against a real tree on disk (real symlinks and
 * hardlinks, through node_fs_view.ts) and reports precision and recall.
 * The bottle's folders (/home/agent, /workspace, /tmp) are mapped into a
 * temporary folder; the case-insensitive folder is simulated by the view,
 * since this machine's filesystems are case-sensitive.
 */
import { deepStrictEqual, ok } from "node:assert/strict";
import { linkSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { compileEgressPolicy } from "../../../proxy/policy/mod.ts";
import { renderHookPolicy } from "../hook_policy.ts";
import { judgeInvisibleInInput } from "../invisible/mod.ts";
import { createNodeFsView } from "../node_fs_view.ts";
import { createPathPolicy, type FsView } from "../paths/mod.ts";
import { strictest } from "../verdict.ts";
import {
  CORPUS_CASE_INSENSITIVE,
  CORPUS_EGRESS,
  CORPUS_TREE,
  FILE_TOOL_CORPUS,
} from "./testdata/corpus.ts";
import { judgeToolInput } from "./judge_tool_input.ts";

const MAPPED = ["/home/agent", "/workspace", "/tmp"];

function buildTree(root: string): void {
  for (const [path, node] of Object.entries(CORPUS_TREE)) {
    const real = join(root, path);
    mkdirSync(dirname(real), { recursive: true });
    if (node === "file") writeFileSync(real, `contents of ${path}\n`);
    else if ("symlink" in node) symlinkSync(node.symlink, real);
    else linkSync(join(root, node.hardlink), real);
  }
}

/** Bottle paths under MAPPED live in `root`; the rest is the real system. */
function bottleView(root: string): FsView {
  const real = createNodeFsView();
  const toReal = (p: string) =>
    MAPPED.some((m) => p === m || p.startsWith(`${m}/`)) ? `${root}${p}` : p;
  const lstat = (p: string) => {
    const found = real.lstat(toReal(p));
    const parent = p.slice(0, p.lastIndexOf("/"));
    if (found !== undefined || !CORPUS_CASE_INSENSITIVE.includes(parent)) return found;
    const name = p.slice(p.lastIndexOf("/") + 1).toLowerCase();
    const match = real.readDir(toReal(parent))?.find((e) => e.name.toLowerCase() === name);
    return match === undefined ? undefined : real.lstat(toReal(`${parent}/${match.name}`));
  };
  return {
    lstat,
    readlink: (p) => real.readlink(toReal(p)),
    readDir: (p) => real.readDir(toReal(p)),
    readText: (p) => real.readText(toReal(p)),
  };
}

Deno.test("file-tool corpus: every attack denied, no everyday call denied", () => {
  const root = mkdtempSync(join(tmpdir(), "bottle-corpus-"));
  try {
    buildTree(root);
    const policy = renderHookPolicy({ egress: CORPUS_EGRESS }).policy;
    const paths = createPathPolicy(policy, bottleView(root), {
      mounts: () => [
        { mountPoint: "/", readOnly: true },
        ...MAPPED.map((mountPoint) => ({ mountPoint, readOnly: false })),
      ],
    });
    const egress = compileEgressPolicy(policy.egress);
    const wrong: string[] = [];
    let truePositives = 0;
    let falsePositives = 0;
    let falseNegatives = 0;
    for (const entry of FILE_TOOL_CORPUS) {
      const verdict = strictest([
        judgeInvisibleInInput(entry.tool, entry.input),
        judgeToolInput(entry.tool, entry.input, { cwd: entry.cwd, paths, egress }),
      ]);
      const deniedIt = verdict.action !== "allow";
      if (deniedIt && entry.expect === "deny") truePositives++;
      if (deniedIt && entry.expect === "allow") falsePositives++;
      if (!deniedIt && entry.expect === "deny") falseNegatives++;
      const wrongRule = entry.rule !== undefined && verdict.action !== "allow" &&
        verdict.rule !== entry.rule;
      if (deniedIt !== (entry.expect === "deny") || wrongRule) {
        const detail = verdict.action === "allow"
          ? "allow"
          : `${verdict.rule} (expected ${entry.rule ?? "allow"}): ${verdict.reason}`;
        wrong.push(`${entry.tool} ${JSON.stringify(entry.input)} (${entry.why}) -> ${detail}`);
      }
    }
    const attacks = FILE_TOOL_CORPUS.filter((c) => c.expect === "deny").length;
    const everyday = FILE_TOOL_CORPUS.length - attacks;
    const precision = truePositives / Math.max(1, truePositives + falsePositives);
    const recall = truePositives / Math.max(1, truePositives + falseNegatives);
    console.log(
      `file-tool corpus: ${FILE_TOOL_CORPUS.length} calls (${attacks} attacks, ${everyday} everyday); ` +
        `precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`,
    );
    ok(attacks >= 35 && everyday >= 25, `${attacks} attacks, ${everyday} everyday`);
    deepStrictEqual(wrong, []);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
