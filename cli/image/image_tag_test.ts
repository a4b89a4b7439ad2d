import { equal, match, notEqual } from "node:assert/strict";
import { type ImageInputs, imageTag, sha256Hex } from "./image_tag.ts";

const BASE: ImageInputs = {
  dockerfile: "FROM ${BASE_IMAGE}\n",
  buildArgs: { BASE_IMAGE: "local/debian:bookworm", CLAUDE_CODE_VERSION: "2.1.328" },
  base: { name: "local/debian:bookworm", id: "sha256:" + "a".repeat(64) },
  caBundle: new TextEncoder().encode("-----BEGIN CERTIFICATE-----\n"),
  hook: "#!/usr/bin/node\n",
  parser: { runtime: new Uint8Array([1]), grammar: new Uint8Array([2]) },
};

Deno.test("imageTag() is bottle-agent: and 16 hex digits, stable for equal inputs", async () => {
  const tag = await imageTag(BASE);
  match(tag, /^bottle-agent:[0-9a-f]{16}$/);
  equal(await imageTag({ ...BASE, buildArgs: { ...BASE.buildArgs } }), tag);
});

Deno.test("imageTag() ignores the order build arguments were given in", async () => {
  const reversed = Object.fromEntries(Object.entries(BASE.buildArgs).reverse());
  equal(await imageTag({ ...BASE, buildArgs: reversed }), await imageTag(BASE));
});

Deno.test("imageTag() changes with every input", async () => {
  const tag = await imageTag(BASE);
  const variants: ImageInputs[] = [
    { ...BASE, dockerfile: BASE.dockerfile + "RUN true\n" },
    { ...BASE, buildArgs: { ...BASE.buildArgs, CLAUDE_CODE_VERSION: "2.1.329" } },
    { ...BASE, base: { ...BASE.base, name: "debian:bookworm-slim" } },
    { ...BASE, base: { ...BASE.base, id: "sha256:" + "b".repeat(64) } },
    { ...BASE, caBundle: new Uint8Array() },
    { ...BASE, hook: BASE.hook + "// changed\n" },
    { ...BASE, parser: { ...BASE.parser, grammar: new Uint8Array([3]) } },
  ];
  for (const variant of variants) notEqual(await imageTag(variant), tag);
});

Deno.test("imageTag() does not collide when text moves between fields", async () => {
  const a = { ...BASE, base: { name: "ab", id: "c" } };
  const b = { ...BASE, base: { name: "a", id: "bc" } };
  notEqual(await imageTag(a), await imageTag(b));
});

Deno.test("sha256Hex() matches the known digest of the empty input", async () => {
  equal(
    await sha256Hex(new Uint8Array()),
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  );
});
