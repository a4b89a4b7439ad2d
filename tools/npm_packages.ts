/**
 * The npm packages the shell parser comes from, pinned, and where Deno keeps
 * their files. Shared by the embed script, the bundle helper and the test that
 * checks the embedded WebAssembly against the packages.
 */

/** One file inside one pinned npm package. */
export interface PackageFile {
  /** `name@version`. */
  readonly spec: string;
  /** Path inside the package. */
  readonly file: string;
}

/** web-tree-sitter's runtime and the bash grammar, at the versions bottle embeds. */
export const PARSER_PACKAGES = {
  runtime: { spec: "web-tree-sitter@0.25.10", file: "tree-sitter.wasm" },
  grammar: { spec: "tree-sitter-bash@0.25.1", file: "tree-sitter-bash.wasm" },
} as const satisfies Record<string, PackageFile>;

/** Where Deno keeps one npm package (fetching it into Deno's cache first if needed). */
export async function npmPackageDir(spec: string): Promise<string> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", "--no-lock", `npm:${spec}`],
    stdout: "piped",
    stderr: "null",
  }).output();
  if (!out.success) throw new Error(`deno info npm:${spec} failed`);
  const info = JSON.parse(new TextDecoder().decode(out.stdout)) as {
    npmPackages: Record<string, { name: string; localPath: string }>;
  };
  const at = spec.lastIndexOf("@");
  const name = at > 0 ? spec.slice(0, at) : spec;
  const pkg = Object.values(info.npmPackages).find((p) => p.name === name);
  if (pkg === undefined) throw new Error(`deno info did not list ${name}`);
  return pkg.localPath;
}

/** The absolute path of one package file in Deno's npm cache. */
export async function npmFile(file: PackageFile): Promise<string> {
  return `${await npmPackageDir(file.spec)}/${file.file}`;
}
