/**
 * Renders the manifest's TypeScript types from its JSON Schema, so the two
 * cannot drift: `deno task gen` writes cli/manifest/manifest_types.ts, and a
 * unit test fails when the committed file differs from a fresh render.
 */
import type { SchemaNode } from "../cli/manifest/validate_schema.ts";

const HEADER =
  `// Generated from schemas/claude-bottle.schema.json by \`deno task gen\`. Do not edit.
// A unit test fails when this file and the schema disagree.
`;

/** The full text of manifest_types.ts for `schema`. */
export function renderManifestTypes(schema: SchemaNode & { title?: string }): string {
  const blocks: string[] = [];
  const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

  const doc = (text: string | undefined, indent: string): string => {
    if (text === undefined) return "";
    const safe = text.replaceAll("*/", "*\\/");
    return `${indent}/** ${safe} */\n`;
  };

  const typeOf = (node: SchemaNode, name: string): string => {
    if (node.$ref !== undefined) return pascal(node.$ref.replace("#/$defs/", ""));
    if (node.anyOf !== undefined) {
      return node.anyOf.map((b, i) => typeOf(b, `${name}${i}`)).join(" | ");
    }
    if (node.enum !== undefined) return node.enum.map((v) => JSON.stringify(v)).join(" | ");
    switch (node.type) {
      case "string":
        return "string";
      case "number":
      case "integer":
        return "number";
      case "boolean":
        return "boolean";
      case "array":
        return `readonly (${typeOf(node.items ?? {}, `${name}Item`)})[]`;
      case "object":
        if (node.properties !== undefined) {
          emitInterface(name, node);
          return name;
        }
        if (typeof node.additionalProperties === "object") {
          return `Readonly<Record<string, ${typeOf(node.additionalProperties, `${name}Value`)}>>`;
        }
        return "Readonly<Record<string, unknown>>";
      default:
        return "unknown";
    }
  };

  const emitInterface = (name: string, node: SchemaNode): void => {
    const required = new Set(node.required ?? []);
    const lines: string[] = [];
    for (const [key, prop] of Object.entries(node.properties ?? {})) {
      const propName = /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? key : JSON.stringify(key);
      const type = typeOf(prop, `${name}${pascal(key.replace(/[^A-Za-z0-9]/g, ""))}`);
      lines.push(
        `${doc(prop.description, "  ")}  readonly ${propName}${
          required.has(key) ? "" : "?"
        }: ${type};`,
      );
    }
    blocks.push(`${doc(node.description, "")}export interface ${name} {\n${lines.join("\n")}\n}\n`);
  };

  for (const [name, def] of Object.entries(schema.$defs ?? {})) {
    const typeName = pascal(name);
    if (def.type === "object" && def.properties !== undefined) emitInterface(typeName, def);
    else {blocks.push(
        `${doc(def.description, "")}export type ${typeName} = ${typeOf(def, typeName)};\n`,
      );}
  }
  emitInterface("Manifest", schema);
  return `${HEADER}\n${blocks.join("\n")}`;
}
