import { deepStrictEqual, equal, ok, throws } from "node:assert/strict";
import { join } from "node:path";
import { renderHookPolicy } from "../hook/hook_policy.ts";
import { DeniedError } from "../errors.ts";
import { scanWorkspace } from "./scan_workspace.ts";
import { compileSealRules } from "./seal_rules.ts";

const rules = (paths: { denyReadWrite?: string[]; allow?: string[]; remove?: string[] } = {}) =>
  compileSealRules(renderHookPolicy({ egress: [], paths }).policy);

async function workspace(files: Record<string, string>): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "bottle-seal-" });
  for (const [path, text] of Object.entries(files)) {
    await Deno.mkdir(join(root, path, ".."), { recursive: true });
    if (path.endsWith("/")) await Deno.mkdir(join(root, path), { recursive: true });
    else await Deno.writeTextFile(join(root, path), text);
  }
  return root;
}

const paths = (entries: readonly { path: string }[]) => entries.map((e) => e.path);

Deno.test("seal_masks_secret_files_at_any_depth_and_keeps_templates", async () => {
  const root = await workspace({
    ".env": "A=1",
    ".env.example": "A=",
    "a/b/.env": "B=2",
    "config/prod.key": "k",
    "certs/server.pem": "p",
    ".ssh/id_ed25519": "key",
    "src/main.ts": "x",
    "deploy/.aws/credentials": "c",
  });
  const seal = scanWorkspace(root, rules());
  deepStrictEqual(paths(seal.masked), [
    ".env",
    ".ssh",
    "a/b/.env",
    "certs/server.pem",
    "config/prod.key",
    "deploy/.aws",
  ]);
  equal(seal.masked.find((e) => e.path === ".ssh")?.kind, "folder");
  ok(!paths(seal.masked).includes(".env.example"));
});

Deno.test("seal_masks_what_the_manifest_denies_and_unmasks_what_it_allows", async () => {
  const root = await workspace({ ".env": "A=1", "secrets/db.txt": "x", "notes.txt": "n" });
  const seal = scanWorkspace(
    root,
    rules({ denyReadWrite: ["secrets"], allow: ["/workspace/.env"] }),
  );
  deepStrictEqual(paths(seal.masked), ["secrets"]);
});

Deno.test("seal_masks_a_denied_folder_entry_by_entry_around_an_anchored_exception", async () => {
  const root = await workspace({ "secrets/public.txt": "p", "secrets/db.txt": "x" });
  const seal = scanWorkspace(
    root,
    rules({ denyReadWrite: ["secrets"], allow: ["/workspace/secrets/public.txt"] }),
  );
  deepStrictEqual(paths(seal.masked), ["secrets/db.txt"]);
});

Deno.test("seal_masks_credential_files_only_when_they_hold_credentials", async () => {
  const root = await workspace({
    ".npmrc": "//registry.npmjs.org/:_authToken=npm_abc\n",
    "pkg/.npmrc": "registry=https://registry.example/\n",
    ".netrc": "machine h login u password p\n",
    ".git-credentials": "https://u:tok@github.com\n",
  });
  const seal = scanWorkspace(root, rules());
  deepStrictEqual(paths(seal.masked), [".git-credentials", ".netrc", ".npmrc"]);
  // One without a credential is still read-only: npm on the host runs its script-shell.
  ok(paths(seal.readOnly).includes("pkg/.npmrc"));
});

Deno.test("seal_masks_every_hardlink_of_a_masked_file", async () => {
  const root = await workspace({ ".env": "SECRET=1", "deep/x/": "" });
  await Deno.link(join(root, ".env"), join(root, "deep/x/notes.txt"));
  const seal = scanWorkspace(root, rules());
  deepStrictEqual(paths(seal.masked), [".env", "deep/x/notes.txt"]);
});

