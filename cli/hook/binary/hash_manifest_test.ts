import { deepStrictEqual, equal, throws } from "node:assert/strict";
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sha256File } from "../node_fs_view.ts";
import { hashManifestScript, parseHashManifest } from "./hash_manifest.ts";

const A = "a".repeat(64);
const B = "b".repeat(64);

Deno.test("parseHashManifest() reads sha256sum lines and lines with size and mtime", () => {
  const manifest = parseHashManifest(
    `${A}  /usr/bin/node\n${B} */usr/bin/bin mode\n${A}  123 1700000000 /usr/bin/with space\n\n`,
  );
  deepStrictEqual(manifest.get("/usr/bin/node"), { sha256: A });
  deepStrictEqual(manifest.get("/usr/bin/bin mode"), { sha256: B });
  deepStrictEqual(manifest.get("/usr/bin/with space"), { sha256: A, size: 123, mtime: 1700000000 });
});

Deno.test("parseHashManifest() throws on a line it cannot read", () => {
  throws(() => parseHashManifest(`${A}  relative/path`));
  throws(() => parseHashManifest(`\\${A}  /usr/bin/a\\nb`));
  throws(() => parseHashManifest(`${A.toUpperCase()}  /usr/bin/x`));
  throws(() => parseHashManifest(`${A} /usr/bin/x`));
  throws(() => parseHashManifest("garbage"));
});

Deno.test("parseHashManifest() throws on one path with two hashes", () => {
  throws(() => parseHashManifest(`${A}  /x\n${B}  /x\n`), /twice/);
  equal(parseHashManifest(`${A}  /x\n${A}  /x\n`).size, 1);
});

Deno.test("hashManifestScript() writes what parseHashManifest reads, with real sizes and mtimes", async () => {
  const dir = mkdtempSync(join(tmpdir(), "bottle-manifest-"));
  try {
    mkdirSync(join(dir, "bin"));
    mkdirSync(join(dir, "share"));
    writeFileSync(join(dir, "bin", "tool"), "#!/bin/sh\necho hi\n");
    writeFileSync(join(dir, "bin", "with space"), "x".repeat(5000));
    chmodSync(join(dir, "bin", "tool"), 0o755);
    const script = hashManifestScript([join(dir, "bin")], join(dir, "share", "hashes.txt"), dir);
    const run = await new Deno.Command("sh", { args: ["-c", script] }).output();
    equal(run.code, 0, new TextDecoder().decode(run.stderr));
    const manifest = parseHashManifest(readFileSync(join(dir, "share", "hashes.txt"), "utf8"));
    equal(manifest.size, 2);
    for (const name of ["tool", "with space"]) {
      const path = join(dir, "bin", name);
      const stat = statSync(path);
      deepStrictEqual(manifest.get(path), {
        sha256: sha256File(path),
        size: stat.size,
        mtime: Math.floor(stat.mtimeMs / 1000),
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
