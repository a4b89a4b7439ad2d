import { deepStrictEqual, ok } from "node:assert/strict";
import dockerfile from "../../images/agent/Dockerfile" with { type: "text" };
import { buildContextFiles, CA_BUNDLE_FILE } from "./build_context.ts";

Deno.test("buildContextFiles() holds the Dockerfile and an always-present CA bundle", () => {
  const files = buildContextFiles({ dockerfile: "FROM x\n", caBundle: new Uint8Array() });
  deepStrictEqual(files.map((file) => file.path), ["Dockerfile", CA_BUNDLE_FILE]);
  deepStrictEqual(files[0]?.bytes, new TextEncoder().encode("FROM x\n"));
  deepStrictEqual(files[1]?.bytes, new Uint8Array());
});

Deno.test("buildContextFiles() matches what the agent Dockerfile copies", () => {
  ok(dockerfile.includes(`COPY ${CA_BUNDLE_FILE} `), "the Dockerfile must COPY the CA bundle file");
  const copies = [...dockerfile.matchAll(/^(?:COPY|ADD)\s+(?:--\S+\s+)*(\S+)/gm)].map((m) => m[1]);
  const paths = buildContextFiles({ dockerfile, caBundle: new Uint8Array() }).map((f) => f.path);
  for (const source of copies) ok(paths.includes(source ?? ""), `${source} is not in the context`);
});