Deno.test("seal_masks_a_hardlink_of_a_file_inside_a_masked_folder", async () => {
  const root = await workspace({ ".ssh/id_rsa": "KEY" });
  await Deno.link(join(root, ".ssh/id_rsa"), join(root, "innocent.txt"));
  const seal = scanWorkspace(root, rules());
  deepStrictEqual(paths(seal.masked), [".ssh", "innocent.txt"]);
});

Deno.test("seal_masks_the_target_of_a_symlink_with_a_secret_name", async () => {
  const root = await workspace({ "config/real-secrets.txt": "S=1", "other/plain.txt": "p" });
  await Deno.symlink("config/real-secrets.txt", join(root, ".env"));
  await Deno.symlink("/workspace/other/plain.txt", join(root, "app.pem"));
  await Deno.symlink("../../etc/passwd", join(root, "x.key"));
  const seal = scanWorkspace(root, rules());
  deepStrictEqual(paths(seal.masked), ["config/real-secrets.txt", "other/plain.txt"]);
});

Deno.test("seal_makes_host_run_files_read_only_and_creates_absent_host_run_folders", async () => {
  const root = await workspace({
    ".git/config": "[core]",
    ".git/hooks/pre-commit.sample": "#!/bin/sh",
    ".git/HEAD": "ref: refs/heads/main",
    "claude-bottle.json": "{}",
    ".mcp.json": "{}",
    ".vscode/tasks.json": "{}",
    "sub/claude-bottle.json": "{}",
    ".envrc": "use nix",
  });
  const seal = scanWorkspace(root, rules());
  deepStrictEqual(paths(seal.readOnly), [
    ".claude",
    ".devcontainer",
    ".envrc",
    ".git/config",
    ".git/hooks",
    ".git/info",
    ".idea",
    ".mcp.json",
    ".vscode",
    "claude-bottle.json",
    "sub/claude-bottle.json",
  ]);
  deepStrictEqual(seal.created, [".claude", ".devcontainer", ".idea", ".git/info"]);
  deepStrictEqual(seal.gitFolders, [".git"]);
  deepStrictEqual(seal.masked, []);
});

Deno.test("seal_protects_a_gitdir_pointer_file", async () => {
  const root = await workspace({ ".git": "gitdir: /elsewhere/.git/worktrees/w\n" });
  const seal = scanWorkspace(root, rules());
  ok(paths(seal.readOnly).includes(".git"));
  deepStrictEqual(seal.created.filter((p) => p.startsWith(".git")), []);
});

Deno.test("seal_keeps_a_protection_the_manifest_removes_writable", async () => {
  const root = await workspace({ ".git/config": "[core]", ".git/hooks/": "" });
  const seal = scanWorkspace(root, rules({ remove: [".git/hooks"] }));
  ok(!paths(seal.readOnly).includes(".git/hooks"));
  ok(paths(seal.readOnly).includes(".git/config"));
});

Deno.test("seal_skips_dependency_stores_and_git_objects_and_says_so", async () => {
  const root = await workspace({
    "node_modules/pkg/.env": "x",
    ".git/objects/ab/cdef": "blob",
    "src/a.ts": "",
  });
  const seal = scanWorkspace(root, rules());
  deepStrictEqual(paths(seal.masked), []);
  deepStrictEqual(seal.walk.skipped, ["node_modules"]);
});

Deno.test("seal_refuses_a_workspace_past_its_walk_budget", async () => {
  const root = await workspace({ "a.txt": "", "b.txt": "", "c/d.txt": "" });
  throws(() => scanWorkspace(root, rules(), { entries: 2, ms: 10_000 }), DeniedError);
});

Deno.test("seal_masks_a_hardlink_of_a_masked_file_inside_a_skipped_dependency_store", async () => {
  const root = await workspace({ ".env": "SECRET=1", "node_modules/pkg/index.js": "" });
  await Deno.link(join(root, ".env"), join(root, "node_modules/pkg/fixture.txt"));
  const seal = scanWorkspace(root, rules());
  deepStrictEqual(paths(seal.masked), [".env", "node_modules/pkg/fixture.txt"]);
});
