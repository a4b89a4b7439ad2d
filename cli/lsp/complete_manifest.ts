/**
 * Completion in claude-bottle.json: property names (documented by the schema)
 * where a key goes, and where a value goes the schema's enum values and
 * defaults, common egress hosts, skill folders found on disk and the
 * `{ "fromHost": … }` form. Pure: the disk is reached through `skills`.
 */
import { findNodeAtLocation, type Node, parseTree } from "jsonc-parser";
import {
  type CompletionItem,
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  type Position,
} from "vscode-languageserver";
import { MANIFEST_SCHEMA } from "../manifest/analyze_manifest.ts";
import { DEFAULT_CREDENTIAL_ENV } from "../manifest/resolve_bottles.ts";
import type { SchemaNode } from "../manifest/validate_schema.ts";
import type { ValuePath } from "../manifest/value_path.ts";
import { COMMON_EGRESS_HOSTS } from "./common_egress_hosts.ts";
import { type CursorContext, cursorContext } from "./cursor_context.ts";
import { alternatives, descriptionAt, propertiesAt, resolveSchema, schemaAt } from "./schema_at.ts";
import type { SkillFolder } from "./skill_folders.ts";

/** What completion needs to know about the document and the client. */
export interface CompletionInput {
  readonly text: string;
  readonly offset: number;
  readonly positionAt: (offset: number) => Position;
  /** The client accepts snippets (`$1` tab stops). */
  readonly snippets: boolean;
  /** Skill folders on disk, asked for only when completing inside `skills`. */
  readonly skills: () => readonly SkillFolder[];
}

/** Runtimes worth offering: the default and gVisor, the stronger boundary. */
const RUNTIMES: ReadonlyArray<readonly [string, string]> = [
  ["runc", "the engine's default runtime"],
  ["runsc", "gVisor: a stronger boundary against kernel exploits (must be installed)"],
];

/** A value offered where a value goes. */
interface ValueOffer {
  readonly value: unknown;
  readonly kind: CompletionItemKind;
  readonly detail?: string;
  readonly documentation?: string;
  /** Raw snippet text to insert instead of the JSON value. */
  readonly snippet?: { readonly label: string; readonly body: string; readonly plain: string };
}

/** Completion items at `input.offset`; empty where nothing fits (comments, unknown keys). */
export function completeManifest(input: CompletionInput): CompletionItem[] {
  const context = cursorContext(input.text, input.offset);
  if (context === undefined) return [];
  const tree = parseTree(input.text, [], { allowTrailingComma: true, disallowComments: false });
  return context.kind === "key" ? keyItems(context, tree, input) : valueItems(context, tree, input);
}

function range(input: CompletionInput, context: CursorContext) {
  return {
    start: input.positionAt(context.replace.offset),
    end: input.positionAt(context.replace.offset + context.replace.length),
  };
}

/** Escapes text for a snippet body, where `$`, `}` and `\` are syntax. */
function escapeSnippet(text: string): string {
  return text.replace(/[\\$}]/g, "\\$&");
}

function markdown(value: string | undefined) {
  return value === undefined ? undefined : { kind: MarkupKind.Markdown, value };
}

function keyItems(
  context: CursorContext,
  tree: Node | undefined,
  input: CompletionInput,
): CompletionItem[] {
  const object = tree === undefined ? undefined : findNodeAtLocation(tree, [...context.path]);
  const present = new Set<string>();
  for (const property of object?.type === "object" ? object.children ?? [] : []) {
    const key = property.children?.[0];
    // The key being typed is in the tree too; it must not hide its own completion.
    if (key !== undefined && key.offset !== context.replace.offset) present.add(String(key.value));
  }
  const items: CompletionItem[] = [];
  for (const [name, declared] of propertiesAt(context.path)) {
    if (present.has(name)) continue;
    const shapes = alternatives(declared);
    const description = descriptionAt([...context.path, name]);
    const value = context.colonFollows ? undefined : skeleton(shapes, input.snippets);
    const nameText = JSON.stringify(name);
    const newText = value === undefined
      ? nameText
      : `${input.snippets ? escapeSnippet(nameText) : nameText}: ${value}`;
    const item: CompletionItem = {
      label: name,
      kind: CompletionItemKind.Property,
      detail: typeWords(shapes),
      filterText: context.quoted ? nameText : name,
      sortText: String(items.length).padStart(3, "0"),
      insertTextFormat: input.snippets && value !== undefined
        ? InsertTextFormat.Snippet
        : InsertTextFormat.PlainText,
      textEdit: { range: range(input, context), newText },
    };
    const documentation = markdown(description);
    if (documentation !== undefined) item.documentation = documentation;
    if (value !== undefined && input.snippets && hasValueOffers(shapes)) {
      item.command = { title: "Suggest values", command: "editor.action.triggerSuggest" };
    }
    items.push(item);
  }
  return items;
}

function hasValueOffers(shapes: readonly SchemaNode[]): boolean {
  return shapes.some((s) => s.enum !== undefined || s.type === "boolean");
}

/** The empty value a new property starts with, its cursor inside. */
function skeleton(shapes: readonly SchemaNode[], snippets: boolean): string {
  const first = shapes.length === 1 ? shapes[0] : undefined;
  const tabStop = (inner: string, plain: string) => snippets ? inner : plain;
  if (first === undefined) return tabStop('"$1"', '""');
  if (first.type === "object") return tabStop("{$1}", "{}");
  if (first.type === "array") return tabStop("[$1]", "[]");
  const fallback = (first as { default?: unknown }).default;
  if (first.type === "boolean") {
    const value = String(fallback ?? false);
    return tabStop(`\${1:${value}}`, value);
  }
  if (first.type === "number" || first.type === "integer") {
    const value = String(fallback ?? 0);
    return tabStop(`\${1:${value}}`, value);
  }
  return tabStop('"$1"', '""');
}

