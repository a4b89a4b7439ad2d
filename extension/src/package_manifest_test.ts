import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "mocha";

// mocha runs from the extension's folder (npm test).
const root = process.cwd();
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const source = readFileSync(join(root, "src", "vscode", "bottle_commands.ts"), "utf8");
const entry = readFileSync(join(root, "src", "extension.ts"), "utf8");

interface Contributed {
  readonly command: string;
}

describe("package.json", () => {
  it("registers every command it contributes, and contributes every command it registers", () => {
    const contributed = (manifest.contributes.commands as Contributed[]).map((
      c,
    ) => c.command)
      .sort();
    const registered = [...source.matchAll(/registerCommand\(\s*"([^"]+)"/g)]
      .map((m) => m[1]).sort();
    deepStrictEqual(registered, contributed);
  });

  it("names only contributed commands in its menus", () => {
    const contributed = new Set(
      (manifest.contributes.commands as Contributed[]).map((c) => c.command),
    );
    for (const [menu, entries] of Object.entries(manifest.contributes.menus)) {
      for (const entry of entries as Contributed[]) {
        ok(contributed.has(entry.command), `${menu} names ${entry.command}`);
      }
    }
  });

  it("runs in VS Code 1.100", () => {
    equal(manifest.engines.vscode, "^1.100.0");
  });

  it("supports untrusted workspaces only in part, and keeps bottle.path out of their settings", () => {
    const untrusted = manifest.capabilities.untrustedWorkspaces;
    equal(untrusted.supported, "limited");
    deepStrictEqual(untrusted.restrictedConfigurations, ["bottle.path"]);
  });

  it("gives claude-bottle.json its own language, the one the language client selects", () => {
    const language = manifest.contributes.languages[0];
    deepStrictEqual([language.id, language.filenames], ["claude-bottle", [
      "claude-bottle.json",
    ]]);
    ok(entry.includes("ManifestProblems"));
  });

  it("pins every dependency to an exact version", () => {
    const all = {
      ...manifest.dependencies,
      ...manifest.devDependencies,
    } as Record<string, string>;
    for (const [name, version] of Object.entries(all)) {
      ok(/^\d+\.\d+\.\d+$/.test(version), `${name}@${version} is not pinned`);
    }
  });
});
