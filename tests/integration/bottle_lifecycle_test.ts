/**
 * A bottle's life on a real engine: teardown leaves nothing but the audit
 * log, a killed supervisor takes the bottle's egress with it at once and
 * `gc` removes what is left, `stop` is idempotent, bottles started side
 * by side share nothing, and a supervisor keeps only one docker CLI running.
 */
import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { join } from "node:path";
import { runDocker } from "../../cli/engine/docker.ts";
import { AGENT_LATEST } from "../../cli/image/image_tag.ts";
import { engineGate } from "../helpers/docker_available.ts";
import {
  bottleFixture,
  containerExists,
  curlThroughEgress,
  eventually,
  pathExists,
} from "../helpers/bottle_fixture.ts";
import { textReply, toolUse } from "../helpers/fake_messages_api.ts";
import { denoCacheDir, jsonResult, REPO_ROOT } from "../helpers/run_bottle.ts";

const engine = await engineGate([AGENT_LATEST]);
const opts = { ignore: engine.ignore, sanitizeOps: false, sanitizeResources: false };

Deno.test("teardown_after_agent_exit_leaves_only_the_logs", opts, async () => {
  engine.assertReady();
  const f = await bottleFixture();
  try {
    f.api.script({ events: textReply("all done") });
    const run = await f.bottle(["start", "--print", "--yes", "--name", "td", "--prompt", "hi"]);
    equal(run.code, 0, run.stderr);
    ok(run.stdout.includes("all done"));
    equal(await containerExists("td"), false, "the container is gone");
    const dir = join(f.stateRoot, "td");
    for (const gone of ["sock", "config", "control.sock", "managed-settings.json", "agent.env"]) {
      equal(await pathExists(join(dir, gone)), false, `${gone} is removed`);
    }
    ok(await pathExists(join(dir, "audit.jsonl")), "the audit log stays");
    const audit = await f.bottle(["audit", "td", "--json"]);
    ok(audit.stdout.includes('"channel":"api"'), audit.stdout);
  } finally {
    await f.close();
  }
});

Deno.test("print_mode_exit_status_is_the_agents", opts, async () => {
  engine.assertReady();
  const f = await bottleFixture();
  try {
    // An upstream that fails every request makes `claude -p` fail: bottle passes that on.
    f.api.script(...Array.from({ length: 12 }, () => ({
      respond: () =>
        new Response('{"type":"error","error":{"type":"invalid_request_error","message":"no"}}', {
          status: 400,
          headers: { "content-type": "application/json" },
        }),
    })));
    const run = await f.bottle(["start", "--print", "--yes", "--name", "st", "--prompt", "hi"]);
    ok(run.code !== 0, `agent failure must not exit 0 (stderr: ${run.stderr})`);
    equal(await containerExists("st"), false);
  } finally {
    await f.close();
  }
});

Deno.test("killed_supervisor_leaves_bottle_without_egress_and_gc_removes_it", opts, async () => {
  engine.assertReady();
  const f = await bottleFixture();
  const upstream = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (upstream.addr as Deno.NetAddr).port;
  const serving = (async () => {
    for await (const conn of upstream) {
      const buffer = new Uint8Array(4096);
      await conn.read(buffer).catch(() => null);
      await conn.write(
        new TextEncoder().encode(
          "HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok",
        ),
      ).catch(() => 0);
      conn.close();
    }
  })().catch(() => {});
  try {
    await f.manifest({ egress: { allow: [`127.0.0.1:${port}`] } });
    const start = await f.bottle(["start", "--detach", "--yes", "--name", "k9"]);
    equal(start.code, 0, start.stderr);
    // The host's loopback server, granted as ip:port, is reached through the egress proxy.
    const curl = ["exec", "k9", "--", ...curlThroughEgress("-m", "3", `http://127.0.0.1:${port}/`)];
    const before = await f.bottle(curl);
    equal(before.stdout, "ok", `egress works while supervised: ${before.stderr}`);

    const pid = (JSON.parse(
      await Deno.readTextFile(join(f.stateRoot, "k9", "supervisor.json")),
    ) as { pid: number }).pid;
    await new Deno.Command("kill", { args: ["-9", String(pid)] }).output();
    const killedAt = performance.now();
    // Within 1 s of the kill, the bottle reaches nothing.
    const probe = await runDocker([
      "exec",
      "bottle-k9",
      ...curlThroughEgress("-m", "1", `http://127.0.0.1:${port}/`),
    ]);
    const seconds = (performance.now() - killedAt) / 1000;
    ok(probe.code !== 0 && probe.stdout !== "ok", "no egress after the supervisor died");
    ok(seconds < 2, `probe finished in ${seconds.toFixed(2)} s`);

    const ls = jsonResult(await f.bottle(["ls", "--json"]));
    const row = (ls.bottles as Array<Record<string, unknown>>).find((b) => b.name === "k9");
    equal(row?.state, "orphaned");
    equal(row?.supervisorAlive, false);

    const gc = jsonResult(await f.bottle(["gc", "--json"]));
    deepStrictEqual(gc.orphans, ["k9"]);
    equal(await containerExists("k9"), false);
    equal(await pathExists(join(f.stateRoot, "k9", "sock")), false);
  } finally {
    upstream.close();
    await serving;
    await f.close();
  }
});

