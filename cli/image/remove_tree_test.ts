import { deepStrictEqual, rejects } from "node:assert/strict";
import { mountPointsInside, removeTree } from "./remove_tree.ts";

Deno.test("removeTree() removes a tree without mount points", async () => {
  const dir = await Deno.makeTempDir({ prefix: "bottle-remove-tree-" });
  await Deno.mkdir(`${dir}/a/b/c`, { recursive: true });
  await Deno.writeTextFile(`${dir}/a/b/file`, "x");
  await Deno.symlink("/", `${dir}/a/root-link`);
  deepStrictEqual(await mountPointsInside(dir), []);
  deepStrictEqual(await removeTree(dir), { removed: true, mounts: [] });
  await rejects(Deno.lstat(dir), Deno.errors.NotFound);
});

Deno.test("removeTree() treats a folder that is already gone as removed", async () => {
  deepStrictEqual(await removeTree("/nonexistent/bottle-remove-tree"), {
    removed: true,
    mounts: [],
  });
});
