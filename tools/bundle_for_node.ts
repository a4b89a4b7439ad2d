/**
 * Bundles TypeScript from this repository into one Node script with esbuild,
 * the way the in-bottle hook is shipped. esbuild knows nothing of Deno's
 * `npm:` specifiers or of deno.json's import map, so a small plugin maps both
 * onto the packages in Deno's own npm cache (located with `deno info --json`):
 * a folder of symlinks named after each package lets esbuild resolve package
 * `exports` itself. `.wasm` files load as bytes (the `binary` loader).
 */
import * as esbuild from "esbuild";
import { dirname, join } from "node:path";
import { npmPackageDir } from "./npm_packages.ts";

/** Splits `name@version/sub/path` (scoped names included) into its parts. */
function splitNpm(spec: string): { name: string; version: string; sub: string } {
  const match = /^((?:@[^/]+\/)?[^@/]+)(?:@([^/]+))?(\/.*)?$/.exec(spec);
  if (match === null) throw new Error(`not an npm specifier: ${spec}`);
  return { name: match[1]!, version: match[2] ?? "latest", sub: match[3] ?? "" };
}

/** Reads deno.json's import map (bare name → specifier). */
async function importMap(root: string): Promise<Record<string, string>> {
  const config = JSON.parse(await Deno.readTextFile(join(root, "deno.json"))) as {
    imports?: Record<string, string>;
  };
  return config.imports ?? {};
}

/** Options of one bundle. */
export interface BundleOptions {
  /** Entry file (TypeScript or JavaScript). */
  readonly entry: string;
  /** Output file. */
  readonly outfile: string;
  /** The repository root (for deno.json). */
  readonly root: string;
  /** Output format; `esm` keeps `import.meta.url` meaningful. Default `esm`. */
  readonly format?: "esm" | "cjs";
  /** Minify (default true). */
  readonly minify?: boolean;
}

/** Bundles `entry` into one Node script and returns its size in bytes. */
export async function bundleForNode(options: BundleOptions): Promise<number> {
  const map = await importMap(options.root);
  const farm = await Deno.makeTempDir({ prefix: "shell-parser-npm-" });
  const linked = new Map<string, Promise<void>>();
  const link = (name: string, version: string): Promise<void> => {
    const key = `${name}@${version}`;
    let done = linked.get(key);
    if (done === undefined) {
      done = (async () => {
        const dir = await npmPackageDir(key);
        const at = join(farm, "node_modules", name);
        await Deno.mkdir(dirname(at), { recursive: true });
        await Deno.symlink(dir, at);
      })();
      linked.set(key, done);
    }
    return done;
  };
  const plugin: esbuild.Plugin = {
    name: "deno-npm",
    setup(build) {
      if (options.format === "cjs") {
        // Node startup snapshots have no dynamic import(): take built-ins from process.getBuiltinModule.
        build.onLoad({ filter: /web-tree-sitter.*\.js$/ }, async (args) => ({
          contents: (await Deno.readTextFile(args.path)).replace(
            /await import\("(module|fs\/promises|path|url)"\)/g,
            'process.getBuiltinModule("node:$1")',
          ),
          loader: "js",
        }));
      }
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.path.startsWith("node:") || args.pluginData === "deno-npm") return undefined;
        let spec = args.path;
        const mapped = Object.entries(map).find(([k]) => spec === k || spec.startsWith(`${k}/`));
        if (mapped !== undefined) spec = mapped[1] + spec.slice(mapped[0].length);
        if (!spec.startsWith("npm:")) return undefined;
        const { name, version, sub } = splitNpm(spec.slice(4));
        await link(name, version);
        return await build.resolve(name + sub, {
          kind: args.kind,
          resolveDir: farm,
          pluginData: "deno-npm",
        });
      });
    },
  };
  try {
    const result = await esbuild.build({
      entryPoints: [options.entry],
      outfile: options.outfile,
      bundle: true,
      platform: "node",
      // The oldest Node a bundle may meet: Debian bookworm's (18); the hook's own is 22.
      target: "node18",
      format: options.format ?? "esm",
      minify: options.minify ?? true,
      loader: { ".wasm": "binary" },
      // sh-syntax's package.json names its Go runtime shim with the wrong extension in
      // "sideEffects", so honouring the annotation drops the shim and breaks the bundle.
      ignoreAnnotations: true,
      plugins: [plugin],
      logLevel: "error",
      metafile: true,
      // A CommonJS bundle has no import.meta; web-tree-sitter asks for its URL on Node.
      ...(options.format === "cjs"
        ? {
          define: { "import.meta.url": "__bundle_url" },
          banner: {
            js: 'const __bundle_url = require("node:url").pathToFileURL(__filename).href;',
          },
        }
        : {}),
    });
    return Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
  } finally {
    await esbuild.stop();
    await Deno.remove(farm, { recursive: true });
  }
}
