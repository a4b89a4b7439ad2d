import { deepStrictEqual, equal, ok } from "node:assert/strict";
import {
  chmodSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createNodeFsView, sha256File } from "../node_fs_view.ts";
import type { MountEntry } from "../paths/mod.ts";
import { testFsView } from "../paths/testdata/test_fs_view.ts";
import type { Verdict } from "../verdict.ts";
import { type CommandJudgeOptions, createCommandJudge } from "./create_command_judge.ts";
import { parseHashManifest } from "./hash_manifest.ts";
import { EMPTY_TRUST_STORE, recordTrust } from "./trust_store.ts";

const EXEC = { mode: 0o755 };
const MTIME = 1_700_000_000_000;
const fs = () =>
  testFsView({
    "/usr/bin/node": { file: { ...EXEC, text: "node", mtimeMs: MTIME } },
    "/usr/bin/python3.11": { file: { ...EXEC, text: "python" } },
    "/usr/bin/python3": { symlink: "python3.11" },
    "/usr/bin/git": { file: { ...EXEC, text: "git-tampered" } },
    "/usr/bin/readme": { file: { text: "not executable" } },
    "/usr/local/bin/extra": { file: { ...EXEC, text: "extra" } },
    "/workspace/build.sh": { file: { ...EXEC, text: "build v1" } },
    "/workspace/node_modules/.bin/tsc": { symlink: "../typescript/bin/tsc" },
    "/workspace/node_modules/typescript/bin/tsc": { file: { ...EXEC, text: "tsc" } },
    "/workspace/dir": "dir",
    "/workspace/loop": { symlink: "loop" },
  });

/** A fake SHA-256: the file's text, padded, so tests can read what was hashed. */
const fakeHash = (view: ReturnType<typeof fs>, hashed: string[]) => (path: string) => {
  hashed.push(path);
  return (view.readText(path) ?? "").padEnd(64, "0").slice(0, 64).replace(/[^0-9a-f]/g, "f");
};
const H = (text: string) => text.padEnd(64, "0").slice(0, 64).replace(/[^0-9a-f]/g, "f");

const MANIFEST = parseHashManifest([
  `${H("node")}  4 ${MTIME / 1000} /usr/bin/node`,
  `${H("python")}  /usr/bin/python3.11`,
  `${H("git")}  /usr/bin/git`,
].join("\n"));
const READ_ONLY_ROOT: readonly MountEntry[] = [
  { mountPoint: "/", readOnly: true },
  { mountPoint: "/workspace", readOnly: false },
];

function setup(overrides: Partial<CommandJudgeOptions> = {}) {
  const view = fs();
  const hashed: string[] = [];
  const identity = createCommandJudge({
    fs: view,
    hashFile: fakeHash(view, hashed),
    manifest: MANIFEST,
    trust: EMPTY_TRUST_STORE,
    modes: { changedBinary: "deny", unknownBinary: "trust" },
    mounts: () => READ_ONLY_ROOT,
    ...overrides,
  });
  const rule = (name: string, cwd = "/workspace") => {
    const verdict: Verdict = identity.judge(name, cwd);
    return verdict.action === "allow" ? "allow" : `${verdict.action}:${verdict.rule}`;
  };
  return { identity, rule, hashed };
}

Deno.test("judge() allows a manifest file on a read-only mount without hashing it", () => {
  const { rule, hashed } = setup();
  equal(rule("node"), "allow");
  deepStrictEqual(hashed, []);
});

Deno.test("judge() hashes a manifest file when its mount is writable", () => {
  const { rule, hashed } = setup({ mounts: () => [{ mountPoint: "/", readOnly: false }] });
  equal(rule("node"), "allow");
  deepStrictEqual(hashed, ["/usr/bin/node"]);
});

Deno.test("judge() hashes a manifest file that has no recorded size and mtime", () => {
  const { rule, hashed } = setup();
  equal(rule("python3"), "allow");
  deepStrictEqual(hashed, ["/usr/bin/python3.11"]);
});

Deno.test("judge() denies a manifest file whose hash or size changed", () => {
  const { rule } = setup();
  equal(rule("git"), "deny:binary.changed_image");
  const sized = setup({
    manifest: parseHashManifest(`${H("node")}  99 ${MTIME / 1000} /usr/bin/node`),
  });
  equal(sized.rule("node"), "deny:binary.changed_image");
  equal(sized.hashed.length, 0, "a size mismatch needs no hash");
});

Deno.test("judge() hashes once per process for one file", () => {
  const { rule, hashed } = setup();
  rule("python3");
  rule("/usr/bin/python3.11");
  equal(hashed.length, 1);
});

