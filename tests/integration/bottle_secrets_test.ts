/**
 * The real credential's one road: from the host variable, through the
 * supervisor's memory, onto the wire toward the upstream — and nowhere else.
 * Proves that the model answers through the API proxy with the real
 * credential, that the agent only ever holds a phantom, and that the real
 * credential is in no argv, container config, log, audit line, state file or
 * CLI output (and the phantom in no audit line) — and the same for a granted
 * credential's real value, whose phantom is what the bottle holds.
 */
import { deepStrictEqual, equal, match, notEqual, ok } from "node:assert/strict";
import { join } from "node:path";
import { runDocker } from "../../cli/engine/docker.ts";
import { crc32Base62, hasCrc32Base62Suffix } from "../../proxy/dlp/crc32_base62.ts";
import { AGENT_LATEST } from "../../cli/image/image_tag.ts";
import {
  type BottleFixture,
  bottleFixture,
  eventually,
  REAL_CREDENTIAL,
} from "../helpers/bottle_fixture.ts";
import { engineGate } from "../helpers/docker_available.ts";
import {
  type RecordedRequest,
  textReply,
  toolResultOf,
  toolUse,
} from "../helpers/fake_messages_api.ts";
import { type BottleRun, jsonResult } from "../helpers/run_bottle.ts";

const engine = await engineGate([AGENT_LATEST]);
const opts = { ignore: engine.ignore, sanitizeOps: false, sanitizeResources: false };

/** The shape of an OAuth token: the phantom and the fixture's real credential both have it. */
const OAUTH_TOKEN = /sk-ant-oat01-[A-Za-z0-9_-]+/g;

/** Every OAuth-shaped token in `text`. */
function oauthTokens(text: string): string[] {
  return [...text.matchAll(OAUTH_TOKEN)].map((m) => m[0]);
}

/** The names of the `sources` whose text contains `secret`. */
function leaksOf(secret: string, sources: Readonly<Record<string, string>>): string[] {
  return Object.entries(sources).filter(([, text]) => text.includes(secret)).map(([n]) => n);
}

/** Everything the fake API saw, as one text (headers, targets and bodies). */
function seenByUpstream(requests: readonly RecordedRequest[]): string {
  return JSON.stringify(requests);
}

/** Checks every request the upstream saw carried exactly the real credential, and nothing else. */
function assertRealCredentialOnEveryRequest(requests: readonly RecordedRequest[]): void {
  ok(requests.length > 0, "the upstream saw no request");
  for (const request of requests) {
    match(request.target, /^\/v1\/messages(\?|$)/);
    equal(request.headers["authorization"], `Bearer ${REAL_CREDENTIAL}`);
    equal(request.headers["x-api-key"], undefined);
    // No other token (the phantom) in any header.
    deepStrictEqual(oauthTokens(JSON.stringify(request.headers)), [REAL_CREDENTIAL]);
  }
}

/** Runs the CLI of `fixture` and keeps every run, so the test can search all of their output. */
function recordingCli(fixture: BottleFixture) {
  const runs: { args: readonly string[]; run: BottleRun }[] = [];
  const cli = async (args: readonly string[]) => {
    const run = await fixture.bottle(args);
    runs.push({ args, run });
    return run;
  };
  const outputs = () =>
    Object.fromEntries(runs.flatMap(({ args, run }, i) => [
      [`#${i} bottle ${args.join(" ")} (stdout)`, run.stdout],
      [`#${i} bottle ${args.join(" ")} (stderr)`, run.stderr],
    ]));
  return { cli, outputs };
}

/** Every regular file under `dir` (and the file names themselves), read as text. */
async function filesUnder(dir: string, into: Record<string, string> = {}) {
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    into[`name of ${path}`] = path;
    if (entry.isDirectory) await filesUnder(path, into);
    else if (entry.isFile) {
      into[path] = new TextDecoder().decode(await Deno.readFile(path));
    }
  }
  return into;
}

/** `ps -eo args`: the command line of every process on the host. */
async function hostProcessArgs(): Promise<string> {
  const ps = await new Deno.Command("ps", { args: ["-eo", "args"], stdout: "piped" }).output();
  ok(ps.success, "ps failed");
  return new TextDecoder().decode(ps.stdout);
}

/** A file of /proc/PID, or "" when the process is gone. */
async function procFile(pid: number, file: string): Promise<string> {
  try {
    return new TextDecoder().decode(await Deno.readFile(`/proc/${pid}/${file}`));
  } catch {
    return "";
  }
}