function typeWords(shapes: readonly SchemaNode[]): string {
  const words = shapes.map((s) =>
    s.enum !== undefined
      ? s.enum.map((v) => JSON.stringify(v)).join(" | ")
      : s.type === "array"
      ? "list"
      : s.type ?? "value"
  );
  return [...new Set(words)].join(" or ");
}

function valueItems(
  context: CursorContext,
  tree: Node | undefined,
  input: CompletionInput,
): CompletionItem[] {
  const offers = valueOffers(context.path, input);
  const taken = takenListValues(context, tree);
  const items: CompletionItem[] = [];
  const seen = new Set<string>();
  for (const offer of offers) {
    if (typeof offer.value === "string" && taken.has(offer.value)) continue;
    const json = offer.snippet?.plain ?? JSON.stringify(offer.value);
    if (seen.has(json)) continue;
    seen.add(json);
    const label = offer.snippet?.label ??
      (typeof offer.value === "string" ? offer.value : String(offer.value));
    const snippet = offer.snippet !== undefined && input.snippets;
    const item: CompletionItem = {
      label,
      kind: offer.kind,
      filterText: context.quoted ? JSON.stringify(label) : label,
      sortText: String(items.length).padStart(3, "0"),
      insertTextFormat: snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
      textEdit: { range: range(input, context), newText: snippet ? offer.snippet!.body : json },
    };
    if (offer.detail !== undefined) item.detail = offer.detail;
    const documentation = markdown(offer.documentation);
    if (documentation !== undefined) item.documentation = documentation;
    items.push(item);
  }
  return items;
}

/** Strings already in the list the cursor is in (other than the one being typed). */
function takenListValues(context: CursorContext, tree: Node | undefined): Set<string> {
  const taken = new Set<string>();
  if (tree === undefined || typeof context.path.at(-1) !== "number") return taken;
  const list = findNodeAtLocation(tree, [...context.path.slice(0, -1)]);
  for (const item of list?.type === "array" ? list.children ?? [] : []) {
    if (item.type === "string" && item.offset !== context.replace.offset) taken.add(item.value);
  }
  return taken;
}

/** Whether `path` ends with `tail` (numbers in `tail` match any list index). */
function endsWith(path: ValuePath, ...tail: ReadonlyArray<string | typeof Number>): boolean {
  if (path.length < tail.length) return false;
  return tail.every((want, i) => {
    const got = path[path.length - tail.length + i];
    return want === Number ? typeof got === "number" : got === want;
  });
}

function valueOffers(path: ValuePath, input: CompletionInput): ValueOffer[] {
  const offers: ValueOffer[] = [];
  const { shapes } = schemaAt(path);
  const description = descriptionAt(path);
  for (const shape of shapes) {
    for (const value of shape.enum ?? []) {
      offers.push({ value, kind: CompletionItemKind.EnumMember, ...doc(description) });
    }
    if (shape.type === "boolean") {
      for (const value of [true, false]) {
        offers.push({ value, kind: CompletionItemKind.Value, ...doc(description) });
      }
    }
  }
  if (endsWith(path, "egress", "allow", Number)) {
    for (const { host, purpose } of COMMON_EGRESS_HOSTS) {
      offers.push({ value: host, kind: CompletionItemKind.Value, detail: purpose });
    }
  }
  if (endsWith(path, "skills", Number)) {
    for (const skill of input.skills()) {
      offers.push({ value: skill.written, kind: CompletionItemKind.Folder, detail: skill.folder });
    }
  }
  if (endsWith(path, "runtime")) {
    for (const [value, detail] of RUNTIMES) {
      offers.push({ value, kind: CompletionItemKind.Value, detail });
    }
  }
  if (endsWith(path, "auth", "fromHost")) {
    for (const [type, name] of Object.entries(DEFAULT_CREDENTIAL_ENV)) {
      offers.push({
        value: name,
        kind: CompletionItemKind.Variable,
        detail: `the default for auth type "${type}"`,
      });
    }
  }
  const id = (MANIFEST_SCHEMA as { $id?: string }).$id;
  if (path.length === 1 && path[0] === "$schema" && id !== undefined) {
    offers.push({ value: id, kind: CompletionItemKind.Value, detail: "bottle's manifest schema" });
  }
  if (path.length >= 2 && path.at(-2) === "env" && isBottleField(path.slice(0, -2))) {
    offers.push({
      value: undefined,
      kind: CompletionItemKind.Snippet,
      detail: "copy a host variable when the bottle starts",
      ...doc(resolveSchema({ $ref: "#/$defs/fromHost" }).description),
      snippet: {
        label: '{ "fromHost": … }',
        body: '{ "fromHost": "$1" }',
        plain: '{ "fromHost": "" }',
      },
    });
  }
  for (const shape of shapes) {
    const fallback = (shape as { default?: unknown }).default;
    if (fallback !== undefined && shape.enum === undefined && shape.type !== "boolean") {
      offers.push({ value: fallback, kind: CompletionItemKind.Value, detail: "the default" });
    }
  }
  return offers;
}

/** `path` names `defaults` or one bottle: the places bottle fields live. */
function isBottleField(path: ValuePath): boolean {
  return (path.length === 1 && path[0] === "defaults") ||
    (path.length === 2 && path[0] === "bottles");
}

function doc(description: string | undefined): { documentation?: string } {
  return description === undefined ? {} : { documentation: description };
}
