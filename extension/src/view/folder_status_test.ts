import { deepStrictEqual, equal } from "node:assert/strict";
import { describe, it } from "mocha";
import type { BottleRow } from "../cli/parse_bottle_list.ts";
import { folderStatus } from "./folder_status.ts";

const row = (
  name: string,
  workspace: string,
  state: BottleRow["state"] = "running",
): BottleRow => ({
  name,
  agent: "dev",
  state,
  workspace,
  mode: "interactive",
  age: "",
  started: "",
  supervisorAlive: true,
});

describe("folderStatus()", () => {
  it("names the folder's bottle and attaches to it on click", () => {
    const status = folderStatus(
      "/p",
      [row("other", "/q"), row("dev-1", "/p/")],
      true,
    );
    equal(status?.text, "$(package) dev-1");
    equal(status?.command, "bottle.attach");
    deepStrictEqual(status?.args, ["dev-1"]);
  });

  it("shows a state other than running", () => {
    equal(
      folderStatus("/p", [row("dev-1", "/p", "orphaned")], true)?.text,
      "$(package) dev-1 (orphaned)",
    );
  });

  it("offers Open in bottle when no bottle runs the folder", () => {
    const status = folderStatus("/p", [row("x", "/p/sub")], true);
    equal(status?.command, "bottle.openInBottle");
  });

  it("counts several bottles of one folder", () => {
    equal(
      folderStatus("/p", [row("a", "/p"), row("b", "/p")], true)?.text,
      "$(package) 2 bottles",
    );
  });

  it("is hidden in an untrusted workspace and without a folder", () => {
    equal(folderStatus("/p", [row("dev-1", "/p")], false), undefined);
    equal(folderStatus(undefined, [], true), undefined);
  });
});