Deno.test(
  "print_mode_reply_goes_through_api_proxy_with_the_real_credential",
  opts,
  async () => {
    engine.assertReady();
    const fixture = await bottleFixture("bottle-secrets-");
    try {
      fixture.api.script({ events: textReply("hello from ", "the fake API") });
      const run = await fixture.bottle([
        "start",
        "--print",
        "--yes",
        "--name",
        "print",
        "--prompt",
        "say hello",
      ]);
      equal(run.code, 0, `start --print failed (${run.code}):\n${run.stderr}`);
      equal(run.stdout.trim(), "hello from the fake API");
      assertRealCredentialOnEveryRequest(fixture.api.requests);
      // The bodies hold no credential of any kind: the agent never sent one in a body.
      for (const request of fixture.api.requests) deepStrictEqual(oauthTokens(request.body), []);

      const audit = (await Deno.readTextFile(join(fixture.stateRoot, "print", "audit.jsonl")))
        .trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
      const api = audit.filter((event) => event.channel === "api");
      equal(api.length, fixture.api.requests.length, "one audit event per forwarded request");
      for (const event of api) {
        equal(event.decision, "allow");
        equal(event.credentialInjected, true);
        equal(event.status, 200);
      }
    } finally {
      await fixture.close();
    }
  },
);

Deno.test(
  "agent_environment_holds_the_phantom_never_the_real_credential",
  opts,
  async () => {
    engine.assertReady();
    const fixture = await bottleFixture("bottle-secrets-");
    try {
      // The policy hook denies reading /proc/*/environ by default; this bottle's manifest lifts
      // that one protection, because the test's point is what those files hold.
      await fixture.manifest({ policy: { removeDefaults: ["/proc/*/environ"] } });
      // The agent's own environment, then that of every process in the bottle, one section each.
      const command = "env; for p in /proc/[0-9]*; do " +
        "echo \"== $p $(tr '\\0' ' ' <$p/cmdline)\"; tr '\\0' '\\n' <$p/environ; done";
      fixture.api.script({ events: toolUse("Bash", { command }) }, { events: textReply("done") });
      const run = await fixture.bottle([
        "start",
        "--print",
        "--yes",
        "--name",
        "envprobe",
        "--prompt",
        "show me your environment",
      ]);
      equal(run.code, 0, `start --print failed (${run.code}):\n${run.stderr}`);
      equal(run.stdout.trim(), "done");
      assertRealCredentialOnEveryRequest(fixture.api.requests);

      const result = toolResultOf(fixture.api.requests, "toolu_fake_1");
      equal(result.isError, false, result.text);
      const sections = result.text.split("\n== ");
      ok(sections.length >= 5, `too few processes listed:\n${result.text}`);
      const claude = sections.find((s) => /^\/proc\/\d+ claude /.test(s));
      ok(claude !== undefined, `no section for the claude process:\n${result.text}`);
      const phantoms = [...claude.matchAll(/^CLAUDE_CODE_OAUTH_TOKEN=(sk-ant-oat01-\S+)$/gm)];
      equal(phantoms.length, 1, claude);
      const phantom = phantoms[0]![1]!;
      notEqual(phantom, REAL_CREDENTIAL);
      ok(phantom.length >= 80, "the phantom is shaped like a real token");

      // Every token anywhere in the bottle is this phantom; the real one is nowhere.
      deepStrictEqual([...new Set(oauthTokens(result.text))], [phantom]);
      ok(!result.text.includes(REAL_CREDENTIAL), "the real credential is in the bottle");
      ok(!result.text.includes("CLAUDE_BOTTLE_OAUTH_TOKEN"), "the host variable's name leaked");
      match(result.text, /^ANTHROPIC_BASE_URL=http:\/\/127\.0\.0\.1:8080$/m);
      // And the upstream never saw the phantom in a header (checked above: only the real one).
      ok(!JSON.stringify(fixture.api.requests.map((r) => r.headers)).includes(phantom));
    } finally {
      await fixture.close();
    }
  },
);

