/**
 * Keeps the schema, the validator and the generated types honest: every
 * property is described (it is the editor's hover text), the validator knows
 * every keyword used, every pattern has words, the TypeScript types match a
 * fresh render, and a real JSON Schema 2020-12 validator (ajv, test-only)
 * agrees with ours on every manifest in the corpora.
 */
import { deepStrictEqual, ok } from "node:assert/strict";
import { Ajv2020 } from "ajv/dist/2020.js";
import { getNodeValue, type ParseError, parseTree } from "jsonc-parser";
import schemaJson from "../../schemas/claude-bottle.schema.json" with { type: "json" };
import typesText from "./manifest_types.generated.ts" with { type: "text" };
import { renderFormattedManifestTypes } from "../../tools/render_manifest_types.ts";
import { INVALID_CASES } from "./testdata/invalid_corpus.ts";
import { PATTERN_HINTS } from "./pattern_hints.ts";
import { STARTER_MANIFEST } from "./starter_manifest.ts";
import { type SchemaNode, SUPPORTED_KEYWORDS, validateSchema } from "./validate_schema.ts";

type Json = Record<string, unknown>;

function walkSchemas(node: unknown, path: string, visit: (node: Json, path: string) => void): void {
  if (typeof node !== "object" || node === null || Array.isArray(node)) return;
  const schema = node as Json;
  visit(schema, path);
  for (const key of ["properties", "$defs"]) {
    const map = schema[key] as Record<string, unknown> | undefined;
    for (const [name, child] of Object.entries(map ?? {})) {
      walkSchemas(child, `${path}/${key}/${name}`, visit);
    }
  }
  for (const key of ["items", "additionalProperties", "propertyNames"]) {
    walkSchemas(schema[key], `${path}/${key}`, visit);
  }
  (schema.anyOf as unknown[] | undefined)?.forEach((b, i) =>
    walkSchemas(b, `${path}/anyOf/${i}`, visit)
  );
}

Deno.test("schema: every property and definition has a description", () => {
  const missing: string[] = [];
  walkSchemas(schemaJson, "#", (node, path) => {
    if (node.$ref === undefined && typeof node.description !== "string") missing.push(path);
  });
  deepStrictEqual(missing, []);
});

Deno.test("schema: uses only keywords the validator implements", () => {
  const unknown: string[] = [];
  walkSchemas(schemaJson, "#", (node, path) => {
    for (const key of Object.keys(node)) {
      if (!SUPPORTED_KEYWORDS.has(key)) unknown.push(`${path}: ${key}`);
    }
  });
  deepStrictEqual(unknown, []);
});

Deno.test("schema: every pattern is explained in plain words", () => {
  const unexplained: string[] = [];
  walkSchemas(schemaJson, "#", (node, path) => {
    if (typeof node.pattern === "string" && PATTERN_HINTS[node.pattern] === undefined) {
      unexplained.push(`${path}: ${node.pattern}`);
    }
  });
  deepStrictEqual(unexplained, []);
});

Deno.test("schema: manifest_types.generated.ts matches a fresh render (run `deno task gen` if not)", async () => {
  deepStrictEqual(await renderFormattedManifestTypes(schemaJson as SchemaNode), typesText);
});

Deno.test("schema: ajv (JSON Schema 2020-12) and bottle's validator agree on every corpus manifest", () => {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  const check = ajv.compile(schemaJson);
  const texts = [...INVALID_CASES.map((c) => c.text), STARTER_MANIFEST];
  let compared = 0;
  for (const text of texts) {
    const errors: ParseError[] = [];
    const tree = parseTree(text, errors, { allowTrailingComma: true });
    if (tree === undefined || errors.length > 0) continue;
    const ours = validateSchema(tree, schemaJson as SchemaNode).length === 0;
    const theirs = check(getNodeValue(tree)) === true;
    deepStrictEqual(ours, theirs, `disagreement on ${text}`);
    compared++;
  }
  ok(compared >= 50, `compared ${compared}`);
});
