import { deepStrictEqual, ok } from "node:assert/strict";
import type { CompletionItem } from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { completeManifest } from "./complete_manifest.ts";
import type { SkillFolder } from "./skill_folders.ts";

/** Completion at the `|` in `marked`. */
function complete(
  marked: string,
  options: { snippets?: boolean; skills?: SkillFolder[] } = {},
): CompletionItem[] {
  const offset = marked.indexOf("|");
  const text = marked.replace("|", "");
  const document = TextDocument.create("file:///p/claude-bottle.json", "claude-bottle", 1, text);
  return completeManifest({
    text,
    offset,
    positionAt: (o) => document.positionAt(o),
    snippets: options.snippets ?? true,
    skills: () => options.skills ?? [],
  });
}

function labels(items: CompletionItem[]): string[] {
  return items.map((i) => i.label);
}

function newText(item: CompletionItem | undefined): string | undefined {
  return item?.textEdit !== undefined && "newText" in item.textEdit
    ? item.textEdit.newText
    : undefined;
}

Deno.test("completeManifest() offers every bottle field, documented, in a bottle", () => {
  const items = complete('{ "bottles": { "dev": { | } } }');
  deepStrictEqual(labels(items), [
    "image",
    "workspace",
    "workspaceReadOnly",
    "prompt",
    "env",
    "credentials",
    "skills",
    "mcpServers",
    "egress",
    "resources",
    "runtime",
    "auth",
    "api",
    "policy",
    "dlp",
    "sanitizeUnicode",
  ]);
  for (const item of items) {
    ok((item.documentation as { value: string }).value.length > 20, `${item.label} documented`);
  }
});

Deno.test("completeManifest() offers the top-level keys at the top, not bottle fields", () => {
  deepStrictEqual(labels(complete("{ | }")), ["$schema", "defaults", "bottles"]);
});

Deno.test("completeManifest() leaves out keys already present but keeps the one being typed", () => {
  const items = complete('{ "bottles": { "dev": { "image": "x", "egress|": {} } } }');
  ok(!labels(items).includes("image"));
  ok(labels(items).includes("egress"), "the key under the cursor does not hide itself");
  deepStrictEqual(newText(items.find((i) => i.label === "egress")), '"egress"', "a colon follows");
});

Deno.test("completeManifest() inserts a value skeleton, escaping snippet syntax in names", () => {
  const top = complete("{ | }");
  deepStrictEqual(newText(top.find((i) => i.label === "$schema")), '"\\$schema": "$1"');
  const bottle = complete('{ "bottles": { "d": { | } } }');
  deepStrictEqual(newText(bottle.find((i) => i.label === "egress")), '"egress": {$1}');
  deepStrictEqual(newText(bottle.find((i) => i.label === "skills")), '"skills": [$1]');
  deepStrictEqual(
    newText(bottle.find((i) => i.label === "workspaceReadOnly")),
    '"workspaceReadOnly": ${1:false}',
  );
  const plain = complete('{ "bottles": { "d": { | } } }', { snippets: false });
  deepStrictEqual(newText(plain.find((i) => i.label === "egress")), '"egress": {}');
});

Deno.test("completeManifest() offers enum values and booleans where they go", () => {
  deepStrictEqual(labels(complete('{ "bottles": { "d": { "auth": { "type": | } } } }')), [
    "oauth",
    "apiKey",
  ]);
  deepStrictEqual(labels(complete('{ "bottles": { "d": { "workspaceReadOnly": | } } }')), [
    "true",
    "false",
  ]);
  const quoted = complete('{ "bottles": { "d": { "auth": { "type": "o|" } } } }');
  deepStrictEqual(newText(quoted[0]), '"oauth"', "the whole string is replaced");
  deepStrictEqual(quoted[0]?.filterText, '"oauth"');
});

Deno.test("completeManifest() offers common egress hosts not already listed", () => {
  const hosts = labels(
    complete('{ "bottles": { "d": { "egress": { "allow": ["pypi.org", "|"] } } } }'),
  );
  ok(hosts.includes("files.pythonhosted.org") && hosts.includes("registry.npmjs.org"));
  ok(!hosts.includes("pypi.org"));
});

Deno.test("completeManifest() offers skill folders found on disk, in defaults too", () => {
  const skills = [{ written: "./skills/review", folder: "/p/skills/review" }];
  deepStrictEqual(
    labels(complete('{ "defaults": { "skills": [|] }, "bottles": {} }', { skills })),
    [
      "./skills/review",
    ],
  );
});

Deno.test("completeManifest() offers runtimes, credential variables and the fromHost form", () => {
  deepStrictEqual(labels(complete('{ "bottles": { "d": { "runtime": "|" } } }')), [
    "runc",
    "runsc",
  ]);
  deepStrictEqual(labels(complete('{ "bottles": { "d": { "auth": { "fromHost": | } } } }')), [
    "CLAUDE_BOTTLE_OAUTH_TOKEN",
    "ANTHROPIC_API_KEY",
  ]);
  const env = complete('{ "bottles": { "d": { "env": { "GH": | } } } }');
  deepStrictEqual(
    newText(env.find((i) => i.label === '{ "fromHost": … }')),
    '{ "fromHost": "$1" }',
  );
});

Deno.test("completeManifest() offers nothing for free-form names or in comments", () => {
  deepStrictEqual(complete('{ "bottles": { | } }'), []);
  deepStrictEqual(complete('{ "bottles": { "d": { "env": { | } } } }'), []);
  deepStrictEqual(complete('{ // |\n "bottles": {} }'), []);
});
