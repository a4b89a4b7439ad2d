import { deepStrictEqual, equal, throws } from "node:assert/strict";
import { describe, it } from "mocha";
import { parseBottleList } from "./parse_bottle_list.ts";

/** A row exactly as `bottle ls --json` prints it. */
const LS_ROW = {
  name: "dev-1a2b",
  agent: "dev",
  state: "running",
  started: "2026-11-22T00:18:00.432Z",
  age: "3m",
  workspace: "/home/me/project",
  mode: "interactive",
  supervisorAlive: true,
  supervisorPid: 23490,
  container: "bottle-dev-1a2b",
};

describe("parseBottleList()", () => {
  it("reads the rows bottle ls prints", () => {
    deepStrictEqual(parseBottleList({ bottles: [LS_ROW] }), [{
      name: "dev-1a2b",
      agent: "dev",
      state: "running",
      workspace: "/home/me/project",
      mode: "interactive",
      age: "3m",
      started: "2026-11-22T00:18:00.432Z",
      supervisorAlive: true,
    }]);
  });

  it("sorts by name and drops rows without a name", () => {
    const rows = parseBottleList({
      bottles: [{ ...LS_ROW, name: "b" }, { ...LS_ROW, name: "" }, null, {
        ...LS_ROW,
        name: "a",
      }],
    });
    deepStrictEqual(rows.map((r) => r.name), ["a", "b"]);
  });

  it("turns a state it does not know into unknown", () => {
    equal(
      parseBottleList({ bottles: [{ ...LS_ROW, state: "paused" }] })[0]?.state,
      "unknown",
    );
  });

  it("counts a supervisor as alive only when ls says true", () => {
    equal(
      parseBottleList({ bottles: [{ ...LS_ROW, supervisorAlive: "yes" }] })[0]
        ?.supervisorAlive,
      false,
    );
  });

  it("throws when the result has no list", () => {
    throws(() => parseBottleList({ name: "x" }), /printed no list of bottles/);
  });
});
