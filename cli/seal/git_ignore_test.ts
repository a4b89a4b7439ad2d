import { strictEqual } from "node:assert/strict";
import { gitIgnoreOf } from "./git_ignore.ts";
import { NO_SEAL } from "./workspace_seal.ts";

Deno.test("gitIgnoreOf() anchors every masked path and escapes pattern characters", () => {
  const text = gitIgnoreOf({
    ...NO_SEAL,
    masked: [
      { path: ".env", kind: "file", pattern: ".env" },
      { path: "a/.ssh", kind: "folder", pattern: ".ssh" },
      { path: "x/#[1]*.key", kind: "file", pattern: "*.key" },
    ],
  });
  strictEqual(
    text.split("\n").slice(1).join("\n"),
    "/.env\n/a/.ssh/\n/x/\\#\\[1\\]\\*.key\n",
  );
});
