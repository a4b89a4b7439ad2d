/**
 * Looks up the manifest schema at a JSON path, so completion, hover and quick
 * fixes read the same schema `bottle validate` checks against — never a copy.
 */
import { MANIFEST_SCHEMA } from "../manifest/analyze_manifest.ts";
import type { SchemaNode } from "../manifest/validate_schema.ts";
import type { ValuePath } from "../manifest/value_path.ts";

/** Follows local `$ref`s (`#/$defs/NAME`) to the schema they name. */
export function resolveSchema(schema: SchemaNode, root: SchemaNode = MANIFEST_SCHEMA): SchemaNode {
  let current = schema;
  for (let hops = 0; current.$ref !== undefined && hops < 16; hops++) {
    const name = /^#\/\$defs\/(.+)$/.exec(current.$ref)?.[1];
    const target = name === undefined ? undefined : root.$defs?.[name];
    if (target === undefined) return {};
    current = target;
  }
  return current;
}

/** `schema` resolved, with `anyOf` branches spread out: every shape a value may take. */
export function alternatives(schema: SchemaNode, root: SchemaNode = MANIFEST_SCHEMA): SchemaNode[] {
  const resolved = resolveSchema(schema, root);
  if (resolved.anyOf === undefined) return [resolved];
  return resolved.anyOf.flatMap((branch) => alternatives(branch, root));
}

/** The schema declared for one child: a named property, else the object's extra-property or the list's item schema. */
function childOf(schema: SchemaNode, key: string | number): SchemaNode | undefined {
  if (typeof key === "number") return schema.items;
  const declared = schema.properties?.[key];
  if (declared !== undefined) return declared;
  return typeof schema.additionalProperties === "object" ? schema.additionalProperties : undefined;
}

/** What the schema says about the value at `path`. */
export interface SchemaLookup {
  /** The declarations as written (before `$ref`), which carry the field's own description. */
  readonly declared: readonly SchemaNode[];
  /** Every shape the value may take (refs resolved, `anyOf` spread). */
  readonly shapes: readonly SchemaNode[];
}

/** The schema at `path`; empty when the path leaves the schema (an unknown key). */
export function schemaAt(path: ValuePath, root: SchemaNode = MANIFEST_SCHEMA): SchemaLookup {
  let declared: SchemaNode[] = [root];
  let shapes = alternatives(root, root);
  for (const key of path) {
    declared = shapes.flatMap((shape) => {
      const child = childOf(shape, key);
      return child === undefined ? [] : [child];
    });
    shapes = declared.flatMap((child) => alternatives(child, root));
  }
  return { declared, shapes };
}

/** The description to show for the value at `path`: the field's own, else its type's. */
export function descriptionAt(
  path: ValuePath,
  root: SchemaNode = MANIFEST_SCHEMA,
): string | undefined {
  const { declared } = schemaAt(path, root);
  for (const node of declared) {
    if (node.description !== undefined) return node.description;
    const resolved = resolveSchema(node, root);
    if (resolved.description !== undefined) return resolved.description;
  }
  return undefined;
}

/** Property names the object at `path` may have, with their declarations. */
export function propertiesAt(
  path: ValuePath,
  root: SchemaNode = MANIFEST_SCHEMA,
): Array<[string, SchemaNode]> {
  const seen = new Set<string>();
  const out: Array<[string, SchemaNode]> = [];
  for (const shape of schemaAt(path, root).shapes) {
    for (const [name, declared] of Object.entries(shape.properties ?? {})) {
      if (seen.has(name)) continue;
      seen.add(name);
      out.push([name, declared]);
    }
  }
  return out;
}
