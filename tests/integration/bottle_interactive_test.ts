/**
 * Interactive bottles in a real terminal (a tmux pseudo-terminal on the
 * host): the first screen is Claude Code's prompt with no onboarding, a typed
 * prompt gets the model's reply on screen, the foreground bottle ends with
 * the agent, and a detached session survives its terminal closing: attaching
 * again shows the same session.
 */
import { equal, ok } from "node:assert/strict";
import { join } from "node:path";
import { AGENT_LATEST } from "../../cli/image/image_tag.ts";
import { engineGate } from "../helpers/docker_available.ts";
import {
  bottleCommandLine,
  type BottleFixture,
  bottleFixture,
  containerExists,
  eventually,
} from "../helpers/bottle_fixture.ts";
import { textReply } from "../helpers/fake_messages_api.ts";
import { hostTmux } from "../helpers/host_tmux.ts";

const engine = await engineGate([AGENT_LATEST]);
const opts = { ignore: engine.ignore, sanitizeOps: false, sanitizeResources: false };

/** Words of the first-run screens Claude Code shows when it is not pre-seeded. */
const ONBOARDING =
  /Choose the text style|Do you trust the files|Select login method|API key|Press Enter to continue/;

/** A shell script line that runs `bottle ARGS` with the fixture's environment (read from a 0600 file, never argv). */
async function bottleScript(f: BottleFixture, args: string): Promise<string> {
  const envFile = join(f.home, "env.sh");
  const lines = Object.entries(f.env).map(([k, v]) => `export ${k}='${v}'`);
  for (const name of ["DENO_DIR", "DENO_CERT"]) {
    const value = Deno.env.get(name);
    if (value !== undefined) lines.push(`export ${name}='${value}'`);
  }
  await Deno.writeTextFile(envFile, lines.join("\n") + "\n", { mode: 0o600 });
  return `. ${envFile}; cd ${f.workspace}; ${bottleCommandLine()} ${args}`;
}

Deno.test("foreground_session_starts_without_onboarding_and_shows_the_reply", opts, async () => {
  engine.assertReady();
  const f = await bottleFixture();
  const tmux = hostTmux();
  const exitFile = join(f.home, "exit-status");
  try {
    f.api.script({ events: textReply("Reply from the fake model") });
    const script = await bottleScript(f, "start --yes --name fg");
    await tmux.run("fg", `${script}; echo $? > ${exitFile}; sleep 60`);
    ok(
      await eventually(async () => (await tmux.screen("fg")).includes("Claude Code v"), 60_000),
      `Claude Code's screen: ${await tmux.screen("fg")}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const first = await tmux.screen("fg");
    ok(!ONBOARDING.test(first), `no onboarding prompt:\n${first}`);

    await tmux.keys("fg", "-l", "hello there");
    await tmux.keys("fg", "Enter");
    ok(
      await eventually(
        async () => (await tmux.screen("fg")).includes("Reply from the fake model"),
        30_000,
      ),
      `reply on screen:\n${await tmux.screen("fg")}`,
    );
    const asked = f.api.requests.some((r) => r.body.includes("hello there"));
    ok(asked, "the typed prompt reached the model");

    await tmux.keys("fg", "-l", "/exit");
    await tmux.keys("fg", "Enter");
    ok(
      await eventually(async () => {
        try {
          return (await Deno.readTextFile(exitFile)).trim() !== "";
        } catch {
          return false;
        }
      }, 30_000),
      `bottle start returned:\n${await tmux.screen("fg")}`,
    );
    equal((await Deno.readTextFile(exitFile)).trim(), "0");
    equal(await containerExists("fg"), false, "the bottle is removed when the agent exits");
  } finally {
    await tmux.close();
    await f.close();
  }
});

Deno.test("attach_after_closing_the_terminal_shows_the_same_session", opts, async () => {
  engine.assertReady();
  const f = await bottleFixture();
  const tmux = hostTmux();
  try {
    f.api.script({ events: textReply("First answer, kept in the session") });
    equal((await f.bottle(["start", "--detach", "--yes", "--name", "att"])).code, 0);
    await tmux.run("one", await bottleScript(f, "attach att; sleep 60"));
    ok(
      await eventually(async () => (await tmux.screen("one")).includes("Claude Code v"), 60_000),
      `attached screen:\n${await tmux.screen("one")}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await tmux.keys("one", "-l", "remember this");
    await tmux.keys("one", "Enter");
    ok(
      await eventually(
        async () => (await tmux.screen("one")).includes("First answer, kept in the session"),
        30_000,
      ),
      `reply:\n${await tmux.screen("one")}`,
    );
    // Closing the terminal detaches: the bottle keeps running.
    await tmux.kill("one");
    await new Promise((resolve) => setTimeout(resolve, 500));
    ok(await containerExists("att"), "the bottle survives its terminal");
    const ls = await f.bottle(["ls"]);
    ok(/att\s+dev\s+running/.test(ls.stdout), ls.stdout);

    await tmux.run("two", await bottleScript(f, "attach att; sleep 60"));
    ok(
      await eventually(
        async () => (await tmux.screen("two")).includes("First answer, kept in the session"),
        30_000,
      ),
      `the same session, with its history:\n${await tmux.screen("two")}`,
    );
    // The typed prompt is in the same session's history: on this screen, or (when re-attaching
    // at another terminal size made Claude Code redraw and push it above the visible lines) in the
    // in-bottle session's scrollback.
    const history = await f.bottle([
      "exec",
      "att",
      "--",
      "tmux",
      "capture-pane",
      "-p",
      "-S",
      "-",
      "-t",
      "agent",
    ]);
    ok(
      (await tmux.screen("two")).includes("remember this") ||
        history.stdout.includes("remember this"),
      `the typed prompt is gone from the session:\n${history.stdout}`,
    );
  } finally {
    await tmux.close();
    await f.close();
  }
});

Deno.test("preflight_asks_and_a_no_starts_nothing", opts, async () => {
  engine.assertReady();
  const f = await bottleFixture();
  const tmux = hostTmux();
  const exitFile = join(f.home, "exit-status");
  try {
    await tmux.run(
      "ask",
      `${await bottleScript(f, "start --name asked")}; echo $? > ${exitFile}; sleep 60`,
    );
    ok(
      await eventually(async () => (await tmux.screen("ask")).includes("Start this bottle? [y/N]")),
      `the question:\n${await tmux.screen("ask")}`,
    );
    const screen = await tmux.screen("ask");
    ok(screen.includes("egress      none"), screen);
    await tmux.keys("ask", "n", "Enter");
    ok(
      await eventually(async () => {
        try {
          return (await Deno.readTextFile(exitFile)).trim() !== "";
        } catch {
          return false;
        }
      }),
    );
    equal((await Deno.readTextFile(exitFile)).trim(), "5", "declined: exit status 5");
    equal(await containerExists("asked"), false);
  } finally {
    await tmux.close();
    await f.close();
  }
});
