import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { describe, it } from "mocha";
import type { BottleRow } from "../cli/parse_bottle_list.ts";
import { bottleItems, tildePath } from "./bottle_items.ts";

const row = (over: Partial<BottleRow> = {}): BottleRow => ({
  name: "dev-1a2b",
  agent: "dev",
  state: "running",
  workspace: "/home/me/project",
  mode: "interactive",
  age: "3m",
  started: "",
  supervisorAlive: true,
  ...over,
});

describe("bottleItems()", () => {
  it("shows state, agent and workspace (home as ~)", () => {
    const [item] = bottleItems([row()], "/home/me");
    equal(item?.label, "dev-1a2b");
    equal(item?.description, "running · dev · ~/project");
    ok(item?.tooltip.includes("workspace /home/me/project → /workspace"));
  });

  it("offers attach only for a running interactive bottle", () => {
    const items = bottleItems([
      row(),
      row({ name: "p", mode: "print" }),
      row({ name: "e", state: "exited" }),
      row({ name: "o", state: "orphaned" }),
    ], "/home/me");
    deepStrictEqual(items.map((i) => i.contextValue), [
      "bottle.running.attachable",
      "bottle.running",
      "bottle.exited",
      "bottle.orphaned",
    ]);
  });

  it("marks an orphaned bottle with a warning that says why", () => {
    const [item] = bottleItems([row({ state: "orphaned" })], "/home/me");
    equal(item?.icon.id, "warning");
    ok(item?.tooltip.includes("supervisor is gone"));
  });
});

describe("tildePath()", () => {
  it("shortens only paths under home", () => {
    deepStrictEqual(
      [
        tildePath("/home/me", "/home/me"),
        tildePath("/home/me/a", "/home/me"),
        tildePath("/home/meow", "/home/me"),
      ],
      ["~", "~/a", "/home/meow"],
    );
  });
});
