/**
 * The committed hook bundle (images/agent/bottle-hook.js, embedded in the
 * binary and copied into the image) is exactly what `deno task gen` makes from
 * cli/hook/ now: a change to the hook's code cannot ship without its bundle.
 */
import { equal, ok } from "node:assert/strict";
import { join } from "node:path";
import { bundleHook, HOOK_BUNDLE, HOOK_SHEBANG } from "../../tools/bundle_hook.ts";
import { ROOT } from "./source_files.ts";

Deno.test("the committed hook bundle is fresh (run `deno task gen` after changing cli/hook/)", {
  sanitizeResources: false,
  sanitizeOps: false,
}, async () => {
  const dir = await Deno.makeTempDir();
  try {
    const fresh = await bundleHook(ROOT, join(dir, "bottle-hook.js"));
    const committed = await Deno.readTextFile(join(ROOT, HOOK_BUNDLE));
    ok(committed.startsWith(`${HOOK_SHEBANG}\n`), "the hook runs with the image's own Node");
    equal(committed.length, fresh.length, "the bundle is stale: run `deno task gen`");
    ok(committed === fresh, "the bundle is stale: run `deno task gen`");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
