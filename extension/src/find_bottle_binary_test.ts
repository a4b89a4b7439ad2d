import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { describe, it } from "mocha";
import { findBottleBinary, missingBinaryMessage } from "./find_bottle_binary.ts";

const lookup = (
  setting: string,
  executables: string[],
  pathEnv = "/usr/local/bin:/usr/bin",
) => ({
  setting,
  pathEnv,
  home: "/home/me",
  isExecutable: (path: string) => executables.includes(path),
});

describe("findBottleBinary()", () => {
  it("finds bottle on PATH, first folder first", () => {
    deepStrictEqual(
      findBottleBinary(
        lookup("", ["/usr/bin/bottle", "/usr/local/bin/bottle"]),
      ),
      { found: true, path: "/usr/local/bin/bottle" },
    );
  });

  it("uses the setting over PATH", () => {
    deepStrictEqual(
      findBottleBinary(
        lookup("/opt/bottle/bin/bottle", [
          "/opt/bottle/bin/bottle",
          "/usr/bin/bottle",
        ]),
      ),
      { found: true, path: "/opt/bottle/bin/bottle" },
    );
  });

  it("expands ~/ in the setting to the home folder", () => {
    deepStrictEqual(
      findBottleBinary(lookup("~/bin/bottle", ["/home/me/bin/bottle"])),
      {
        found: true,
        path: "/home/me/bin/bottle",
      },
    );
  });

  it("looks a bare name in the setting up on PATH", () => {
    deepStrictEqual(
      findBottleBinary(lookup("bottle-dev", ["/usr/bin/bottle-dev"])),
      {
        found: true,
        path: "/usr/bin/bottle-dev",
      },
    );
  });

  it("does not fall back to PATH when the setting names a missing program", () => {
    const result = findBottleBinary(
      lookup("/nope/bottle", ["/usr/bin/bottle"]),
    );
    deepStrictEqual(result, {
      found: false,
      looked: ["/nope/bottle"],
      fromSetting: true,
    });
  });

  it("refuses a relative path in the setting", () => {
    const result = findBottleBinary(lookup("bin/bottle", ["bin/bottle"]));
    equal(result.found, false);
  });

  it("ignores relative folders on PATH (a folder-dependent lookup)", () => {
    equal(
      findBottleBinary(lookup("", ["bin/bottle"], "bin:/usr/bin")).found,
      false,
    );
  });

  it("says where it looked when nothing is found", () => {
    const result = findBottleBinary(lookup("", []));
    ok(!result.found);
    deepStrictEqual(result.looked, [
      "/usr/local/bin/bottle",
      "/usr/bin/bottle",
    ]);
    ok(missingBinaryMessage(result).includes("not on PATH"));
  });
});
