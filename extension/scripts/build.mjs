/**
 * Bundles the extension with esbuild: `dist/extension.js` (what the .vsix
 * ships), and with `--tests` each `src/**\/*_test.ts` into `dist/test/` for
 * mocha, and with `--e2e` the end-to-end driver into `dist/e2e/`. esbuild
 * only strips types; `npm run check` is the type check.
 */
import { build } from "esbuild";
import { readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const flags = new Set(process.argv.slice(2));
const production = flags.has("--production");

/** Every file under `dir` whose name ends with `suffix`. */
function filesEnding(dir, suffix) {
  return readdirSync(join(root, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(suffix))
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

const common = {
  absWorkingDir: root,
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  logLevel: "warning",
};

await build({
  ...common,
  entryPoints: ["src/extension.ts"],
  outfile: "dist/extension.js",
  external: ["vscode"],
  sourcemap: production ? false : "linked",
  minify: production,
});

if (flags.has("--tests")) {
  await build({
    ...common,
    entryPoints: filesEnding("src", "_test.ts"),
    outdir: "dist/test",
    outbase: "src",
    // Unit tests never load VS Code: a test that imports it fails to bundle.
    external: ["mocha"],
    sourcemap: "inline",
  });
}

if (flags.has("--e2e")) {
  await build({
    ...common,
    entryPoints: ["test/e2e/drive_code_server.ts"],
    outfile: "dist/e2e/drive_code_server.mjs",
    // The driver awaits at its top level, which needs an ES module.
    format: "esm",
    external: ["playwright-core"],
    sourcemap: "inline",
  });
}
