/**
 * The whole manifest check in one pure step: bytes or text in, every problem
 * (syntax, schema, semantics) out, plus the typed manifest when there is no
 * error. `bottle validate`, `bottle start` and the language server all call it.
 */
import { getNodeValue } from "jsonc-parser";
import schemaJson from "../../schemas/claude-bottle.schema.json" with { type: "json" };
import { checkSemantics, type HostView } from "./check_semantics.ts";
import { type PlacedDiagnostic, placeDiagnostics } from "./diagnostic.ts";
import type { Manifest } from "./manifest_types.generated.ts";
import { type ParsedJsonc, parseJsonc, parseJsoncText } from "./parse_jsonc.ts";
import { type SchemaNode, validateSchema } from "./validate_schema.ts";

/** The manifest schema as the validator sees it. */
export const MANIFEST_SCHEMA = schemaJson as SchemaNode;

/** Everything known about one manifest text. */
export interface ManifestAnalysis {
  readonly text: string;
  /** All problems, sorted by position. */
  readonly diagnostics: readonly PlacedDiagnostic[];
  /** The manifest, present only when no diagnostic is an error. */
  readonly manifest: Manifest | undefined;
}

/** Checks manifest bytes as read from disk (size and encoding included). */
export function analyzeManifestBytes(
  bytes: Uint8Array,
  host: HostView,
  fileSize = bytes.length,
): ManifestAnalysis {
  return analyze(parseJsonc(bytes, fileSize), host);
}

/** Checks manifest text, such as an editor's unsaved buffer. */
export function analyzeManifestText(text: string, host: HostView): ManifestAnalysis {
  return analyze(parseJsoncText(text), host);
}

function analyze(parsed: ParsedJsonc, host: HostView): ManifestAnalysis {
  const { text, tree } = parsed;
  const found = [...parsed.diagnostics];
  if (tree !== undefined) {
    found.push(...validateSchema(tree, MANIFEST_SCHEMA));
    found.push(...checkSemantics(tree, host));
  }
  const diagnostics = placeDiagnostics(text, found);
  const ok = tree !== undefined && !diagnostics.some((d) => d.severity === "error");
  return { text, diagnostics, manifest: ok ? getNodeValue(tree) as Manifest : undefined };
}
