import { deepStrictEqual, equal, ok } from "node:assert/strict";
import dockerfile from "../../images/agent/Dockerfile" with { type: "text" };
import { buildContextFiles, CA_BUNDLE_FILE, HOOK_FILE, PARSER_FILES } from "./build_context.ts";
import { PARSER_WASM } from "../hook/parser_wasm_files.ts";

const PARSER = { runtime: new Uint8Array([1]), grammar: new Uint8Array([2]) };
import { hashManifestScript } from "../hook/binary/hash_manifest.ts";

Deno.test("buildContextFiles() holds the Dockerfile, an always-present CA bundle and the hook", () => {
  const files = buildContextFiles({
    dockerfile: "FROM x\n",
    caBundle: new Uint8Array(),
    hook: "// hook\n",
    parser: PARSER,
  });
  deepStrictEqual(files.map((file) => file.path), [
    "Dockerfile",
    CA_BUNDLE_FILE,
    HOOK_FILE,
    PARSER_FILES.runtime,
    PARSER_FILES.grammar,
  ]);
  deepStrictEqual(files[0]?.bytes, new TextEncoder().encode("FROM x\n"));
  deepStrictEqual(files[1]?.bytes, new Uint8Array());
  deepStrictEqual(files[2]?.bytes, new TextEncoder().encode("// hook\n"));
});

Deno.test("buildContextFiles() matches what the agent Dockerfile copies", () => {
  ok(dockerfile.includes(`COPY ${CA_BUNDLE_FILE} `), "the Dockerfile must COPY the CA bundle file");
  const copies = [...dockerfile.matchAll(/^(?:COPY|ADD)\s+(?:--\S+\s+)*(\S+)/gm)].map((m) => m[1]);
  const paths = buildContextFiles({
    dockerfile,
    caBundle: new Uint8Array(),
    hook: "",
    parser: PARSER,
  }).map((f) => f.path);
  for (const source of copies) ok(paths.includes(source ?? ""), `${source} is not in the context`);
});

Deno.test("the agent Dockerfile writes the hash manifest exactly as the hook reads it", () => {
  ok(dockerfile.includes(hashManifestScript()), "the Dockerfile must run hashManifestScript()");
  ok(dockerfile.includes(`COPY ${HOOK_FILE} /opt/bottle/bin/bottle-hook`));
  // The manifest is written after every install, so no executable is left out.
  const last = dockerfile.lastIndexOf(hashManifestScript());
  for (const install of ["apt-get install", "npm install", `COPY ${HOOK_FILE}`]) {
    ok(dockerfile.lastIndexOf(install) < last, `${install} comes after the hash manifest`);
  }
});

Deno.test("the agent Dockerfile installs the parser WebAssembly where the hook reads it", () => {
  ok(dockerfile.includes(
    `COPY ${PARSER_FILES.runtime} ${PARSER_FILES.grammar} /opt/bottle/lib/`,
  ));
  equal(PARSER_WASM.runtime, `/opt/bottle/lib/${PARSER_FILES.runtime}`);
  equal(PARSER_WASM.grammar, `/opt/bottle/lib/${PARSER_FILES.grammar}`);
});
