import { equal, ok } from "node:assert/strict";
import { describe, it } from "mocha";
import { BOTTLE_NAME_PATTERN, newBottleName } from "./new_bottle_name.ts";

describe("newBottleName()", () => {
  it("is the agent's name and four hex digits", () => {
    equal(newBottleName("dev", new Uint8Array([0x1a, 0x2b])), "dev-1a2b");
  });

  it("makes a valid name from any agent name", () => {
    for (
      const agent of [
        "Dev Box",
        "-x",
        "",
        "ÄÖ",
        "a".repeat(80),
        "UPPER.case_ok",
      ]
    ) {
      const name = newBottleName(agent, new Uint8Array([0, 255]));
      ok(BOTTLE_NAME_PATTERN.test(name), `${JSON.stringify(agent)} → ${name}`);
    }
  });

  it("still has four digits when fewer random bytes are given", () => {
    equal(newBottleName("dev", new Uint8Array([7])), "dev-0700");
  });
});