Deno.test("stop_is_idempotent_and_tears_down_a_detached_bottle", opts, async () => {
  engine.assertReady();
  const f = await bottleFixture();
  try {
    equal((await f.bottle(["start", "--detach", "--yes", "--name", "sp"])).code, 0);
    ok(await containerExists("sp"));
    const stop = jsonResult(await f.bottle(["stop", "sp", "--json"]));
    deepStrictEqual(stop.stopped, ["sp"]);
    equal(await containerExists("sp"), false);
    ok(
      await eventually(async () => !(await pathExists(join(f.stateRoot, "sp", "control.sock")))),
      "the supervisor exits and removes its control socket",
    );
    const again = await f.bottle(["stop", "sp", "--json"]);
    equal(again.code, 0);
    deepStrictEqual(jsonResult(again).notRunning, ["sp"]);
  } finally {
    await f.close();
  }
});

/** The command lines of the processes `pid` started that still run. */
async function childCommandLines(pid: number): Promise<string[]> {
  const lines: string[] = [];
  for await (const task of Deno.readDir(`/proc/${pid}/task`)) {
    const children = await Deno.readTextFile(`/proc/${pid}/task/${task.name}/children`)
      .catch(() => "");
    for (const child of children.split(" ").filter((c) => c !== "")) {
      const cmdline = await Deno.readTextFile(`/proc/${child}/cmdline`).catch(() => "");
      if (cmdline !== "") lines.push(cmdline.split("\0").filter((a) => a !== "").join(" "));
    }
  }
  return lines;
}

Deno.test(
  "a_detached_supervisor_keeps_one_docker_cli_and_runs_with_its_memory_flags",
  opts,
  async () => {
    engine.assertReady();
    const f = await bottleFixture();
    try {
      equal((await f.bottle(["start", "--detach", "--yes", "--name", "one"])).code, 0);
      const pid = (JSON.parse(
        await Deno.readTextFile(join(f.stateRoot, "one", "supervisor.json")),
      ) as { pid: number }).pid;
      const argv = (await Deno.readTextFile(`/proc/${pid}/cmdline`)).split("\0");
      ok(
        argv.includes("--no-config") && argv.includes("--v8-flags=--max-semi-space-size=1"),
        argv.join(" "),
      );
      // Only `docker logs --follow` follows the bottle; `docker wait` runs once it has ended.
      let children: string[] = [];
      ok(
        await eventually(async () => {
          children = await childCommandLines(pid);
          return children.length === 1;
        }),
        children.join("\n"),
      );
      ok(/docker logs --follow -- bottle-one$/.test(children[0]!), children[0]);
    } finally {
      await f.close();
    }
  },
);

Deno.test("five_bottles_at_once_are_isolated_from_each_other", opts, async () => {
  engine.assertReady();
  const f = await bottleFixture();
  const names = ["iso1", "iso2", "iso3", "iso4", "iso5"];
  try {
    const starts = await Promise.all(
      names.map((name) => f.bottle(["start", "--detach", "--yes", "--name", name])),
    );
    for (const run of starts) equal(run.code, 0, run.stderr);
    for (const name of names) {
      // Each sees its own sockets only, and no process of another bottle.
      const seen = await f.bottle([
        "exec",
        name,
        "--",
        "sh",
        "-c",
        "ls /run/bottle; ls /proc | grep -c '^[0-9]'; cat /proc/1/cmdline | tr '\\0' ' '; echo; hostname",
      ]);
      equal(seen.code, 0, seen.stderr);
      const lines = seen.stdout.trim().split("\n");
      deepStrictEqual(lines.slice(0, 4), ["api.sock", "egress.sock", "hook.sock", "trust.json"]);
      ok(Number(lines[4]) < 40, `only its own processes: ${lines[4]}`);
      equal(lines.at(-1), name);
      // The other bottles' state folders are not reachable from inside.
      const probe = await f.bottle([
        "exec",
        name,
        "--",
        "sh",
        "-c",
        `ls ${f.stateRoot} 2>&1; ls /run/bottle/../ 2>&1 | grep -c sock || true`,
      ]);
      ok(!names.filter((n) => n !== name).some((n) => probe.stdout.includes(n)), probe.stdout);
    }
    // A marker written in one bottle's /tmp is invisible to the others.
    await f.bottle(["exec", "iso1", "--", "sh", "-c", "echo secret > /tmp/marker"]);
    for (const name of names.slice(1)) {
      const look = await f.bottle(["exec", name, "--", "test", "-e", "/tmp/marker"]);
      equal(look.code, 1, `${name} must not see iso1's /tmp`);
    }
    const ls = jsonResult(await f.bottle(["ls", "--json"]));
    deepStrictEqual(
      (ls.bottles as Array<Record<string, unknown>>).map((b) => [b.name, b.state]),
      names.map((n) => [n, "running"]),
    );
  } finally {
    await f.close();
  }
});

