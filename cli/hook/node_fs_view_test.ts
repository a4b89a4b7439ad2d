import { deepStrictEqual, equal, ok, throws } from "node:assert/strict";
import { createHash } from "node:crypto";
import {
  chmodSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createNodeFsView, sha256File } from "./node_fs_view.ts";

function withTree(run: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), "bottle-fsview-"));
  try {
    run(dir);
  } finally {
    chmodSync(dir, 0o700);
    rmSync(dir, { recursive: true, force: true });
  }
}

Deno.test("createNodeFsView() reports kinds, links, inodes and sizes of real files", () => {
  withTree((dir) => {
    writeFileSync(join(dir, "a"), "hello");
    linkSync(join(dir, "a"), join(dir, "b"));
    symlinkSync("a", join(dir, "l"));
    mkdirSync(join(dir, "d"));
    const fs = createNodeFsView();
    const a = fs.lstat(join(dir, "a"))!;
    const b = fs.lstat(join(dir, "b"))!;
    equal(a.kind, "file");
    equal(a.nlink, 2);
    equal(a.size, 5);
    equal(a.ino, b.ino);
    equal(a.dev, b.dev);
    equal(fs.lstat(join(dir, "l"))!.kind, "symlink");
    equal(fs.lstat(join(dir, "d"))!.kind, "dir");
    equal(fs.readlink(join(dir, "l")), "a");
    deepStrictEqual(
      [...fs.readDir(dir)!].sort((x, y) => x.name.localeCompare(y.name)),
      [
        { name: "a", kind: "file" },
        { name: "b", kind: "file" },
        { name: "d", kind: "dir" },
        { name: "l", kind: "symlink" },
      ],
    );
    equal(fs.readText(join(dir, "a")), "hello");
  });
});

Deno.test("createNodeFsView() answers undefined for missing paths and through a file", () => {
  withTree((dir) => {
    writeFileSync(join(dir, "f"), "");
    const fs = createNodeFsView();
    equal(fs.lstat(join(dir, "nope")), undefined);
    equal(fs.lstat(join(dir, "f", "below")), undefined);
    equal(fs.readDir(join(dir, "nope")), undefined);
    equal(fs.readText(join(dir, "nope")), undefined);
  });
});

Deno.test("createNodeFsView() throws on a failure other than missing (ELOOP)", () => {
  withTree((dir) => {
    symlinkSync("loop", join(dir, "loop"));
    throws(() => createNodeFsView().lstat(join(dir, "loop", "x")), /ELOOP/);
    throws(() => createNodeFsView().readDir(join(dir, "loop")), /ELOOP/);
  });
});

Deno.test("sha256File() hashes a file larger than one read chunk", () => {
  withTree((dir) => {
    const bytes = new Uint8Array(3 * 1024 * 1024 + 17).map((_, i) => i % 251);
    writeFileSync(join(dir, "big"), bytes);
    equal(sha256File(join(dir, "big")), createHash("sha256").update(bytes).digest("hex"));
    ok(/^[0-9a-f]{64}$/.test(sha256File(join(dir, "big"))));
  });
});

Deno.test("hook_own_reads_do_not_follow_a_symlink (readText and sha256File open with O_NOFOLLOW)", () => {
  const dir = mkdtempSync(join(tmpdir(), "nofollow-"));
  try {
    writeFileSync(join(dir, "secret"), "s3cret");
    symlinkSync(join(dir, "secret"), join(dir, "swapped"));
    const fs = createNodeFsView();
    equal(fs.readText(join(dir, "secret")), "s3cret");
    throws(() => fs.readText(join(dir, "swapped")), /ELOOP|symbolic/i);
    throws(() => sha256File(join(dir, "swapped")), /ELOOP|symbolic/i);
  } finally {
    rmSync(dir, { recursive: true });
  }
});
