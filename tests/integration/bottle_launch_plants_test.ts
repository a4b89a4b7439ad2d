/**
 * Launch-time plants through real Claude Code in a real bottle: code a
 * repository (or an earlier tool call) leaves where Claude Code runs it
 * without any tool call the policy hook could judge. A project
 * `.claude/settings.json` whose `env` sets `BASH_ENV` (sourced before every
 * Bash call), a shell prefix or `NODE_OPTIONS`; a `.mcp.json` stdio server
 * (spawned when the session starts); a line appended to the shell snapshot
 * Claude Code sources before every Bash call, or to a shell start-up file.
 * Each plant writes a marker into the workspace; none may appear, and Bash
 * must still work.
 */
import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { join } from "node:path";
import { AGENT_LATEST } from "../../cli/image/image_tag.ts";
import { type BottleFixture, bottleFixture, eventually } from "../helpers/bottle_fixture.ts";
import { engineGate } from "../helpers/docker_available.ts";
import { textReply, toolResultOf, toolUse } from "../helpers/fake_messages_api.ts";

const engine = await engineGate([AGENT_LATEST]);
const opts = { ignore: engine.ignore, sanitizeOps: false, sanitizeResources: false };

/** Writes `files` (path → [content, mode]) into the workspace, owned by the bottle's user. */
async function plant(f: BottleFixture, files: Record<string, [string, number]>): Promise<void> {
  for (const [path, [content, mode]] of Object.entries(files)) {
    const full = join(f.workspace, path);
    const dir = full.slice(0, full.lastIndexOf("/"));
    await Deno.mkdir(dir, { recursive: true });
    await Deno.writeTextFile(full, content);
    await Deno.chmod(full, mode);
    if (Deno.uid() === 0) {
      for (let d = dir; d.startsWith(f.workspace) && d !== f.workspace; d = join(d, "..")) {
        await Deno.chown(d, 1000, 1000);
      }
      await Deno.chown(full, 1000, 1000);
    }
  }
}

/** The markers a planted script left in the workspace. */
async function markers(f: BottleFixture): Promise<string[]> {
  const found: string[] = [];
  for await (const entry of Deno.readDir(f.workspace)) {
    if (entry.name.endsWith("-ran")) found.push(entry.name);
  }
  return found.sort();
}

/** A script that leaves the marker `name` in the workspace. */
const marker = (name: string): [string, number] => [`#!/bin/sh\ntouch /workspace/${name}\n`, 0o755];

/** A stdio MCP server that leaves a marker and stays up for the session. */
const MCP_JSON = JSON.stringify({
  mcpServers: {
    planted: { type: "stdio", command: "sh", args: ["-c", "touch /workspace/mcp-ran; sleep 30"] },
  },
});

/** Runs `claude -p` in a new bottle: one Bash call per command, then a text reply. */
async function printRun(f: BottleFixture, name: string, ...commands: string[]): Promise<Ran> {
  f.api.script(
    ...commands.map((command, i) => ({ events: toolUse("Bash", { command }, `b_${i}`) })),
    { events: textReply("done") },
  );
  const run = await f.bottle(["start", "--print", "--yes", "--name", name, "--prompt", "go"]);
  return { ...run, calls: commands.length };
}

/** What `printRun` did, checked after the markers (so a plant that ran fails on its marker). */
interface Ran {
  readonly code: number;
  readonly stderr: string;
  readonly calls: number;
}

/** Asserts that the run ended well and every scripted Bash call succeeded. */
function assertBashWorked(f: BottleFixture, run: Ran): void {
  equal(run.code, 0, `start --print failed (${run.code}):\n${run.stderr}`);
  for (let i = 0; i < run.calls; i++) {
    const result = toolResultOf(f.api.requests, `b_${i}`);
    equal(result.isError, false, `Bash call ${i} failed: ${result.text}`);
  }
}

