/**
 * The VS Code extension end to end, in a real VS Code: code-server in
 * headless Chromium, the extension installed from its packaged .vsix, the
 * bottle CLI from this checkout on PATH, a real engine, and the fake
 * Messages API as the bottle's upstream. The browser side (extension/test/e2e/)
 * proves what the user sees; this side proves what happened behind it: the
 * typed prompt reached the model, and no container is left after Stop.
 * Screenshots of every step go to test-output/extension/.
 */
import { deepEqual, equal, ok } from "node:assert/strict";
import { join } from "node:path";
import { AGENT_LATEST } from "../../cli/image/image_tag.ts";
import { type BottleFixture, bottleFixture, containerExists } from "../helpers/bottle_fixture.ts";
import {
  buildExtension,
  chromiumPath,
  type CodeServer,
  codeServerGate,
  codeServerPath,
  installExtension,
  startCodeServer,
} from "../helpers/code_server.ts";
import { engineGate } from "../helpers/docker_available.ts";
import { textReply } from "../helpers/fake_messages_api.ts";
import { denoCacheDir, jsonResult, REPO_ROOT } from "../helpers/run_bottle.ts";

const engine = await engineGate([AGENT_LATEST]);
const editor = codeServerGate();
const opts = {
  ignore: engine.ignore || editor.ignore,
  sanitizeOps: false,
  sanitizeResources: false,
};

/** The only agent of the test's manifest: bottles are named `vscode-e2e-xxxx`, used by no other test. */
const AGENT = "vscode-e2e";
const PROMPT = "hello from the VS Code terminal";
const REPLY = "The fake model answers inside VS Code";
const SCREENSHOTS = join(REPO_ROOT, "test-output", "extension");

/** The manifest with a misspelt key on line 4 (`worksapce`), pointing at the fake API. */
function brokenManifest(upstream: string): string {
  return [
    "{",
    '  "bottles": {',
    `    "${AGENT}": {`,
    '      "worksapce": ".",',
    `      "auth": { "upstream": "${upstream}" }`,
    "    }",
    "  }",
    "}",
    "",
  ].join("\n");
}

/** Runs the browser driver and returns its JSON lines; they are echoed as they come. */
async function drive(
  driver: string,
  config: Record<string, unknown>,
  dir: string,
) {
  const configFile = join(dir, "drive.json");
  await Deno.writeTextFile(configFile, JSON.stringify(config));
  const child = new Deno.Command("node", {
    args: [driver, configFile],
    cwd: join(REPO_ROOT, "extension"),
    stdin: "null",
    stdout: "piped",
    stderr: "inherit",
  }).spawn();
  const lines: Record<string, unknown>[] = [];
  let pending = "";
  for await (const text of child.stdout.pipeThrough(new TextDecoderStream())) {
    pending += text;
    const parts = pending.split("\n");
    pending = parts.pop() ?? "";
    for (const part of parts) {
      if (part.trim() === "") continue;
      console.log(
        `  driver: ${part.length > 400 ? `${part.slice(0, 400)}…` : part}`,
      );
      try {
        lines.push(JSON.parse(part) as Record<string, unknown>);
      } catch {
        // A line that is not a report (a warning) is only shown.
      }
    }
  }
  return { status: await child.status, lines };
}

/** A workspace with bottle on PATH and the environment code-server runs with. */
interface Setup {
  readonly f: BottleFixture;
  readonly env: Record<string, string>;
  readonly vsix: string;
  readonly driver: string;
}

let built: Promise<{ vsix: string; driver: string }> | undefined;

async function setUp(manifestText: (upstream: string) => string): Promise<Setup> {
  built ??= buildExtension();
  const { vsix, driver } = await built;
  const f = await bottleFixture("bottle-vscode-e2e-");
  const manifest = join(f.workspace, "claude-bottle.json");
  await Deno.writeTextFile(manifest, manifestText(f.api.url));
  if (Deno.uid() === 0) await Deno.chown(manifest, 1000, 1000);

  // bottle on PATH as users install it: a wrapper that runs this checkout's CLI, in ~/bin,
  // which the login profile puts on PATH (VS Code takes the extensions' PATH from a login shell).
  const bin = join(f.home, "bin");
  await Deno.mkdir(bin);
  await Deno.writeTextFile(
    join(bin, "bottle"),
    `#!/bin/sh\nexec deno run --quiet --config=${REPO_ROOT}deno.json -P=bottle ${REPO_ROOT}cli/main.ts "$@"\n`,
    { mode: 0o755 },
  );
  await Deno.writeTextFile(join(f.home, ".profile"), 'PATH="$HOME/bin:$PATH"\nexport PATH\n');
  const env: Record<string, string> = {
    ...f.env,
    PATH: `${bin}:${f.env.PATH}`,
    DENO_DIR: Deno.env.get("DENO_DIR") ?? await denoCacheDir(),
    SHELL: "/bin/sh",
    LANG: "C.UTF-8",
  };
  const cert = Deno.env.get("DENO_CERT");
  if (cert !== undefined) env.DENO_CERT = cert;
  return { f, env, vsix, driver };
}

