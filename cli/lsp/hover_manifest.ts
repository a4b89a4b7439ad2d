/**
 * Hover text in claude-bottle.json: the schema's description of the field
 * under the cursor, and what it resolves to on this host where that helps —
 * the folder a path names and whether it exists, and for host variables only
 * whether they are set. A variable's value is never read, so it cannot appear.
 */
import {
  findNodeAtLocation,
  findNodeAtOffset,
  getNodePath,
  type Node,
  parseTree,
} from "jsonc-parser";
import { type Hover, MarkupKind, type Position } from "vscode-languageserver";
import { parseEgressRule } from "../../proxy/egress_rule.ts";
import type { HostView } from "../manifest/check_semantics.ts";
import { DEFAULT_CREDENTIAL_ENV } from "../manifest/resolve_bottles.ts";
import { resolveManifestPath } from "../manifest/resolve_path.ts";
import { toDisplay, type ValuePath } from "../manifest/value_path.ts";
import { descriptionAt } from "./schema_at.ts";

/** What hover needs: the text, the cursor, and the host as the checks see it. */
export interface HoverInput {
  readonly text: string;
  readonly offset: number;
  readonly positionAt: (offset: number) => Position;
  readonly host: HostView;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The hover for the key or value at `input.offset`, or undefined off any field. */
export function hoverManifest(input: HoverInput): Hover | undefined {
  const tree = parseTree(input.text, [], { allowTrailingComma: true, disallowComments: false });
  if (tree === undefined) return undefined;
  const node = findNodeAtOffset(tree, input.offset, true);
  if (node === undefined || node.type === "property") return undefined;
  const isKey = node.parent?.type === "property" && node.parent.children?.[0] === node;
  if (!isKey && (node.type === "object" || node.type === "array")) return undefined;
  const path = getNodePath(node);
  if (path.length === 0) return undefined;
  const description = descriptionAt(path);
  const lines = [`\`${toDisplay(path)}\``];
  if (description !== undefined) lines.push(description);
  lines.push(...resolvedNotes(tree, path, input.host));
  if (lines.length === 1) return undefined;
  return {
    contents: { kind: MarkupKind.Markdown, value: lines.join("\n\n") },
    range: {
      start: input.positionAt(node.offset),
      end: input.positionAt(node.offset + node.length),
    },
  };
}

function stringAt(tree: Node, path: ValuePath): string | undefined {
  const node = findNodeAtLocation(tree, [...path]);
  return node?.type === "string" ? String(node.value) : undefined;
}

/** Lines saying what the field resolves to on this host, where that is useful. */
export function resolvedNotes(tree: Node, path: ValuePath, host: HostView): string[] {
  const last = path.at(-1);
  const bottle = bottlePathOf(path);
  if (path.length === 2 && path[0] === "bottles") {
    return [`Start it with \`bottle start ${String(path[1])}\`.`];
  }
  if (last === "fromHost") {
    const name = stringAt(tree, path);
    return name === undefined ? [] : [variableNote(name, host)].filter((l) => l !== "");
  }
  if (bottle !== undefined && (last === "auth" || (last === "type" && path.at(-2) === "auth"))) {
    return [credentialNote(tree, bottle, host)].filter((l) => l !== "");
  }
  if (last === "workspace" || (typeof last === "number" && path.at(-2) === "skills")) {
    const written = stringAt(tree, path);
    if (written === undefined || written === "") return [];
    const folder = resolveManifestPath(written, host.baseDir, host.home);
    if (!host.isDirectory(folder)) return [`\`${folder}\`: no such folder on this host.`];
    if (last !== "workspace" && !host.isFile(`${folder}/SKILL.md`)) {
      return [`\`${folder}\`: the folder has no SKILL.md.`];
    }
    return [`\`${folder}\` on this host.`];
  }
  if (typeof last === "number" && path.at(-2) === "allow" && path.at(-3) === "egress") {
    const written = stringAt(tree, path);
    const parsed = written === undefined ? undefined : parseEgressRule(written);
    if (parsed?.kind === "rule" && parsed.rule.kind === "suffix") {
      const port = parsed.rule.port === undefined ? "" : ` on port ${parsed.rule.port}`;
      return [
        `Grants every subdomain of \`${parsed.rule.suffix}\`${port}, not \`${parsed.rule.suffix}\` itself.`,
      ];
    }
  }
  return [];
}

/** `["bottles", NAME]` or `["defaults"]` when `path` is inside one. */
function bottlePathOf(path: ValuePath): ValuePath | undefined {
  if (path[0] === "defaults") return ["defaults"];
  if (path[0] === "bottles" && path.length >= 3) return path.slice(0, 2);
  return undefined;
}

/** Whether host variable `name` is set — never its value. */
function variableStatus(name: string, host: HostView): string {
  return host.hasEnv(name)
    ? "is set on this host"
    : "is **not set** on this host; `bottle start` will refuse until it is";
}

function variableNote(name: string, host: HostView): string {
  return ENV_NAME.test(name) ? `Host variable \`${name}\` ${variableStatus(name, host)}.` : "";
}

/** Which host variable the bottle's credential comes from (defaults merged in), and whether it is set. */
function credentialNote(tree: Node, bottle: ValuePath, host: HostView): string {
  const pick = (key: string) =>
    stringAt(tree, [...bottle, "auth", key]) ?? stringAt(tree, ["defaults", "auth", key]);
  const type = pick("type") === "apiKey" ? "apiKey" : "oauth";
  const name = pick("fromHost") ?? DEFAULT_CREDENTIAL_ENV[type];
  if (!ENV_NAME.test(name)) return "";
  return `The credential (${type}) comes from host variable \`${name}\`, which ${
    variableStatus(name, host)
  }.`;
}
