/**
 * The program runs from source with exactly the permissions the compiled
 * binary carries (the `bottle` permission set in deno.json), and is tested
 * that way: these tests spawn `deno run -P=bottle cli/main.ts` as users do.
 */
import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { join } from "node:path";
import config from "../../deno.json" with { type: "json" };
import { ROOT } from "./source_files.ts";

/** Runs the CLI from source under the binary's permission set. */
export async function runBottle(
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  // Keep Deno's own cache and TLS settings so the run needs no download.
  const keep = ["DENO_DIR", "DENO_CERT", "DENO_TLS_CA_STORE", "SSL_CERT_FILE", "XDG_CACHE_HOME"];
  const denoEnv = Object.fromEntries(
    keep.flatMap((k) => Deno.env.get(k) === undefined ? [] : [[k, Deno.env.get(k)!]]),
  );
  if (denoEnv.DENO_DIR === undefined) denoEnv.DENO_DIR = await denoDir();
  const out = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--quiet",
      `--config=${join(ROOT, "deno.json")}`,
      "-P=bottle",
      join(ROOT, "cli/main.ts"),
      ...args,
    ],
    cwd: options.cwd ?? ROOT,
    env: { ...denoEnv, ...options.env },
    clearEnv: options.env !== undefined,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
}

let cachedDenoDir: string | undefined;
async function denoDir(): Promise<string> {
  if (cachedDenoDir !== undefined) return cachedDenoDir;
  const info = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json"],
    stdout: "piped",
  })
    .output();
  cachedDenoDir =
    (JSON.parse(new TextDecoder().decode(info.stdout)) as { denoDir: string }).denoDir;
  return cachedDenoDir;
}

Deno.test("deno.json: the bottle and compile tasks use the same permission set, and it is narrow", () => {
  match(config.tasks.bottle, /deno run --quiet -P=bottle cli\/main\.ts$/);
  match(config.tasks.compile, /deno compile -P=bottle .*cli\/main\.ts$/);
  const set = config.permissions.bottle as Record<string, unknown>;
  deepStrictEqual(set.run, ["docker", "debootstrap", "tar"], "only these programs may be run");
  ok(!("all" in set) && set.net === undefined && set.ffi === undefined, "no net, ffi or all");
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
