import { deepStrictEqual } from "node:assert/strict";
import { discoverManifest, type DiscoveryInput, type ManifestSource } from "./discover_manifest.ts";

/** An in-memory file test that also records what discovery looked at. */
function files(...paths: string[]): { isFile: (path: string) => boolean; asked: string[] } {
  const set = new Set(paths);
  const asked: string[] = [];
  return {
    isFile: (path) => {
      asked.push(path);
      return set.has(path);
    },
    asked,
  };
}

interface Case {
  readonly name: string;
  readonly input: DiscoveryInput;
  readonly files: readonly string[];
  readonly expected: ManifestSource;
}

const CASES: readonly Case[] = [
  {
    name: "an absolute --manifest flag wins over every other place",
    input: { flag: "/elsewhere/m.json", cwd: "/p/q", xdgConfigHome: "/x", home: "/h" },
    files: ["/p/q/claude-bottle.json", "/x/bottle/claude-bottle.json"],
    expected: { kind: "flag", path: "/elsewhere/m.json" },
  },
  {
    name: "a relative --manifest flag is resolved against cwd",
    input: { flag: "conf/m.json", cwd: "/p/q", home: "/h" },
    files: [],
    expected: { kind: "flag", path: "/p/q/conf/m.json" },
  },
  {
    name: "a --manifest flag with .. is normalised",
    input: { flag: "../other/./m.json", cwd: "/p/q", home: "/h" },
    files: [],
    expected: { kind: "flag", path: "/p/other/m.json" },
  },
  {
    name: "the manifest in cwd is found",
    input: { cwd: "/p/q", home: "/h" },
    files: ["/p/q/claude-bottle.json"],
    expected: { kind: "project", path: "/p/q/claude-bottle.json" },
  },
  {
    name: "a manifest in a parent folder is found",
    input: { cwd: "/p/q/r/s", home: "/h" },
    files: ["/p/claude-bottle.json"],
    expected: { kind: "project", path: "/p/claude-bottle.json" },
  },
  {
    name: "the nearest manifest wins over a higher one",
    input: { cwd: "/p/q/r", home: "/h" },
    files: ["/p/claude-bottle.json", "/p/q/claude-bottle.json"],
    expected: { kind: "project", path: "/p/q/claude-bottle.json" },
  },
  {
    name: "a manifest at the root is found",
    input: { cwd: "/p/q", home: "/h" },
    files: ["/claude-bottle.json"],
    expected: { kind: "project", path: "/claude-bottle.json" },
  },
  {
    name: "a project manifest wins over the user manifest",
    input: { cwd: "/p/q", xdgConfigHome: "/x", home: "/h" },
    files: ["/p/claude-bottle.json", "/x/bottle/claude-bottle.json"],
    expected: { kind: "project", path: "/p/claude-bottle.json" },
  },
  {
    name: "$XDG_CONFIG_HOME/bottle/claude-bottle.json comes after the project",
    input: { cwd: "/p/q", xdgConfigHome: "/x", home: "/h" },
    files: ["/x/bottle/claude-bottle.json", "/h/.config/bottle/claude-bottle.json"],
    expected: { kind: "user", path: "/x/bottle/claude-bottle.json" },
  },
  {
    name: "a set $XDG_CONFIG_HOME hides ~/.config",
    input: { cwd: "/p/q", xdgConfigHome: "/x", home: "/h" },
    files: ["/h/.config/bottle/claude-bottle.json"],
    expected: { kind: "builtin" },
  },
  {
    name: "~/.config/bottle/claude-bottle.json when $XDG_CONFIG_HOME is unset",
    input: { cwd: "/p/q", home: "/h" },
    files: ["/h/.config/bottle/claude-bottle.json"],
    expected: { kind: "user", path: "/h/.config/bottle/claude-bottle.json" },
  },
  {
    name: "~/.config/bottle/claude-bottle.json when $XDG_CONFIG_HOME is empty",
    input: { cwd: "/p/q", xdgConfigHome: "", home: "/h" },
    files: ["/h/.config/bottle/claude-bottle.json"],
    expected: { kind: "user", path: "/h/.config/bottle/claude-bottle.json" },
  },
  {
    name: "~/.config/bottle/claude-bottle.json when $XDG_CONFIG_HOME is relative (XDG: ignore it)",
    input: { cwd: "/p/q", xdgConfigHome: "cfg", home: "/h" },
    files: ["cfg/bottle/claude-bottle.json", "/h/.config/bottle/claude-bottle.json"],
    expected: { kind: "user", path: "/h/.config/bottle/claude-bottle.json" },
  },
  {
    name: "the built-in default when no file exists",
    input: { cwd: "/p/q", xdgConfigHome: "/x", home: "/h" },
    files: [],
    expected: { kind: "builtin" },
  },
  {
    name: "the built-in default when neither $XDG_CONFIG_HOME nor home is known",
    input: { cwd: "/p/q" },
    files: [],
    expected: { kind: "builtin" },
  },
  {
    name: "a file named like the manifest elsewhere is ignored",
    input: { cwd: "/p/q", home: "/h" },
    files: ["/p/q/sub/claude-bottle.json", "/h/claude-bottle.json", "/p/q/claude-bottle.jsonc"],
    expected: { kind: "builtin" },
  },
];

for (const c of CASES) {
  Deno.test(`discoverManifest(): ${c.name}`, () => {
    deepStrictEqual(discoverManifest(c.input, files(...c.files).isFile), c.expected);
  });
}

Deno.test("discoverManifest() asks nothing of the file system when --manifest is given", () => {
  const fs = files();
  discoverManifest({ flag: "m.json", cwd: "/p", home: "/h" }, fs.isFile);
  deepStrictEqual(fs.asked, []);
});

Deno.test("discoverManifest() walks from cwd up to / once, then the user folder", () => {
  const fs = files();
  const found = discoverManifest({ cwd: "/p/q/r/", xdgConfigHome: "/x", home: "/h" }, fs.isFile);
  deepStrictEqual(found, { kind: "builtin" });
  deepStrictEqual(fs.asked, [
    "/p/q/r/claude-bottle.json",
    "/p/q/claude-bottle.json",
    "/p/claude-bottle.json",
    "/claude-bottle.json",
    "/x/bottle/claude-bottle.json",
  ]);
});

Deno.test("discoverManifest() from / looks at /claude-bottle.json only once", () => {
  const fs = files();
  discoverManifest({ cwd: "/", home: "/h" }, fs.isFile);
  deepStrictEqual(fs.asked, ["/claude-bottle.json", "/h/.config/bottle/claude-bottle.json"]);
});

Deno.test("discoverManifest() normalises a cwd with . and .. before walking", () => {
  const fs = files("/p/claude-bottle.json");
  deepStrictEqual(
    discoverManifest({ cwd: "/p/q/../r/./s", home: "/h" }, fs.isFile),
    { kind: "project", path: "/p/claude-bottle.json" },
  );
  deepStrictEqual(fs.asked.slice(0, 2), ["/p/r/s/claude-bottle.json", "/p/r/claude-bottle.json"]);
});
