/**
 * Bundles the policy hook (cli/hook/hook_main.ts) into one Node script,
 * images/agent/bottle-hook.js, which `bottle image build` copies into the image
 * as /opt/bottle/bin/bottle-hook. Run by `deno task gen`; the output is
 * committed (the binary embeds it) and `tests/unit/hook_bundle_test.ts` fails
 * when it is stale.
 */
import { join } from "node:path";
import { bundleForNode } from "./bundle_for_node.ts";

/** Where the bundle is written, relative to the repository root. */
export const HOOK_BUNDLE = "images/agent/bottle-hook.js";

/** The first line: the hook's own Node in the image (fast to start), never one found on PATH. */
export const HOOK_SHEBANG = "#!/opt/bottle/node/bin/node";

/** Bundles the hook into `outfile` and returns its text. */
export async function bundleHook(root: string, outfile: string): Promise<string> {
  await bundleForNode({
    entry: join(root, "cli/hook/hook_main.ts"),
    outfile,
    root,
    // CommonJS: the image's Node runs an extensionless script as CommonJS.
    format: "cjs",
    minify: true,
  });
  const text = await Deno.readTextFile(outfile);
  const bundled =
    `${HOOK_SHEBANG}\n// bottle's policy hook, bundled from cli/hook/ by \`deno task gen\`: do not edit.\n${text}`;
  await Deno.writeTextFile(outfile, bundled);
  return bundled;
}

if (import.meta.main) {
  const root = join(import.meta.dirname!, "..");
  const text = await bundleHook(root, join(root, HOOK_BUNDLE));
  console.log(`wrote ${HOOK_BUNDLE} (${(text.length / 1024).toFixed(0)} KiB)`);
}
