import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { descriptionAt, propertiesAt, schemaAt } from "./schema_at.ts";

Deno.test("schemaAt() follows $ref, extra properties and list items", () => {
  deepStrictEqual(schemaAt(["bottles", "dev", "auth", "type"]).shapes.map((s) => s.enum), [
    ["oauth", "apiKey"],
  ]);
  deepStrictEqual(schemaAt(["defaults", "egress", "allow", 3]).shapes.map((s) => s.type), [
    "string",
  ]);
});

Deno.test("schemaAt() spreads anyOf: an env value is a string or a fromHost object", () => {
  deepStrictEqual(schemaAt(["bottles", "d", "env", "X"]).shapes.map((s) => s.type), [
    "string",
    "object",
  ]);
  deepStrictEqual(propertiesAt(["bottles", "d", "env", "X"]).map(([name]) => name), [
    "fromHost",
    "secret",
  ]);
});

Deno.test("schemaAt() is empty off the schema (an unknown key)", () => {
  deepStrictEqual(schemaAt(["bottles", "d", "nope"]).shapes, []);
  strictEqual(descriptionAt(["bottles", "d", "nope"]), undefined);
});

Deno.test("descriptionAt() prefers the field's own description to its type's", () => {
  strictEqual(descriptionAt(["defaults"])?.startsWith("Settings merged into every bottle"), true);
  strictEqual(descriptionAt(["bottles", "dev"])?.startsWith("What one bottle is granted"), true);
  strictEqual(
    descriptionAt(["bottles", "dev", "env", "GH", "fromHost"]),
    "Name of the host environment variable to copy.",
  );
});
