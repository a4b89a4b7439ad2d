import { deepStrictEqual, ok } from "node:assert/strict";
import type { CodeAction, TextEdit } from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { TEST_HOST } from "../manifest/test_host.ts";
import { bufferDiagnostics } from "./manifest_diagnostics.ts";
import { quickFixes } from "./quick_fixes.ts";

const URI = "file:///proj/claude-bottle.json";

function fixes(text: string): { document: TextDocument; actions: CodeAction[] } {
  const document = TextDocument.create(URI, "claude-bottle", 1, text);
  const diagnostics = bufferDiagnostics(text, TEST_HOST, (o) => document.positionAt(o));
  const actions = quickFixes({
    uri: URI,
    text,
    positionAt: (o) => document.positionAt(o),
    offsetAt: (p) => document.offsetAt(p),
  }, diagnostics);
  return { document, actions };
}

function apply(document: TextDocument, action: CodeAction | undefined): string {
  const edits: TextEdit[] = action?.edit?.changes?.[URI] ?? [];
  return TextDocument.applyEdits(document, edits);
}

/** The codes left after applying the action titled `title`. */
function codesAfter(text: string, title: string): string[] {
  const { document, actions } = fixes(text);
  const action = actions.find((a) => a.title === title);
  ok(action !== undefined, `no "${title}" among ${JSON.stringify(actions.map((a) => a.title))}`);
  const fixed = apply(document, action);
  return bufferDiagnostics(fixed, TEST_HOST, (o) => document.positionAt(o)).map((d) =>
    String(d.code)
  );
}

Deno.test("quickFixes() renames a misspelt key to validate's suggestion, which clears it", () => {
  const text = '{ "bottles": { "dev": { "egres": { "allow": [] } } } }';
  deepStrictEqual(fixes(text).actions.map((a) => [a.title, a.isPreferred]), [
    ['Rename "egres" to "egress"', true],
  ]);
  deepStrictEqual(codesAfter(text, 'Rename "egres" to "egress"'), []);
});

Deno.test("quickFixes() does not rename onto a key that already exists", () => {
  deepStrictEqual(fixes('{ "bottles": { "d": { "egres": {}, "egress": {} } } }').actions, []);
});

Deno.test("quickFixes() corrects a misspelt enum value", () => {
  const text = '{ "bottles": { "d": { "auth": { "type": "oath" } } } }';
  deepStrictEqual(codesAfter(text, 'Change "oath" to "oauth"'), []);
});

Deno.test("quickFixes() narrows an over-broad wildcard to a common host, or removes it", () => {
  const text =
    '{ "bottles": { "d": { "egress": { "allow": ["*.githubusercontent.com", "pypi.org"] } } } }';
  const { actions } = fixes(text);
  ok(actions.every((a) => a.isPreferred !== true), "a guessed host is never auto-applied");
  deepStrictEqual(
    codesAfter(text, 'Narrow "*.githubusercontent.com" to "raw.githubusercontent.com"'),
    [],
  );
  const { document } = fixes(text);
  const removed = apply(
    document,
    actions.find((a) => a.title === 'Remove "*.githubusercontent.com" from bottles.d.egress.allow'),
  );
  deepStrictEqual(removed, '{ "bottles": { "d": { "egress": { "allow": ["pypi.org"] } } } }');
});

Deno.test("quickFixes() removes the last wildcard with the comma before it", () => {
  const text = '{ "bottles": { "d": { "egress": { "allow": ["pypi.org", "*.com:8443"] } } } }';
  const { document, actions } = fixes(text);
  deepStrictEqual(actions.map((a) => a.title), [
    'Remove "*.com:8443" from bottles.d.egress.allow',
  ]);
  deepStrictEqual(
    apply(document, actions[0]),
    '{ "bottles": { "d": { "egress": { "allow": ["pypi.org"] } } } }',
  );
});

Deno.test("quickFixes() turns a URL in egress.allow into its host", () => {
  const text = '{ "bottles": { "d": { "egress": { "allow": ["https://github.com/org/repo"] } } } }';
  deepStrictEqual(codesAfter(text, 'Use the host "github.com"'), []);
  const port = '{ "bottles": { "d": { "egress": { "allow": ["https://example.com:8443/x"] } } } }';
  deepStrictEqual(codesAfter(port, 'Use the host "example.com:8443"'), []);
});

Deno.test("quickFixes() quotes a number where a string belongs", () => {
  const text = '{ "bottles": { "d": { "env": { "PORT": 8080 } } } }';
  deepStrictEqual(codesAfter(text, 'Write 8080 as the string "8080"'), []);
});

Deno.test("quickFixes() writes memory sizes the way docker reads them", () => {
  const text = '{ "bottles": { "d": { "resources": { "memory": "4GB" } } } }';
  deepStrictEqual(codesAfter(text, 'Write "4GB" as "4g"'), []);
});

Deno.test("quickFixes() ignores diagnostics bottle did not publish", () => {
  const text = '{ "bottles": { "dev": { "egres": {} } } }';
  const document = TextDocument.create(URI, "claude-bottle", 1, text);
  const [d] = bufferDiagnostics(text, TEST_HOST, (o) => document.positionAt(o));
  const actions = quickFixes({
    uri: URI,
    text,
    positionAt: (o) => document.positionAt(o),
    offsetAt: (p) => document.offsetAt(p),
  }, [{ ...d!, source: "another-tool" }]);
  deepStrictEqual(actions, []);
});
