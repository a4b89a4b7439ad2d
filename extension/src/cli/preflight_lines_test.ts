import { deepStrictEqual } from "node:assert/strict";
import { describe, it } from "mocha";
import { preflightLines } from "./preflight_lines.ts";

/** What `bottle start dev --detach --json` prints on stderr without a terminal and --yes. */
const STDERR = [
  "removed orphaned bottles: old-1",
  'bottle dev-1a2b (agent "dev" from /p/claude-bottle.json)',
  "  image       bottle-agent:latest",
  "  workspace   /p → /workspace (read-write)",
  "  egress      none: the bottle reaches only the model, through the API proxy",
  "warning: /p is owned by uid 0 and not writable by the bottle's user",
  "bottle: no terminal to confirm the preflight on",
  "hint: read the preflight above and pass --yes to start without asking",
  "",
].join("\n");

describe("preflightLines()", () => {
  it("keeps the preflight and the warnings after it, without the closing error", () => {
    deepStrictEqual(preflightLines(STDERR), [
      'bottle dev-1a2b (agent "dev" from /p/claude-bottle.json)',
      "  image       bottle-agent:latest",
      "  workspace   /p → /workspace (read-write)",
      "  egress      none: the bottle reaches only the model, through the API proxy",
      "warning: /p is owned by uid 0 and not writable by the bottle's user",
    ]);
  });

  it("is empty when bottle stopped before the preflight", () => {
    deepStrictEqual(
      preflightLines(
        "bottle: the image x is not in the engine\nhint: build it\n",
      ),
      [],
    );
  });
});
