/** Writes cli/manifest/manifest_types.ts from the schema (run with `deno task gen`). */
import schema from "../schemas/claude-bottle.schema.json" with { type: "json" };
import { renderManifestTypes } from "./render_manifest_types.ts";
import type { SchemaNode } from "../cli/manifest/validate_schema.ts";

const target = new URL("../cli/manifest/manifest_types.ts", import.meta.url);
await Deno.writeTextFile(target, renderManifestTypes(schema as SchemaNode));
const fmt = await new Deno.Command(Deno.execPath(), { args: ["fmt", "--quiet", target.pathname] })
  .output();
if (!fmt.success) throw new Error("deno fmt failed on the generated types");
console.log(`wrote ${target.pathname}`);
