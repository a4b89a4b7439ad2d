/**
 * A detached supervisor from source runs without deno.json but with exactly
 * the `bottle` permission set, and with its V8 flags; the compiled binary
 * bakes the same flags in.
 */
import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import { fileURLToPath } from "node:url";
import config from "../../deno.json" with { type: "json" };
import { permissionFlags, SUPERVISOR_V8_FLAGS, supervisorCommand } from "./self_command.ts";

Deno.test("supervisor_from_source_runs_without_config_with_the_bottle_permission_set", () => {
  const { command, args } = supervisorCommand(); // tests run under `deno`
  strictEqual(command, "deno");
  deepStrictEqual(args.slice(0, 3), ["run", "--quiet", "--no-config"]);
  ok(!args.some((a) => a.startsWith("-P") || a.startsWith("--config")), args.join(" "));
  deepStrictEqual(args.filter((a) => a.startsWith("--allow-")), [
    "--allow-read",
    "--allow-write",
    "--allow-env",
    "--allow-run=docker,debootstrap,tar,deno,bottle",
    "--allow-net",
  ]);
  strictEqual(args.at(-2), fileURLToPath(Deno.mainModule)); // cli/main.ts when bottle runs it
  strictEqual(args.at(-1), "supervise");
});

Deno.test("supervisor_runs_with_its_v8_flags_from_source_and_compiled", () => {
  const flags = `--v8-flags=${SUPERVISOR_V8_FLAGS.join(",")}`;
  ok(supervisorCommand().args.includes(flags));
  ok(config.tasks.compile.includes(` ${flags} `), config.tasks.compile);
});

Deno.test("permissionFlags() refuses what it cannot express rather than widening or dropping it", () => {
  deepStrictEqual(permissionFlags({ read: true, run: ["docker"] }), [
    "--allow-read",
    "--allow-run=docker",
  ]);
  throws(() => permissionFlags({ ffi: true }));
  throws(() => permissionFlags({ read: ["/tmp"] }));
  throws(() => permissionFlags({ run: [] }));
  throws(() => permissionFlags({ run: ["docker,sh"] }));
  throws(() => permissionFlags({ net: false }));
});