Deno.test("agent_bash_tool_call_runs_inside_the_bottle", opts, async () => {
  engine.assertReady();
  const f = await bottleFixture();
  try {
    f.api.script(
      { events: toolUse("Bash", { command: "echo inside-$(id -u) > /workspace/proof.txt" }) },
      { events: textReply("wrote it") },
    );
    const run = await f.bottle(["start", "--print", "--yes", "--name", "tool", "--prompt", "go"]);
    equal(run.code, 0, run.stderr);
    equal((await Deno.readTextFile(join(f.workspace, "proof.txt"))).trim(), "inside-1000");
  } finally {
    await f.close();
  }
});

Deno.test("sigterm_to_a_foreground_bottle_tears_it_down", opts, async () => {
  engine.assertReady();
  const f = await bottleFixture();
  try {
    // The model's reply never ends: only the signal can end this run.
    f.api.script({
      events: textReply("slow", "never", "done"),
      before: () => new Promise((resolve) => setTimeout(resolve, 120_000)),
    });
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--quiet",
        `--config=${REPO_ROOT}deno.json`,
        "-P=bottle",
        `${REPO_ROOT}cli/main.ts`,
        "start",
        "--print",
        "--yes",
        "--name",
        "sig",
        "--prompt",
        "hi",
      ],
      cwd: f.workspace,
      env: { ...f.env, DENO_DIR: Deno.env.get("DENO_DIR") ?? await denoCacheDir() },
      clearEnv: true,
      stdin: "null",
      stdout: "null",
      stderr: "null",
    }).spawn();
    ok(
      await eventually(() => Promise.resolve(f.api.requests.length > 0), 60_000),
      "the agent reached the model",
    );
    ok(await containerExists("sig"));
    child.kill("SIGTERM");
    const status = await child.status;
    ok(status.code !== 0, "a torn-down run does not report success");
    equal(await containerExists("sig"), false, "the container is gone");
    equal(await pathExists(join(f.stateRoot, "sig", "sock")), false, "the sockets are gone");
  } finally {
    await f.close();
  }
});

Deno.test("dry_run_checks_everything_shows_the_preflight_and_starts_nothing", opts, async () => {
  engine.assertReady();
  const f = await bottleFixture();
  try {
    const run = await f.bottle(["start", "--detach", "--dry-run", "--name", "dry", "--json"]);
    equal(run.code, 0, run.stderr);
    const result = jsonResult(run);
    equal(result.dryRun, true);
    equal(result.name, "dry");
    ok((result.preflightLines as string[])[0]?.startsWith("bottle dry (agent "), run.stdout);
    ok(run.stderr.includes("egress"), "the preflight is printed too");
    equal(await containerExists("dry"), false, "a dry run started a container");
    equal(await pathExists(join(f.stateRoot, "dry")), false, "a dry run prepared a state folder");
    // The checks are real: a missing image is refused as it would be by a real start.
    await f.manifest({ image: "bottle-agent:no-such-tag" });
    const missing = await f.bottle(["start", "--dry-run", "--name", "dry", "--json"]);
    equal(missing.code, 4, missing.stdout);
    ok(missing.stdout.includes("engine.image_missing"), missing.stdout);
  } finally {
    await f.close();
  }
});

/** Host processes running `bottle supervise` from this checkout. */
async function supervisorProcesses(): Promise<number[]> {
  const pids: number[] = [];
  for await (const entry of Deno.readDir("/proc")) {
    if (!/^\d+$/.test(entry.name)) continue;
    const argv = await Deno.readTextFile(`/proc/${entry.name}/cmdline`).catch(() => "");
    const words = argv.split("\0");
    if (words.includes("supervise") && words.some((w) => w.startsWith(REPO_ROOT))) {
      pids.push(Number(entry.name));
    }
  }
  return pids;
}

Deno.test("a_refused_detached_start_leaves_no_supervisor_behind", opts, async () => {
  engine.assertReady();
  const f = await bottleFixture();
  try {
    // `bottle start --detach` starts its supervisor before it has read the manifest; each
    // refusal below comes later, and the waiting supervisor must go with it.
    const before = await supervisorProcesses();
    const badName = await f.bottle(["start", "--detach", "--yes", "--name", "Not A Name"]);
    equal(badName.code, 2, badName.stderr);
    await f.manifest({ resources: { memory: "lots" } });
    const badManifest = await f.bottle(["start", "-dy", "--name", "refused"]);
    equal(badManifest.code, 3, badManifest.stderr);
    ok(
      await eventually(async () =>
        (await supervisorProcesses()).filter((pid) => !before.includes(pid)).length === 0
      ),
      "a supervisor outlived the start that was refused",
    );
    equal(await pathExists(join(f.stateRoot, "refused")), false, "a refused start left state");
  } finally {
    await f.close();
  }
});
