import { deepStrictEqual } from "node:assert/strict";
import { TextDocument } from "vscode-languageserver-textdocument";
import { analyzeManifestBytes } from "../manifest/analyze_manifest.ts";
import { TEST_HOST } from "../manifest/test_host.ts";
import { analyzeBuffer, bufferDiagnostics } from "./manifest_diagnostics.ts";

function positions(text: string) {
  const document = TextDocument.create("file:///proj/claude-bottle.json", "jsonc", 1, text);
  return bufferDiagnostics(text, TEST_HOST, (o) => document.positionAt(o));
}

Deno.test("analyzeBuffer() is validate's own check of the same bytes", () => {
  for (
    const text of [
      '{ "bottles": { "d": { "egres": 1, "prompt": "🎉" } } }',
      '\uFEFF{ "bottles": {} }',
      " ".repeat(1024 * 1024 + 1),
    ]
  ) {
    deepStrictEqual(
      analyzeBuffer(text, TEST_HOST),
      analyzeManifestBytes(new TextEncoder().encode(text), TEST_HOST),
    );
  }
});

Deno.test("bufferDiagnostics() keeps code, message and pointer, and ranges in UTF-16", () => {
  deepStrictEqual(positions('{ "bottles": { "d": { "prompt": "🎉", "egres": 1 } } }'), [{
    range: { start: { line: 0, character: 38 }, end: { line: 0, character: 45 } },
    severity: 1,
    code: "unknown-key",
    source: "bottle",
    message: 'unknown key "egres" in bottles.d (did you mean "egress"?)',
    data: { pointer: "/bottles/d/egres" },
  }]);
});

Deno.test("bufferDiagnostics() places CRLF text on the lines an editor shows", () => {
  const [d] = positions('{\r\n  "bottles": {\r\n    "d": { "egres": 1 }\r\n  }\r\n}\r\n');
  deepStrictEqual(d?.range, { start: { line: 2, character: 11 }, end: { line: 2, character: 18 } });
});

Deno.test("bufferDiagnostics() reports an unset host variable as a warning", () => {
  const [d] = positions('{ "bottles": { "d": { "auth": { "fromHost": "NOPE" } } } }');
  deepStrictEqual([d?.severity, d?.code], [2, "host-env-unset"]);
});
