import { deepStrictEqual } from "node:assert/strict";
import { buildArgv } from "./build_argv.ts";

Deno.test("buildArgv() snapshot: tags, sorted build args and labels, context last", () => {
  deepStrictEqual(
    buildArgv({
      contextDir: "/tmp/ctx",
      tags: ["bottle-agent:0123456789abcdef", "bottle-agent:latest"],
      buildArgs: { CLAUDE_CODE_VERSION: "2.1.328", BASE_IMAGE: "local/debian:bookworm" },
      labels: { "dev.bottle.inputs": "0123", "dev.bottle.base": "local/debian:bookworm" },
      noCache: false,
    }),
    [
      "build",
      "--rm",
      "--force-rm",
      "--pull=false",
      "--tag",
      "bottle-agent:0123456789abcdef",
      "--tag",
      "bottle-agent:latest",
      "--build-arg",
      "BASE_IMAGE=local/debian:bookworm",
      "--build-arg",
      "CLAUDE_CODE_VERSION=2.1.328",
      "--label",
      "dev.bottle.base=local/debian:bookworm",
      "--label",
      "dev.bottle.inputs=0123",
      "--",
      "/tmp/ctx",
    ],
  );
});

Deno.test("buildArgv() adds --no-cache for a forced rebuild", () => {
  const argv = buildArgv({ contextDir: "/c", tags: [], buildArgs: {}, labels: {}, noCache: true });
  deepStrictEqual(argv, ["build", "--rm", "--force-rm", "--pull=false", "--no-cache", "--", "/c"]);
});