/** Starts code-server for `setup`, runs the driver with `config`, stops everything. */
async function inCodeServer(
  setup: Setup,
  restricted: boolean,
  config: Record<string, unknown>,
): Promise<Record<string, unknown>[]> {
  const server = {
    binary: codeServerPath()!,
    dir: join(setup.f.home, "code-server"),
    env: setup.env,
    restricted,
  };
  let codeServer: CodeServer | undefined;
  try {
    await installExtension(server, setup.vsix);
    codeServer = await startCodeServer(server);
    const { status, lines } = await drive(setup.driver, {
      ...config,
      url: codeServer.url,
      folder: setup.f.workspace,
      chromium: chromiumPath(),
      screenshots: SCREENSHOTS,
    }, setup.f.home);
    const failed = lines.find((line) => line.ok === false);
    ok(
      status.success && failed === undefined,
      `the browser side failed: ${JSON.stringify(failed)}`,
    );
    return lines;
  } catch (error) {
    if (codeServer !== undefined) console.log(`code-server log:\n${codeServer.log().slice(-4000)}`);
    throw error;
  } finally {
    await codeServer?.close();
  }
}

/** Names of this test's bottles that the engine still has. */
async function leftoverBottles(): Promise<string[]> {
  const listed = await new Deno.Command("docker", {
    args: ["ps", "-a", "--filter", `label=dev.bottle.agent=${AGENT}`, "--format", "{{.Names}}"],
    stdout: "piped",
    stderr: "null",
  }).output();
  return new TextDecoder().decode(listed.stdout).split("\n").filter((name) => name !== "");
}

Deno.test("vscode_extension_edits_opens_attaches_and_stops_a_bottle", opts, async () => {
  engine.assertReady();
  editor.assertReady();
  await Deno.mkdir(SCREENSHOTS, { recursive: true });
  for await (const entry of Deno.readDir(SCREENSHOTS)) {
    if (entry.name.endsWith(".png")) await Deno.remove(join(SCREENSHOTS, entry.name));
  }
  const setup = await setUp(brokenManifest);
  const { f } = setup;
  f.api.script({ events: textReply(REPLY) });
  let bottle: string | undefined;
  try {
    // Where bottle validate puts the problem: the Problems panel must say the same.
    const validation = jsonResult(await f.bottle(["validate", "--json"]));
    const diagnostics = validation.diagnostics as { line: number; column: number }[];
    equal(diagnostics.length, 1, JSON.stringify(validation));
    const lines = await inCodeServer(setup, false, {
      mode: "full",
      problem: { line: diagnostics[0]!.line, column: diagnostics[0]!.column, word: "worksapce" },
      typo: { wrong: "worksapce", right: "workspace" },
      completions: ["egress", "env", "skills"],
      agent: AGENT,
      prompt: PROMPT,
      reply: REPLY,
    });
    bottle = lines.find((line) => typeof line.bottle === "string")?.bottle as string | undefined;
    ok(bottle !== undefined, "the driver named the bottle it started");
    ok(
      f.api.requests.some((request) => request.body.includes(PROMPT)),
      `the prompt typed in VS Code's terminal reached the model; it saw: ${
        JSON.stringify(f.api.requests.map((r) => ({
          target: r.target,
          encoding: r.headers["content-encoding"],
          bytes: r.body.length,
          tail: r.body.slice(-300),
        })))
      }`,
    );
    equal(await containerExists(bottle), false, "Stop in the Bottles view left no container");
  } finally {
    await f.close();
    if (bottle !== undefined) equal(await containerExists(bottle), false);
  }
});

Deno.test("vscode_extension_starts_nothing_in_an_untrusted_workspace", opts, async () => {
  engine.assertReady();
  editor.assertReady();
  await Deno.mkdir(SCREENSHOTS, { recursive: true });
  const setup = await setUp((upstream) =>
    brokenManifest(upstream).replace("worksapce", "workspace")
  );
  try {
    const before = await leftoverBottles();
    await inCodeServer(setup, true, { mode: "untrusted" });
    equal(setup.f.api.requests.length, 0, "nothing reached the model");
    deepEqual(await leftoverBottles(), before, "no bottle was started");
  } finally {
    await setup.f.close();
  }
});
