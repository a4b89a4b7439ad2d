/**
 * The README is part of the interface: every manifest example in it must
 * validate as written, and its reference table must name every schema field.
 */
import { deepStrictEqual, ok } from "node:assert/strict";
import { join } from "node:path";
import schemaJson from "../../schemas/claude-bottle.schema.json" with { type: "json" };
import { loadManifest } from "../../cli/manifest/load_manifest.ts";
import { ROOT } from "./source_files.ts";

const README = Deno.readTextFileSync(join(ROOT, "README.md"));

function codeBlocks(language: string): string[] {
  const fence = new RegExp("```" + language + "\\n([\\s\\S]*?)```", "g");
  return [...README.matchAll(fence)].map((m) => m[1] ?? "");
}

type Schema = {
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  $ref?: string;
};

/** Dotted paths of every manifest field, as the README's reference names them. */
function fieldPaths(): string[] {
  const defs = (schemaJson as { $defs: Record<string, Schema> }).$defs;
  const out: string[] = [];
  const walk = (node: Schema, prefix: string): void => {
    const resolved = node.$ref === undefined ? node : defs[node.$ref.replace("#/$defs/", "")] ?? {};
    for (const [key, child] of Object.entries(resolved.properties ?? {})) {
      const path = prefix === "" ? key : `${prefix}.${key}`;
      out.push(path);
      walk(child, path);
    }
    const extra = resolved.additionalProperties;
    if (typeof extra === "object" && prefix.endsWith("env")) {
      const value = defs.fromHost ?? {};
      for (const key of Object.keys(value.properties ?? {})) out.push(`${prefix}.NAME.${key}`);
    } else if (typeof extra === "object" && extra.$ref !== undefined) {
      // A map of objects (`credentials`): each field of the value, as `prefix.NAME.field`.
      walk(extra, `${prefix}.NAME`);
    }
  };
  for (const key of Object.keys((schemaJson as Schema).properties ?? {})) out.push(key);
  walk(defs.bottle ?? {}, "");
  return [...new Set(out)];
}

Deno.test("README: the reference table names every schema field", () => {
  const rows = new Set(
    [...README.matchAll(/^\|\s*`([^`]+)`\s*\|/gm)].map((m) => m[1]),
  );
  const missing = fieldPaths().filter((path) => !rows.has(path));
  deepStrictEqual(missing, []);
});

Deno.test("README: every jsonc example validates as written", async () => {
  const examples = codeBlocks("jsonc");
  ok(examples.length >= 2, "the README shows manifest examples");
  for (const example of examples) {
    const dir = await Deno.makeTempDir({ prefix: "bottle-readme-" });
    try {
      await Deno.mkdir(join(dir, "skills", "review"), { recursive: true });
      await Deno.writeTextFile(
        join(dir, "skills", "review", "SKILL.md"),
        "---\nname: review\n---\n",
      );
      const file = join(dir, "claude-bottle.json");
      await Deno.writeTextFile(file, example);
      // The examples are written for a host where the variables they name are set.
      const loaded = await loadManifest({ flag: file, cwd: dir, env: (name) => `set-${name}` });
      const problems = loaded.analysis.diagnostics.map((d) =>
        `${d.line}:${d.column}: ${d.message}`
      );
      deepStrictEqual(problems, [], example);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  }
});

Deno.test("README: CI runs the README's test command", () => {
  const testing = README.slice(README.indexOf("## Testing"));
  const command = /```sh\n([^\n]+)\n```/.exec(testing)?.[1];
  ok(command !== undefined, "the Testing section shows its command");
  ok(Deno.readTextFileSync(join(ROOT, ".ci", "run")).includes(command), `.ci/run runs ${command}`);
});
