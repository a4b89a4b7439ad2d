/**
 * Checks a JSONC syntax tree against the manifest schema and reports every
 * violation with its exact range. It implements the part of JSON Schema
 * 2020-12 the manifest schema uses; `SUPPORTED_KEYWORDS` lists it, and a test
 * fails if the schema ever uses anything else.
 */
import type { Node } from "jsonc-parser";
import { closestMatch } from "./closest_match.ts";
import { type Diagnostic, diagnostic } from "./diagnostic.ts";
import { PATTERN_HINTS } from "./pattern_hints.ts";
import { toDisplay, toPointer, type ValuePath } from "./value_path.ts";

/** The subset of JSON Schema used by the manifest schema. */
export interface SchemaNode {
  readonly $ref?: string;
  readonly type?: "object" | "array" | "string" | "number" | "integer" | "boolean";
  readonly description?: string;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly additionalProperties?: SchemaNode | boolean;
  readonly propertyNames?: SchemaNode;
  readonly required?: readonly string[];
  readonly minProperties?: number;
  readonly items?: SchemaNode;
  readonly uniqueItems?: boolean;
  readonly enum?: readonly string[];
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly anyOf?: readonly SchemaNode[];
  readonly $defs?: Readonly<Record<string, SchemaNode>>;
}

/** Keywords the validator understands (annotations included). */
export const SUPPORTED_KEYWORDS: ReadonlySet<string> = new Set([
  "$schema",
  "$id",
  "$ref",
  "$defs",
  "title",
  "description",
  "default",
  "type",
  "properties",
  "additionalProperties",
  "propertyNames",
  "required",
  "minProperties",
  "items",
  "uniqueItems",
  "enum",
  "pattern",
  "minLength",
  "maxLength",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "anyOf",
]);

type NodeType = Node["type"];

const TYPE_WORDS: Record<string, string> = {
  object: "an object",
  array: "a list",
  string: "a string",
  number: "a number",
  integer: "a whole number",
  boolean: "true or false",
  null: "null",
};

/** Validates `tree` against `root` and returns every violation found. */
export function validateSchema(tree: Node, root: SchemaNode): Diagnostic[] {
  const out: Diagnostic[] = [];
  const resolve = (schema: SchemaNode): SchemaNode => {
    let current = schema;
    for (let hops = 0; current.$ref !== undefined; hops++) {
      const match = /^#\/\$defs\/(.+)$/.exec(current.$ref);
      const target = match?.[1] === undefined ? undefined : root.$defs?.[match[1]];
      if (target === undefined || hops > 16) throw new Error(`bad $ref ${current.$ref}`);
      current = target;
    }
    return current;
  };
  visit(tree, root, [], resolve, out);
  return out;
}

const compiled = new Map<string, RegExp>();

/** Undefined when `text` matches `pattern` (or there is none); else ": hint" in plain words (or ""). */
function patternMismatch(pattern: string | undefined, text: string): string | undefined {
  if (pattern === undefined) return undefined;
  let regex = compiled.get(pattern);
  if (regex === undefined) {
    regex = new RegExp(pattern, "u");
    compiled.set(pattern, regex);
  }
  if (regex.test(text)) return undefined;
  const hint = PATTERN_HINTS[pattern];
  return hint === undefined ? "" : `: ${hint}`;
}

function at(node: Node, path: ValuePath) {
  return { pointer: toPointer(path), offset: node.offset, length: node.length };
}

function typeMatches(expected: string, node: Node): boolean {
  if (expected === "integer") return node.type === "number" && Number.isInteger(node.value);
  return expected === (node.type as string);
}

function nodeTypeWord(type: NodeType): string {
  return TYPE_WORDS[type] ?? type;
}