/** The text of the tool result for `id` in a Messages API request body. */
Deno.test("real_credential_absent_from_inspect_ps_logs_and_audit", opts, async () => {
  engine.assertReady();
  // The search itself must be able to fail: it finds the credential where it is.
  deepStrictEqual(
    leaksOf(REAL_CREDENTIAL, { clean: "nothing here", planted: `a${REAL_CREDENTIAL}b` }),
    [
      "planted",
    ],
  );
  const fixture = await bottleFixture("bottle-secrets-");
  const { cli, outputs } = recordingCli(fixture);
  const name = "leakcheck";
  const container = `bottle-${name}`;
  const state = join(fixture.stateRoot, name);
  try {
    // The interactive agent starts on a prompt: one model request through the API proxy.
    fixture.api.script({ events: textReply("hello from the fake API") });
    const started = await cli(["start", "--detach", "--yes", "--name", name, "--prompt", "hi"]);
    equal(started.code, 0, `start failed (${started.code}):\n${started.stderr}`);
    ok(
      await eventually(async () => {
        const audit = await Deno.readTextFile(join(state, "audit.jsonl")).catch(() => "");
        return fixture.api.requests.length > 0 && audit.includes('"channel":"api"');
      }, 30_000),
      "the agent's first model request never reached the upstream",
    );
    // A refused egress attempt (a name that cannot exist, never looked up): an egress audit line.
    const egress = await cli([
      "exec",
      name,
      "--",
      "curl",
      "-sS",
      "-o",
      "/dev/null",
      "-w",
      "%{http_code}",
      "https://blocked.example.invalid/",
    ]);
    notEqual(egress.code, 0, "the egress proxy let an unlisted host through");
    ok(
      await eventually(async () =>
        (await Deno.readTextFile(join(state, "audit.jsonl"))).includes('"channel":"egress"')
      ),
      "the refused egress attempt is not in the audit log",
    );

    // The credential did flow, through this supervisor: the search finds it upstream.
    assertRealCredentialOnEveryRequest(fixture.api.requests);
    deepStrictEqual(
      leaksOf(REAL_CREDENTIAL, { upstream: seenByUpstream(fixture.api.requests) }),
      ["upstream"],
    );

    const inspect = await runDocker(["container", "inspect", "--", container]);
    equal(inspect.code, 0, inspect.stderr);
    const config = (JSON.parse(inspect.stdout) as { Config: { Env: string[] } }[])[0]!.Config;
    const phantomEntry = config.Env.find((e) => e.startsWith("CLAUDE_CODE_OAUTH_TOKEN="));
    ok(phantomEntry !== undefined, "the bottle has no credential variable");
    const phantom = phantomEntry.slice("CLAUDE_CODE_OAUTH_TOKEN=".length);
    notEqual(phantom, REAL_CREDENTIAL);
    match(phantom, /^sk-ant-oat01-/);

    const listed = await cli(["ls", "--json"]);
    equal(listed.code, 0, listed.stderr);
    const bottles = jsonResult(listed).bottles as { name: string; supervisorPid: number }[];
    const supervisorPid = bottles.find((b) => b.name === name)?.supervisorPid;
    ok(typeof supervisorPid === "number", listed.stdout);
    const auditJson = await cli(["audit", name, "--json"]);
    equal(auditJson.code, 0, auditJson.stderr);
    match(auditJson.stdout, /"credentialInjected":true/);
    await cli(["audit", name]);
    await cli(["logs", name]);
    const logs = await runDocker(["logs", "--", container]);

    const whileRunning: Record<string, string> = {
      "docker inspect": inspect.stdout,
      "docker logs": logs.stdout + logs.stderr,
      "ps -eo args (host)": await hostProcessArgs(),
      "supervisor argv": await procFile(supervisorPid, "cmdline"),
      "supervisor environment": await procFile(supervisorPid, "environ"),
      ...(await filesUnder(fixture.home)),
    };
    ok(whileRunning["supervisor argv"]!.includes("supervise"), "not the supervisor's argv");
    for (const file of ["supervisor.log", "agent.log", "audit.jsonl", "managed-settings.json"]) {
      ok(whileRunning[join(state, file)] !== undefined, `${file} was not searched`);
    }
    deepStrictEqual(leaksOf(REAL_CREDENTIAL, whileRunning), []);

    const stopped = await cli(["stop", name]);
    equal(stopped.code, 0, stopped.stderr);
    await cli(["gc"]);
    const afterStop = await cli(["audit", name, "--json"]);
    equal(afterStop.code, 0, afterStop.stderr);
    const leftBehind = await filesUnder(fixture.home);
    deepStrictEqual(leaksOf(REAL_CREDENTIAL, leftBehind), []);
    deepStrictEqual(leaksOf(REAL_CREDENTIAL, outputs()), []);

    // The phantom is the bottle's own secret: never in an audit line, an argv or CLI output.
    const auditLog = leftBehind[join(state, "audit.jsonl")];
    ok(auditLog !== undefined, "the audit log is kept after stop");
    const audit = { "audit.jsonl": auditLog, "bottle audit --json": afterStop.stdout };
    deepStrictEqual(leaksOf(phantom, audit), []);
    deepStrictEqual(leaksOf(phantom, outputs()), []);
    deepStrictEqual(
      leaksOf(phantom, {
        "ps -eo args (host)": whileRunning["ps -eo args (host)"]!,
        "supervisor argv": whileRunning["supervisor argv"]!,
        "supervisor environment": whileRunning["supervisor environment"]!,
        "supervisor.log": whileRunning[join(state, "supervisor.log")] ?? "",
      }),
      [],
    );
  } finally {
    await fixture.close();
  }
});

