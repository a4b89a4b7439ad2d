/**
 * Writes cli/manifest/manifest_types.generated.ts from the schema (run with
 * `deno task gen`). The file is excluded from `deno fmt`, so the render is
 * formatted here, through standard input, the way schema_test.ts checks it.
 */
import schema from "../schemas/claude-bottle.schema.json" with { type: "json" };
import { renderManifestTypes } from "./render_manifest_types.ts";
import type { SchemaNode } from "../cli/manifest/validate_schema.ts";

const target = new URL("../cli/manifest/manifest_types.generated.ts", import.meta.url);
const fmt = new Deno.Command(Deno.execPath(), {
  args: ["fmt", "--ext", "ts", "-"],
  stdin: "piped",
  stdout: "piped",
}).spawn();
const writer = fmt.stdin.getWriter();
await writer.write(new TextEncoder().encode(renderManifestTypes(schema as SchemaNode)));
await writer.close();
const out = await fmt.output();
if (!out.success) throw new Error("deno fmt failed on the generated types");
await Deno.writeFile(target, out.stdout);
console.log(`wrote ${target.pathname}`);