function visit(
  node: Node,
  schemaIn: SchemaNode,
  path: ValuePath,
  resolve: (s: SchemaNode) => SchemaNode,
  out: Diagnostic[],
): void {
  const schema = resolve(schemaIn);
  const where = toDisplay(path);

  if (schema.anyOf !== undefined) {
    visitAnyOf(node, schema.anyOf, path, resolve, out);
    return;
  }
  if (schema.type !== undefined && !typeMatches(schema.type, node)) {
    const isNumber = schema.type === "integer" && node.type === "number";
    out.push(
      diagnostic(
        "error",
        "wrong-type",
        isNumber
          ? `${where} must be a whole number`
          : `${where} must be ${TYPE_WORDS[schema.type]}, not ${nodeTypeWord(node.type)}`,
        at(node, path),
      ),
    );
    return;
  }
  if (schema.enum !== undefined) {
    if (node.type !== "string" || !schema.enum.includes(node.value)) {
      const choices = schema.enum.map((v) => JSON.stringify(v)).join(", ");
      const guess = node.type === "string" ? closestMatch(node.value, schema.enum) : undefined;
      const suggestion = guess === undefined ? "" : ` (did you mean ${JSON.stringify(guess)}?)`;
      out.push(
        diagnostic(
          "error",
          "not-allowed-value",
          `${where} must be one of ${choices}${suggestion}`,
          at(node, path),
        ),
      );
    }
    return;
  }
  switch (node.type) {
    case "object":
      visitObject(node, schema, path, resolve, out);
      return;
    case "array":
      visitArray(node, schema, path, resolve, out);
      return;
    case "string":
      checkString(node, schema, path, out);
      return;
    case "number":
      checkNumber(node, schema, path, out);
      return;
    default:
      return;
  }
}

function visitAnyOf(
  node: Node,
  branches: readonly SchemaNode[],
  path: ValuePath,
  resolve: (s: SchemaNode) => SchemaNode,
  out: Diagnostic[],
): void {
  const results = branches.map((branch) => {
    const found: Diagnostic[] = [];
    visit(node, branch, path, resolve, found);
    return { branch: resolve(branch), found };
  });
  if (results.some((r) => r.found.length === 0)) return;
  const sameType = results.filter((r) =>
    r.branch.type !== undefined && typeMatches(r.branch.type, node)
  );
  const only = sameType[0];
  if (sameType.length === 1 && only !== undefined) {
    out.push(...only.found);
    return;
  }
  const words = results.map((r) =>
    r.branch.type === undefined ? "a valid value" : TYPE_WORDS[r.branch.type]
  );
  const takesString = results.some((r) => r.branch.type === "string");
  const scalar = node.type === "number" || node.type === "boolean";
  const quoteHint = takesString && scalar
    ? ` (write it in quotes: ${JSON.stringify(String(node.value))})`
    : "";
  out.push(
    diagnostic(
      "error",
      "wrong-type",
      `${toDisplay(path)} must be ${words.join(" or ")}, not ${
        nodeTypeWord(node.type)
      }${quoteHint}`,
      at(node, path),
    ),
  );
}

