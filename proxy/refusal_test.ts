import { deepStrictEqual } from "node:assert/strict";
import { deny } from "./decision.ts";
import { denied, refusal } from "./refusal.ts";

Deno.test("denied() answers a policy deny 403 with its code, and a non-deny 500", () => {
  deepStrictEqual(denied(deny("egress.not_allowed", "x")), refusal(403, "egress.not_allowed", "x"));
  deepStrictEqual(denied({ kind: "allow" }), {
    kind: "refuse",
    status: 500,
    code: "policy.error",
    reason: "no decision",
  });
});
