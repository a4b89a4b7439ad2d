/**
 * The program runs from source with exactly the permissions the compiled
 * binary carries (the `bottle` permission set in deno.json), and is tested
 * that way: these tests spawn `deno run -P=bottle cli/main.ts` as users do.
 */
import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { join } from "node:path";
import { runBottle } from "../helpers/run_bottle.ts";
import config from "../../deno.json" with { type: "json" };

Deno.test("deno.json: the bottle and compile tasks use the same permission set, and it is narrow", () => {
  match(config.tasks.bottle, /deno run --quiet -P=bottle cli\/main\.ts$/);
  match(config.tasks.compile, /deno compile -P=bottle .*cli\/main\.ts$/);
  const set = config.permissions.bottle as Record<string, unknown>;
  // docker for bottles and images, debootstrap and tar for the base image; deno (from source)
  // or bottle (the binary, by its name on PATH) to start a detached supervisor.
  deepStrictEqual(
    set.run,
    ["docker", "debootstrap", "tar", "deno", "bottle"],
    "only these programs may be run",
  );
  // The proxies listen on unix sockets and connect to granted hosts (the policy decides which).
  strictEqual(set.net, true);
  ok(!("all" in set) && set.ffi === undefined && set.sys === undefined, "no ffi, sys or all");
});

Deno.test("the CLI works under its own permission set: validate, init, schema", async () => {
  const dir = await Deno.makeTempDir({ prefix: "bottle-perm-" });
  try {
    const env = { HOME: dir, PATH: Deno.env.get("PATH") ?? "" };
    const init = await runBottle(["init"], { cwd: dir, env });
    strictEqual(init.code, 0, init.stderr);
    const valid = await runBottle(["validate", "--json"], { cwd: dir, env });
    strictEqual(valid.code, 0, valid.stderr);
    strictEqual(JSON.parse(valid.stdout).valid, true);
    await Deno.writeTextFile(
      join(dir, "claude-bottle.json"),
      '{ "bottles": { "x": { "image": 1 } } }',
    );
    const invalid = await runBottle(["validate"], { cwd: dir, env });
    strictEqual(invalid.code, 3);
    ok(
      invalid.stdout.includes(
        "claude-bottle.json:1:32: error: bottles.x.image must be a string, not a number",
      ),
    );
    const schema = await runBottle(["schema"], { cwd: dir, env });
    strictEqual(schema.code, 0);
    strictEqual(JSON.parse(schema.stdout).title, "claude-bottle.json");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("the process exit status is the command's (usage error exits 2)", async () => {
  const r = await runBottle(["no-such-command"]);
  strictEqual(r.code, 2);
  match(r.stderr, /^bottle: unknown command 'no-such-command'/);
});