function visitObject(
  node: Node,
  schema: SchemaNode,
  path: ValuePath,
  resolve: (s: SchemaNode) => SchemaNode,
  out: Diagnostic[],
): void {
  const where = toDisplay(path);
  const properties = node.children ?? [];
  const present = new Set<string>();
  for (const property of properties) {
    const [keyNode, valueNode] = property.children ?? [];
    if (keyNode === undefined) continue;
    const key = String(keyNode.value);
    present.add(key);
    const childPath = [...path, key];
    if (schema.propertyNames !== undefined) {
      const names = resolve(schema.propertyNames);
      const why = patternMismatch(names.pattern, key);
      if (why !== undefined) {
        out.push(
          diagnostic(
            "error",
            "invalid-key",
            `invalid key ${JSON.stringify(key)} in ${where}${why}`,
            at(keyNode, childPath),
          ),
        );
        continue;
      }
    }
    const declared = schema.properties?.[key];
    if (declared !== undefined) {
      if (valueNode !== undefined) visit(valueNode, declared, childPath, resolve, out);
      continue;
    }
    const extra = schema.additionalProperties;
    if (extra === false || (extra === undefined && schema.properties !== undefined)) {
      const known = Object.keys(schema.properties ?? {});
      const guess = closestMatch(key, known);
      const hint = guess !== undefined
        ? ` (did you mean ${JSON.stringify(guess)}?)`
        : known.length > 0
        ? ` (known keys: ${known.map((k) => JSON.stringify(k)).join(", ")})`
        : "";
      out.push(
        diagnostic(
          "error",
          "unknown-key",
          `unknown key ${JSON.stringify(key)} in ${where}${hint}`,
          at(keyNode, childPath),
        ),
      );
      continue;
    }
    if (typeof extra === "object" && valueNode !== undefined) {
      visit(valueNode, extra, childPath, resolve, out);
    }
  }
  for (const required of schema.required ?? []) {
    if (!present.has(required)) {
      out.push(
        diagnostic(
          "error",
          "missing-key",
          `${where} needs the key ${JSON.stringify(required)}`,
          { pointer: toPointer(path), offset: node.offset, length: 1 },
        ),
      );
    }
  }
  if (schema.minProperties !== undefined && properties.length < schema.minProperties) {
    out.push(
      diagnostic(
        "error",
        "too-few-entries",
        `${where} must have at least ${schema.minProperties} ${
          schema.minProperties === 1 ? "entry" : "entries"
        }`,
        at(node, path),
      ),
    );
  }
}

function visitArray(
  node: Node,
  schema: SchemaNode,
  path: ValuePath,
  resolve: (s: SchemaNode) => SchemaNode,
  out: Diagnostic[],
): void {
  const items = node.children ?? [];
  const seen = new Map<string, number>();
  items.forEach((item, i) => {
    const itemPath = [...path, i];
    if (schema.items !== undefined) visit(item, schema.items, itemPath, resolve, out);
    if (schema.uniqueItems === true && item.type === "string") {
      const first = seen.get(item.value);
      if (first !== undefined) {
        out.push(
          diagnostic(
            "error",
            "duplicate-entry",
            `${toDisplay(itemPath)} repeats ${JSON.stringify(item.value)} (already at [${first}])`,
            at(item, itemPath),
          ),
        );
      } else {
        seen.set(item.value, i);
      }
    }
  });
}

function checkString(node: Node, schema: SchemaNode, path: ValuePath, out: Diagnostic[]): void {
  const value = String(node.value);
  const where = toDisplay(path);
  const length = [...value].length;
  if (schema.minLength !== undefined && length < schema.minLength) {
    out.push(
      diagnostic(
        "error",
        "too-short",
        schema.minLength === 1
          ? `${where} must not be empty`
          : `${where} must be at least ${schema.minLength} characters`,
        at(node, path),
      ),
    );
    return;
  }
  if (schema.maxLength !== undefined && length > schema.maxLength) {
    out.push(
      diagnostic(
        "error",
        "too-long",
        `${where} is ${length} characters; the limit is ${schema.maxLength}`,
        at(node, path),
      ),
    );
    return;
  }
  const why = patternMismatch(schema.pattern, value);
  if (why !== undefined) {
    out.push(
      diagnostic(
        "error",
        "invalid-value",
        `invalid value ${JSON.stringify(value)} for ${where}${why}`,
        at(node, path),
      ),
    );
  }
}

function checkNumber(node: Node, schema: SchemaNode, path: ValuePath, out: Diagnostic[]): void {
  const value = Number(node.value);
  const where = toDisplay(path);
  let problem: string | undefined;
  if (schema.minimum !== undefined && value < schema.minimum) {
    problem = `${where} must be at least ${schema.minimum}`;
  } else if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) {
    problem = `${where} must be greater than ${schema.exclusiveMinimum}`;
  } else if (schema.maximum !== undefined && value > schema.maximum) {
    problem = `${where} must be at most ${schema.maximum}`;
  }
  if (problem !== undefined) out.push(diagnostic("error", "out-of-range", problem, at(node, path)));
}
