/**
 * The agent image under the flags every bottle runs with: proves that the
 * hardening holds inside a real container (no capabilities, no privilege
 * gain, non-root, no network but loopback, read-only root) and that the
 * pinned Claude Code runs there.
 */
import { deepStrictEqual, equal, match, notEqual, ok } from "node:assert/strict";
import { runDocker } from "../../cli/engine/docker.ts";
import { AGENT_LATEST } from "../../cli/image/image_tag.ts";
import { engineGate } from "../helpers/docker_available.ts";

const engine = await engineGate([AGENT_LATEST]);

/** The hardening flags of a bottle (the full argv builder comes with `bottle start`). */
const HARDENED = [
  "--network",
  "none",
  "--read-only",
  "--cap-drop",
  "ALL",
  "--security-opt",
  "no-new-privileges",
  "--user",
  "1000:1000",
];

/** Runs `sh -c script` in a hardened, throw-away agent container; returns its standard output. */
async function inBottle(script: string): Promise<string> {
  const result = await runDocker([
    "run",
    "--rm",
    ...HARDENED,
    "--entrypoint",
    "sh",
    AGENT_LATEST,
    "-c",
    script,
  ]);
  equal(result.code, 0, `container failed (${result.code}): ${result.stderr}`);
  return result.stdout;
}

function test(name: string, fn: () => Promise<void>): void {
  Deno.test({
    name,
    ignore: engine.ignore,
    fn: async () => {
      engine.assertReady();
      await fn();
    },
  });
}

test("agent image runs the pinned Claude Code 2.1.328", async () => {
  match(await inBottle("claude --version"), /^2\.1\.328 \(Claude Code\)/);
});

test("agent image runs as uid and gid 1000", async () => {
  equal((await inBottle("id -u; id -g")).trim(), "1000\n1000");
});

test("agent image has no effective capabilities", async () => {
  match(await inBottle("grep CapEff /proc/self/status"), /^CapEff:\s+0000000000000000$/m);
});

test("agent image cannot gain privileges (NoNewPrivs)", async () => {
  match(await inBottle("grep NoNewPrivs /proc/self/status"), /^NoNewPrivs:\s+1$/m);
});

test("agent image sees no network interface but lo", async () => {
  deepStrictEqual((await inBottle("ls /sys/class/net")).trim().split(/\s+/), ["lo"]);
  const devices = (await inBottle("tail -n +3 /proc/net/dev")).trim().split("\n")
    .map((line) => line.trim().split(":")[0]);
  deepStrictEqual(devices, ["lo"]);
});

test("agent image root file system is read-only, managed settings are root-owned", async () => {
  const out = await inBottle(
    "touch /usr/x 2>/dev/null && echo usr-writable; touch /etc/claude-code/x 2>/dev/null && echo settings-writable; " +
      "stat -c '%U %a %n' /etc/claude-code /opt/bottle; pwd; echo $HOME",
  );
  ok(!out.includes("writable"), out);
  equal(out.trim(), "root 755 /etc/claude-code\nroot 755 /opt/bottle\n/workspace\n/home/agent");
});

test("agent image carries its labels and no credential-like environment", async () => {
  const inspect = await runDocker([
    "image",
    "inspect",
    "--format",
    "{{json .Config}}",
    AGENT_LATEST,
  ]);
  equal(inspect.code, 0, inspect.stderr);
  const config = JSON.parse(inspect.stdout) as { Labels: Record<string, string>; Env: string[] };
  equal(config.Labels["dev.bottle.image"], "agent");
  equal(config.Labels["dev.bottle.claude-code-version"], "2.1.328");
  const names = config.Env.map((entry) => entry.split("=")[0] ?? "");
  for (const name of names) {
    notEqual(/KEY|TOKEN|SECRET|PASSWORD|CREDENTIAL|AUTH/i.test(name), true, name);
  }
});