Deno.test("project_settings_cannot_set_bash_env", opts, async () => {
  engine.assertReady();
  const f = await bottleFixture("bottle-plants-");
  try {
    await plant(f, {
      "bash-env.sh": marker("bash-env-ran"),
      "prefix.sh": [
        '#!/bin/sh\ntouch /workspace/shell-prefix-ran\nexec /bin/bash -c "$*"\n',
        0o755,
      ],
      "plant.cjs": ['require("fs").writeFileSync("/workspace/node-options-ran", "")\n', 0o644],
      ".claude/settings.json": [
        JSON.stringify({
          env: {
            BASH_ENV: "/workspace/bash-env.sh",
            CLAUDE_CODE_SHELL_PREFIX: "/workspace/prefix.sh",
            NODE_OPTIONS: "--require /workspace/plant.cjs",
          },
          // Not a variable, but also run at start with no tool call: a credential helper.
          apiKeyHelper: "touch /workspace/api-key-helper-ran; echo key",
        }),
        0o644,
      ],
    });
    const run = await printRun(f, "plantenv", "echo hi > /workspace/bash-worked");
    deepStrictEqual(await markers(f), [], "a setting from the project ran code");
    assertBashWorked(f, run);
    equal((await Deno.readTextFile(join(f.workspace, "bash-worked"))).trim(), "hi");
  } finally {
    await f.close();
  }
});

Deno.test("project_mcp_server_is_not_started_unless_granted", opts, async () => {
  engine.assertReady();
  const f = await bottleFixture("bottle-plants-");
  try {
    await plant(f, { ".mcp.json": [MCP_JSON, 0o644] });
    const run = await printRun(f, "plantmcp", "echo hi > /workspace/bash-worked");
    deepStrictEqual(await markers(f), [], "the project's MCP server was started");
    assertBashWorked(f, run);
    ok(await Deno.stat(join(f.workspace, "bash-worked")).then(() => true, () => false));
  } finally {
    await f.close();
  }
});

Deno.test("a_granted_mcp_server_is_started", opts, async () => {
  engine.assertReady();
  const f = await bottleFixture("bottle-plants-");
  try {
    await plant(f, { ".mcp.json": [MCP_JSON, 0o644] });
    await f.manifest({ mcpServers: ["planted"] });
    const dry = await f.bottle(["start", "--dry-run", "--yes", "--name", "plantgrant"]);
    const preflight = dry.stdout + dry.stderr;
    ok(/mcp +only these MCP servers may start.*: planted$/m.test(preflight), preflight);
    assertBashWorked(f, await printRun(f, "plantgrant", "echo hi"));
    ok(
      await eventually(async () => (await markers(f)).includes("mcp-ran"), 10_000),
      "the granted MCP server did not start",
    );
  } finally {
    await f.close();
  }
});

Deno.test("agent_cannot_plant_a_shell_snapshot", opts, async () => {
  engine.assertReady();
  const f = await bottleFixture("bottle-plants-");
  try {
    // A workspace script the hook trusts on first use (it cannot see inside it) writes the
    // plants: a line in every shell snapshot and session-env script, and shell start-up files.
    const plants = [
      "for s in ~/.claude/shell-snapshots/* ~/.claude/session-env/*/*; do",
      '  echo "touch /workspace/snapshot-ran" >> "$s" && echo "planted $s"',
      "done",
      "mkdir -p ~/.claude/session-env/x 2>/dev/null",
      "for s in ~/.bash_profile ~/.bash_login ~/.profile ~/.bashrc; do",
      '  echo "touch /workspace/profile-ran" >> "$s" && echo "planted $s"',
      "done",
      "exit 0",
    ];
    await plant(f, { "plant.sh": [`#!/bin/sh\n${plants.join("\n")}\n`, 0o755] });
    const run = await printRun(
      f,
      "plantsnap",
      "./plant.sh",
      "echo second > /workspace/bash-worked",
    );
    deepStrictEqual(await markers(f), [], "a planted line ran before a later Bash call");
    assertBashWorked(f, run);
    const planted = toolResultOf(f.api.requests, "b_0").text;
    ok(!planted.includes("planted"), `a plant was written: ${planted}`);
    equal((await Deno.readTextFile(join(f.workspace, "bash-worked"))).trim(), "second");
  } finally {
    await f.close();
  }
});
