import { deepStrictEqual } from "node:assert/strict";
import { startIntent } from "./head_start.ts";

Deno.test("startIntent() sees a detached start, with its flags anywhere and combined", () => {
  for (
    const args of [
      ["start", "--detach"],
      ["start", "reviewer", "-d", "--yes"],
      ["start", "-dy"],
      ["--json", "start", "--yes", "--detach"],
      ["-m", "other.json", "start", "-yd"],
      ["--manifest", "start", "start", "--detach"],
    ]
  ) deepStrictEqual(startIntent(args), { detach: true }, args.join(" "));
});

Deno.test("startIntent() sees a foreground start", () => {
  for (
    const args of [
      ["start"],
      ["start", "--print", "--yes", "--prompt", "go"],
      ["start", "--", "--detach"],
    ]
  ) deepStrictEqual(startIntent(args), { detach: false }, args.join(" "));
});

Deno.test("startIntent() has no head start for other commands, help or a dry run", () => {
  for (
    const args of [
      [],
      ["ls"],
      ["validate", "start"],
      ["-m", "start"],
      ["--manifest", "start", "ls"],
      ["start", "--help"],
      ["start", "-h", "--detach"],
      ["start", "--dry-run", "--detach"],
      ["supervise"],
    ]
  ) deepStrictEqual(startIntent(args), undefined, args.join(" "));
});
