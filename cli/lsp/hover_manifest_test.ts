import { ok, strictEqual } from "node:assert/strict";
import { TextDocument } from "vscode-languageserver-textdocument";
import type { HostView } from "../manifest/check_semantics.ts";
import { TEST_HOST } from "../manifest/test_host.ts";
import { hoverManifest } from "./hover_manifest.ts";
import { realLspHost } from "./lsp_host.ts";

/** Hover text at the first character after `needle` in `text` (or undefined). */
function hover(text: string, needle: string, host: HostView = TEST_HOST): string | undefined {
  const document = TextDocument.create("file:///proj/claude-bottle.json", "jsonc", 1, text);
  const result = hoverManifest({
    text,
    offset: text.indexOf(needle) + 1,
    positionAt: (o) => document.positionAt(o),
    host,
  });
  return (result?.contents as { value: string } | undefined)?.value;
}

const MANIFEST = JSON.stringify({
  defaults: { auth: { type: "apiKey" } },
  bottles: {
    dev: {
      workspace: "./nowhere",
      skills: ["./skills/review", "./skills/empty"],
      env: { A: { fromHost: "SET_VAR" }, B: { fromHost: "UNSET_VAR" } },
      egress: { allow: ["*.corp.example:8443"] },
      auth: {},
    },
  },
});

Deno.test("hoverManifest() shows the schema's description of the field", () => {
  const text = hover(MANIFEST, '"egress"');
  ok(text?.startsWith("`bottles.dev.egress`\n\nWhere the bottle may connect to"), text);
});

Deno.test("hoverManifest() says whether a fromHost variable is set", () => {
  ok(hover(MANIFEST, '"SET_VAR"')?.includes("Host variable `SET_VAR` is set on this host."));
  ok(hover(MANIFEST, '"UNSET_VAR"')?.includes("`UNSET_VAR` is **not set** on this host"));
});

Deno.test("hoverManifest() names the credential variable, with defaults merged in", () => {
  const text = hover(MANIFEST, '"auth":{}');
  ok(text?.includes("The credential (apiKey) comes from host variable `ANTHROPIC_API_KEY`"), text);
});

Deno.test("hoverManifest() resolves folders and says when they are missing", () => {
  ok(hover(MANIFEST, '"./nowhere"')?.includes("`/proj/nowhere`: no such folder on this host."));
  ok(hover(MANIFEST, '"./skills/review"')?.includes("`/proj/skills/review` on this host."));
  ok(hover(MANIFEST, '"./skills/empty"')?.includes("the folder has no SKILL.md"));
});

Deno.test("hoverManifest() explains what a wildcard grants and how to start a bottle", () => {
  ok(
    hover(MANIFEST, '"*.corp')?.includes(
      "Grants every subdomain of `corp.example` on port 8443, not `corp.example` itself.",
    ),
  );
  ok(hover(MANIFEST, '"dev"')?.includes("Start it with `bottle start dev`."));
});

Deno.test("hoverManifest() shows nothing off a field", () => {
  strictEqual(hover('{ "bottles": {  } }', "  }"), undefined);
});

Deno.test("hoverManifest() on the real host never shows a variable's value", () => {
  const secret = "sk-ant-value-that-must-not-leak";
  const env = (name: string) => name === "HOME" ? "/home/u" : name === "TOKEN" ? secret : undefined;
  const host = realLspHost(env).view("/proj");
  const text =
    '{ "bottles": { "d": { "auth": { "fromHost": "TOKEN" }, "env": { "X": { "fromHost": "TOKEN" } } } } }';
  for (const needle of ['"TOKEN"', '"auth"', '"X"', '"fromHost"']) {
    const shown = hover(text, needle, host) ?? "";
    ok(!shown.includes(secret), `hover on ${needle} leaks the value`);
  }
  ok(hover(text, '"TOKEN"', host)?.includes("`TOKEN` is set"), "it does say it is set");
});