/** A granted credential's fake real value: a GitHub-shaped token with a valid checksum. */
const REAL_GH_BODY = "REALe2eGHtoken7c1d9a3f5b8e2c4d";
const REAL_GH_TOKEN = `ghp_${REAL_GH_BODY}${crc32Base62(REAL_GH_BODY)}`;

Deno.test(
  "credential_real_value_absent_from_dry_run_json_supervisor_argv_and_container_env",
  opts,
  async () => {
    engine.assertReady();
    // The searches can fail: they find the value where it is.
    deepStrictEqual(leaksOf(REAL_GH_TOKEN, { planted: `x${REAL_GH_TOKEN}` }), ["planted"]);
    const fixture = await bottleFixture("bottle-secrets-");
    const hostEnv = { HOST_GH_TOKEN: REAL_GH_TOKEN };
    const runs: Record<string, string> = {};
    const cli = async (args: string[]) => {
      const run = await fixture.bottle(args, hostEnv);
      runs[`bottle ${args.join(" ")} (stdout)`] = run.stdout;
      runs[`bottle ${args.join(" ")} (stderr)`] = run.stderr;
      return run;
    };
    const name = "credleak";
    const container = `bottle-${name}`;
    try {
      await fixture.manifest({
        credentials: {
          GH_TOKEN: { fromHost: "HOST_GH_TOKEN", hosts: ["github.com", "*.github.com"] },
        },
      });
      const dry = await cli(["start", "--dry-run", "--json", "--name", "dry"]);
      equal(dry.code, 0, `dry run failed (${dry.code}):\n${dry.stderr}`);
      const preflight = jsonResult(dry).preflight as { credentials: unknown[] };
      deepStrictEqual(preflight.credentials, [{
        name: "GH_TOKEN",
        fromHost: "HOST_GH_TOKEN",
        set: true,
        hosts: ["github.com", "*.github.com"],
        paths: [],
      }]);
      match(dry.stderr, /GH_TOKEN ← host HOST_GH_TOKEN \(set; value not shown\)/);

      fixture.api.script({ events: textReply("hello from the fake API") });
      const started = await cli(["start", "--detach", "--yes", "--name", name, "--prompt", "hi"]);
      equal(started.code, 0, `start failed (${started.code}):\n${started.stderr}`);
      ok(
        await eventually(() => Promise.resolve(fixture.api.requests.length > 0), 30_000),
        "the agent never reached the model",
      );

      const inspect = await runDocker(["container", "inspect", "--", container]);
      equal(inspect.code, 0, inspect.stderr);
      const env = (JSON.parse(inspect.stdout) as { Config: { Env: string[] } }[])[0]!.Config.Env;
      const entry = env.find((e) => e.startsWith("GH_TOKEN="));
      ok(entry !== undefined, "the bottle has no GH_TOKEN");
      const phantom = entry.slice("GH_TOKEN=".length);
      notEqual(phantom, REAL_GH_TOKEN);
      match(phantom, /^ghp_[A-Za-z0-9]{36}$/);
      ok(hasCrc32Base62Suffix(phantom.slice(4)), `${phantom}: the checksum does not hold`);
      const inBottle = await cli(["exec", name, "--", "env"]);
      equal(inBottle.code, 0, inBottle.stderr);
      ok(inBottle.stdout.includes(`GH_TOKEN=${phantom}`), "the agent's env lacks the phantom");

      const listed = await cli(["ls", "--json"]);
      const bottles = jsonResult(listed).bottles as { name: string; supervisorPid: number }[];
      const supervisorPid = bottles.find((b) => b.name === name)?.supervisorPid;
      ok(typeof supervisorPid === "number", listed.stdout);
      const logs = await runDocker(["logs", "--", container]);
      const sources: Record<string, string> = {
        ...runs,
        "docker inspect": inspect.stdout,
        "docker logs": logs.stdout + logs.stderr,
        "ps -eo args (host)": await hostProcessArgs(),
        "supervisor argv": await procFile(supervisorPid, "cmdline"),
        "supervisor environment": await procFile(supervisorPid, "environ"),
        ...(await filesUnder(fixture.home)),
      };
      ok(sources["supervisor argv"]!.includes("supervise"), "not the supervisor's argv");
      deepStrictEqual(leaksOf(REAL_GH_TOKEN, sources), []);
    } finally {
      await fixture.close();
    }
  },
);