Deno.test("judge() trusts an unknown executable on first use and reports it once", () => {
  const { identity, rule } = setup();
  equal(rule("./build.sh"), "allow");
  equal(rule("/workspace/build.sh"), "allow");
  deepStrictEqual(identity.pendingTrust(), [{
    path: "/workspace/build.sh",
    sha256: H("build v1"),
  }]);
});

Deno.test("judge() resolves node_modules/.bin symlinks and records the real file", () => {
  const { identity, rule } = setup();
  equal(rule("node_modules/.bin/tsc"), "allow");
  equal(identity.pendingTrust()[0]?.path, "/workspace/node_modules/typescript/bin/tsc");
});

Deno.test("judge() allows an unknown executable whose recorded hash still matches", () => {
  const trust = recordTrust(EMPTY_TRUST_STORE, "/workspace/build.sh", H("build v1"));
  const { identity, rule } = setup({ trust });
  equal(rule("./build.sh"), "allow");
  deepStrictEqual(identity.pendingTrust(), []);
});

Deno.test("judge() refuses an executable that changed since its first run, as the mode says", () => {
  const trust = recordTrust(EMPTY_TRUST_STORE, "/workspace/build.sh", H("build v0"));
  equal(setup({ trust }).rule("./build.sh"), "deny:binary.changed");
  const asking = setup({ trust, modes: { changedBinary: "ask", unknownBinary: "trust" } });
  equal(asking.rule("./build.sh"), "ask:binary.changed");
});

Deno.test("judge() refuses a first run when unknown binaries are not trusted", () => {
  equal(
    setup({ modes: { changedBinary: "deny", unknownBinary: "ask" } }).rule("./build.sh"),
    "ask:binary.unknown",
  );
  equal(
    setup({ modes: { changedBinary: "deny", unknownBinary: "deny" } }).rule("./build.sh"),
    "deny:binary.unknown",
  );
});

Deno.test("judge() trusts on first use a PATH file missing from the manifest", () => {
  const { identity, rule } = setup();
  equal(rule("extra"), "allow");
  equal(identity.pendingTrust()[0]?.path, "/usr/local/bin/extra");
});

Deno.test("judge() leaves builtins, missing names and non-files alone", () => {
  const { rule, hashed } = setup();
  for (
    const name of ["cd", "echo", "[", "source", "no-such-tool", "readme", "./missing.sh", "./dir"]
  ) {
    equal(rule(name), "allow", name);
  }
  deepStrictEqual(hashed, []);
});

Deno.test("judge() denies programs run through /proc or /dev/fd", () => {
  const { rule } = setup();
  equal(rule("/proc/self/exe"), "deny:binary.proc");
  equal(rule("/proc/self/fd/3"), "deny:binary.proc");
  equal(rule("/dev/fd/3"), "deny:binary.proc");
});

Deno.test("judge() fails closed on a symlink loop, an empty name or a hash failure", () => {
  const { rule } = setup();
  equal(rule("./loop"), "deny:binary.symlink_loop");
  equal(rule(""), "deny:binary.bad_name");
  const broken = setup({
    hashFile: () => {
      throw new Error("EIO");
    },
  });
  equal(broken.rule("./build.sh"), "deny:binary.error");
});

Deno.test("judge() checks real files with real hashes through node_fs_view", () => {
  const dir = mkdtempSync(join(tmpdir(), "bottle-identity-"));
  try {
    mkdirSync(join(dir, "bin"));
    const tool = join(dir, "bin", "tool");
    writeFileSync(tool, "#!/bin/sh\necho one\n");
    chmodSync(tool, 0o755);
    utimesSync(tool, 1_700_000_000, 1_700_000_000);
    symlinkSync("tool", join(dir, "bin", "tool-link"));
    const manifest = parseHashManifest(
      `${sha256File(tool)}  ${statSync(tool).size} 1700000000 ${tool}`,
    );
    const make = () =>
      createCommandJudge({
        fs: createNodeFsView(),
        hashFile: sha256File,
        manifest,
        trust: EMPTY_TRUST_STORE,
        modes: { changedBinary: "deny", unknownBinary: "trust" },
        searchPath: [join(dir, "bin")],
        mounts: () => [{ mountPoint: "/", readOnly: false }],
      });
    equal(make().judge("tool-link", dir).action, "allow");
    writeFileSync(tool, "#!/bin/sh\necho two\n");
    utimesSync(tool, 1_700_000_000, 1_700_000_000);
    const verdict = make().judge("tool-link", dir);
    ok(
      verdict.action === "deny" && verdict.rule === "binary.changed_image",
      JSON.stringify(verdict),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
