/**
 * Writes cli/manifest/manifest_types.generated.ts from the schema (run with
 * `deno task gen`). The file is excluded from `deno fmt`, so the render is
 * formatted here, through standard input, the way schema_test.ts checks it.
 */
import schema from "../schemas/claude-bottle.schema.json" with { type: "json" };
import { renderFormattedManifestTypes } from "./render_manifest_types.ts";
import type { SchemaNode } from "../cli/manifest/validate_schema.ts";

const target = new URL("../cli/manifest/manifest_types.generated.ts", import.meta.url);
await Deno.writeTextFile(target, await renderFormattedManifestTypes(schema as SchemaNode));
console.log(`wrote ${target.pathname}`);
