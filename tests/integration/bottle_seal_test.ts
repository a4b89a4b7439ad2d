/**
 * The seal of a running bottle, probed from inside with `bottle exec` and
 * from outside with `docker inspect`: only loopback, no resolver, a read-only
 * root, no capabilities, no privilege gain, uid 1000, noexec scratch space,
 * and no host path but the ones the manifest grants — read-only where it says.
 * One detached bottle serves every probe of the first test; it is stopped at
 * the end whatever happens.
 */
import { deepStrictEqual, equal, match, notEqual, ok } from "node:assert/strict";
import { join } from "node:path";
import { runDocker } from "../../cli/engine/docker.ts";
import { AGENT_LATEST } from "../../cli/image/image_tag.ts";
import {
  PINNED_SHELL_FILES,
  READ_ONLY_CLAUDE_FOLDERS,
  SHELL_PROFILE_FILE,
} from "../../cli/bottle/docker_run_argv.ts";
import { type BottleFixture, bottleFixture, eventually } from "../helpers/bottle_fixture.ts";
import { engineGate } from "../helpers/docker_available.ts";
import type { BottleRun } from "../helpers/run_bottle.ts";

const engine = await engineGate([AGENT_LATEST]);

/** The agent's uid and gid inside every bottle. */
const AGENT_ID = 1000;

/** What the manifest grants the shared bottle: limits below the defaults, so they show. */
const RESOURCES = { memory: "1g", cpus: 1, pids: 256 } as const;

/** A skill the shared bottle is granted. */
const SKILL_TEXT =
  "---\nname: review\ndescription: reviews code\n---\nRead the diff, then comment.\n";

/** Separates the parts of one probe's output (never in a file the probes print). */
const CUT = "@@cut@@";

/**
 * Node's two resolvers (getaddrinfo and c-ares) asked for a public name, and a
 * UDP connect() toward each nameserver of /etc/resolv.conf (which sends no
 * packet); prints one JSON object of outcomes. Single-quote free for `sh -c`.
 */
const RESOLVER_PROBE = `
const dns = require("node:dns");
const dgram = require("node:dgram");
const fs = require("node:fs");
const outcome = (e, value) => (e ? "error " + e.code : "answer " + JSON.stringify(value));
const servers = fs.readFileSync("/etc/resolv.conf", "utf8").split("\\n")
  .filter((line) => /^nameserver\\s/.test(line)).map((line) => line.trim().split(/\\s+/)[1]);
const nameservers = {};
const connectEach = (done, i = 0) => {
  if (i === servers.length) return done();
  const socket = dgram.createSocket(servers[i].includes(":") ? "udp6" : "udp4");
  socket.connect(53, servers[i], (e) => {
    nameservers[servers[i]] = outcome(e, "connected");
    socket.close();
    connectEach(done, i + 1);
  });
};
dns.lookup("example.com", (e1, a1) =>
  dns.resolve4("example.com", (e2, a2) =>
    connectEach(() => {
      console.log(JSON.stringify({ lookup: outcome(e1, a1), resolve4: outcome(e2, a2), nameservers }));
    })));
`;

/** Runs `sh -c script` in bottle `name` as the agent (`bottle exec`). */
function inside(fixture: BottleFixture, name: string, script: string): Promise<BottleRun> {
  return fixture.bottle(["exec", name, "--", "sh", "-c", script]);
}

/** Like `inside`, but the script must succeed; returns its standard output. */
async function insideOk(fixture: BottleFixture, name: string, script: string): Promise<string> {
  const run = await inside(fixture, name, script);
  equal(run.code, 0, `exec failed (${run.code}) for ${script}\n${run.stdout}\n${run.stderr}`);
  return run.stdout;
}

/** The workspace owned by the agent's uid, as a host user with uid 1000 would have it. */
async function agentOwned(path: string): Promise<void> {
  await Deno.chown(path, AGENT_ID, AGENT_ID);
}

/** Starts a detached interactive bottle `name`; fails the test with the CLI's output if it cannot. */
async function startDetached(fixture: BottleFixture, name: string): Promise<void> {
  const run = await fixture.bottle(["start", "--detach", "--yes", "--name", name]);
  equal(run.code, 0, `start failed (${run.code}):\n${run.stdout}\n${run.stderr}`);
}

/** `docker inspect` of the container of bottle `name`. */
async function inspectBottle(name: string): Promise<Inspect> {
  const result = await runDocker(["container", "inspect", "--", `bottle-${name}`]);
  equal(result.code, 0, result.stderr);
  const [only] = JSON.parse(result.stdout) as Inspect[];
  ok(only !== undefined, "inspect returned nothing");
  return only;
}

/** The parts of `docker inspect` these tests read. */
interface Inspect {
  readonly Mounts: readonly {
    readonly Type: string;
    readonly Source: string;
    readonly Destination: string;
    readonly RW: boolean;
  }[];
  readonly HostConfig: Readonly<Record<string, unknown>> & {
    readonly Tmpfs: Readonly<Record<string, string>> | null;
  };
  readonly Config: {
    readonly User: string;
    readonly Labels: Readonly<Record<string, string>>;
  };
  readonly NetworkSettings: { readonly Networks: Readonly<Record<string, unknown>> };
}

/**
 * One line per process visible in the bottle, from its /proc: pid, then the
 * status fields named, then the command line. Processes that end while the
 * loop runs are skipped.
 */
const PROCESS_TABLE = `
for d in /proc/[0-9]*; do
  s=$(cat "$d/status" 2>/dev/null) || continue
  c=$(tr '\\0\\n' '  ' <"$d/cmdline" 2>/dev/null) || continue
  f() { printf '%s\\n' "$s" | sed -n "s/^$1:[[:space:]]*//p" | tr -s '\\t ' ' '; }
  printf '%s|%s|%s|%s|%s|%s|%s|%s|%s\\n' "\${d#/proc/}" "$(f Uid)" "$(f Gid)" "$(f CapEff)" \
    "$(f CapPrm)" "$(f CapBnd)" "$(f CapAmb)" "$(f NoNewPrivs)" "$c"
done`;

interface ProcessRow {
  readonly pid: number;
  readonly uid: string;
  readonly gid: string;
  readonly capEff: string;
  readonly capPrm: string;
  readonly capBnd: string;
  readonly capAmb: string;
  readonly noNewPrivs: string;
  readonly args: string;
}

async function processTable(fixture: BottleFixture, name: string): Promise<ProcessRow[]> {
  const out = await insideOk(fixture, name, PROCESS_TABLE);
  return out.trim().split("\n").map((line) => {
    const [pid, uid, gid, capEff, capPrm, capBnd, capAmb, noNewPrivs, ...args] = line.split("|");
    return {
      pid: Number(pid),
      uid: uid ?? "",
      gid: gid ?? "",
      capEff: capEff ?? "",
      capPrm: capPrm ?? "",
      capBnd: capBnd ?? "",
      capAmb: capAmb ?? "",
      noNewPrivs: noNewPrivs ?? "",
      args: args.join("|").trim(),
    };
  });
}

/** The Claude Code process of the bottle (`claude` run by the tmux session). */
function claudeProcess(rows: readonly ProcessRow[]): ProcessRow | undefined {
  return rows.find((row) => row.args === "claude" || row.args.startsWith("claude "));
}

Deno.test({
  name: "a running bottle is sealed",
  ignore: engine.ignore,
  // The steps share one bottle; its supervisor is a detached process of its own.
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async (t) => {
    engine.assertReady();
    const fixture = await bottleFixture("bottle-seal-");
    const name = "seal";
    const skill = join(fixture.home, "skills", "review");
    try {
      await agentOwned(fixture.workspace);
      // World-writable on the host: only the read-only mount can stop the agent writing here.
      await Deno.mkdir(skill, { recursive: true, mode: 0o777 });
      await Deno.chmod(skill, 0o777);
      await Deno.writeTextFile(join(skill, "SKILL.md"), SKILL_TEXT, { mode: 0o666 });
      await Deno.chmod(join(skill, "SKILL.md"), 0o666);
      await fixture.manifest({ skills: [skill], resources: RESOURCES });
      await startDetached(fixture, name);
      let rows: ProcessRow[] = [];
      ok(
        await eventually(async () => {
          rows = await processTable(fixture, name);
          return claudeProcess(rows) !== undefined;
        }, 30_000),
        `Claude Code never started in the bottle:\n${rows.map((r) => r.args).join("\n")}`,
      );

      await t.step("bottle_has_only_loopback_interface", async () => {
        const out = await insideOk(
          fixture,
          name,
          `ls /sys/class/net; echo ${CUT}; tail -n +3 /proc/net/dev; echo ${CUT}; ` +
            `tail -n +2 /proc/net/route; echo ${CUT}; cat /proc/net/ipv6_route`,
        );
        const [sysNet = "", netDev = "", route = "", ipv6Route = ""] = out.split(`${CUT}\n`);
        deepStrictEqual(sysNet.trim().split(/\s+/), ["lo"]);
        deepStrictEqual(
          netDev.trim().split("\n").map((line) => line.trim().split(":")[0]),
          ["lo"],
        );
        equal(route.trim(), "", "an IPv4 route exists (a default route means a way out)");
        const ipv6Devices = ipv6Route.trim().split("\n").filter((line) => line !== "")
          .map((line) => line.trim().split(/\s+/).at(-1));
        ok(ipv6Devices.every((device) => device === "lo"), ipv6Route);
      });

      await t.step("bottle_resolver_answers_nothing", async () => {
        // The control: /etc/hosts still answers, so a failure below is the resolver's.
        match(await insideOk(fixture, name, "getent hosts localhost"), /localhost/);
        const getent = await inside(fixture, name, "getent hosts example.com");
        notEqual(getent.code, 0, `getent resolved example.com: ${getent.stdout}`);
        equal(getent.stdout.trim(), "");
        const node = await inside(fixture, name, `node -e '${RESOLVER_PROBE}'`);
        equal(node.code, 0, `the probe failed: ${node.stdout}${node.stderr}`);
        const probe = JSON.parse(node.stdout) as Record<string, unknown>;
        match(String(probe.lookup), /^error E[A-Z_]+$/, node.stdout);
        match(String(probe.resolve4), /^error E[A-Z_]+$/, node.stdout);
        // No route to any configured nameserver: true here even where the host's
        // resolver would answer (UDP connect sends no packet).
        for (const [server, code] of Object.entries(probe.nameservers as Record<string, string>)) {
          if (/^(127\.|::1$)/.test(server)) continue; // nothing listens on the bottle's loopback
          equal(code, "error ENETUNREACH", `nameserver ${server} is reachable`);
        }
      });

      await t.step("bottle_rootfs_is_read_only", async () => {
        const out = await insideOk(
          fixture,
          name,
          "for p in /usr/x /etc/x /x /opt/bottle/x /var/x; do " +
            'touch $p 2>/dev/null && echo "writable $p"; done; ' +
            "grep -E '^[^ ]+ / ' /proc/mounts; " +
            "touch /workspace/seal-probe ~/seal-probe /tmp/seal-probe && echo grants-writable",
        );
        ok(!out.includes("writable /"), out);
        match(out, /^\S+ \/ \S+ ro[,\s]/m, "the root mount is not read-only");
        match(out, /grants-writable/);
        const onHost = await Deno.stat(join(fixture.workspace, "seal-probe"));
        equal(onHost.uid, AGENT_ID, "the workspace file is the agent's");
        await Deno.remove(join(fixture.workspace, "seal-probe"));
      });

      await t.step("bottle_has_no_capabilities_and_no_new_privileges", async () => {
        const table = await processTable(fixture, name);
        const claude = claudeProcess(table);
        ok(claude !== undefined, "the claude process is gone");
        ok(table.length >= 5, `too few processes seen: ${table.map((r) => r.args).join("; ")}`);
        for (const row of table) {
          const what = `pid ${row.pid} (${row.args})`;
          for (const [field, value] of Object.entries(row)) {
            if (field.startsWith("cap")) equal(value, "0000000000000000", `${field} of ${what}`);
          }
          equal(row.noNewPrivs, "1", `NoNewPrivs of ${what}`);
        }
      });

      await t.step("bottle_runs_as_uid_1000", async () => {
        equal((await insideOk(fixture, name, "id -u; id -g; id -G")).trim(), "1000\n1000\n1000");
        const table = await processTable(fixture, name);
        const claude = claudeProcess(table);
        ok(claude !== undefined, "the claude process is gone");
        equal(claude.uid, "1000 1000 1000 1000", "claude's real, effective, saved and fs uid");
        equal(claude.gid, "1000 1000 1000 1000");
        for (const row of table) equal(row.uid, "1000 1000 1000 1000", `uid of ${row.args}`);
        equal((await inspectBottle(name)).Config.User, "1000:1000");
      });

      await t.step("bottle_tmp_and_home_are_noexec", async () => {
        const run = await inside(
          fixture,
          name,
          "for d in /tmp ~ ~/.claude /workspace; do cp /bin/true $d/seal-true && " +
            'chmod 755 $d/seal-true && { $d/seal-true; echo "$d $?"; }; rm -f $d/seal-true; done',
        );
        const status = Object.fromEntries(
          run.stdout.trim().split("\n").map((line) => line.split(" ") as [string, string]),
        );
        deepStrictEqual(status, {
          "/tmp": "126",
          "/home/agent": "126",
          "/home/agent/.claude": "126",
          // The control: the same copy runs where exec is allowed.
          "/workspace": "0",
        }, run.stdout + run.stderr);
        equal(run.stderr.match(/Permission denied/g)?.length, 3, run.stderr);
      });

      await t.step("bottle_mounts_only_granted_host_paths", async () => {
        const info = await inspectBottle(name);
        const state = join(fixture.stateRoot, name);
        const mounts = info.Mounts.map((m) => ({
          type: m.Type,
          source: m.Source,
          target: m.Destination,
          rw: m.RW,
        })).sort((a, b) => a.target.localeCompare(b.target));
        // The workspace seal's mounts: host-run entries read-only over themselves (the fixture's
        // claude-bottle.json, and the empty .claude, .vscode, … made for the bottle's life).
        const sealed = mounts.filter((m) => m.target.startsWith("/workspace/"));
        deepStrictEqual(sealed.map((m) => m.target), [
          "/workspace/.claude",
          "/workspace/.devcontainer",
          "/workspace/.idea",
          "/workspace/.vscode",
          "/workspace/claude-bottle.json",
        ]);
        for (const m of sealed) {
          deepStrictEqual(
            { type: m.type, source: m.source, rw: m.rw },
            { type: "bind", source: join(fixture.workspace, m.target.slice(11)), rw: false },
          );
        }
        // bash's start-up files in the home: one empty read-only file over each.
        const shellFiles = mounts.filter((m) => PINNED_SHELL_FILES.includes(m.target));
        deepStrictEqual(shellFiles.map((m) => m.target), [...PINNED_SHELL_FILES].sort());
        for (const m of shellFiles) {
          deepStrictEqual(
            { type: m.type, source: m.source, rw: m.rw },
            { type: "bind", source: join(state, "config", SHELL_PROFILE_FILE), rw: false },
          );
        }
        deepStrictEqual(
          mounts.filter((m) =>
            !m.target.startsWith("/workspace/") && !PINNED_SHELL_FILES.includes(m.target)
          ),
          [
            { type: "bind", source: join(state, "config"), target: "/etc/bottle", rw: false },
            {
              type: "bind",
              source: join(state, "managed-settings.json"),
              target: "/etc/claude-code/managed-settings.json",
              rw: false,
            },
            { type: "bind", source: skill, target: "/home/agent/.claude/skills/review", rw: false },
            { type: "bind", source: join(state, "sock"), target: "/run/bottle", rw: false },
            { type: "bind", source: fixture.workspace, target: "/workspace", rw: true },
          ],
        );
        ok(!JSON.stringify(info).includes("docker.sock"), "the engine's socket is in the bottle");
        const host = info.HostConfig;
        equal(host.Binds, null);
        equal(host.VolumesFrom, null);
        deepStrictEqual(
          Object.keys(host.Tmpfs ?? {}).sort(),
          ["/home/agent", "/home/agent/.claude", "/tmp", ...READ_ONLY_CLAUDE_FOLDERS].sort(),
        );
        for (const options of Object.values(host.Tmpfs ?? {})) {
          for (const flag of ["noexec", "nosuid", "nodev"]) {
            ok(options.split(",").includes(flag), options);
          }
        }
        equal(host.NetworkMode, "none");
        deepStrictEqual(Object.keys(info.NetworkSettings.Networks), ["none"]);
        equal(host.ReadonlyRootfs, true);
        deepStrictEqual(host.CapDrop, ["ALL"]);
        ok(host.CapAdd === null || (host.CapAdd as unknown[]).length === 0, "capabilities added");
        // No privilege gain, and the bottle's seccomp profile (the engine shows its content).
        const securityOpt = host.SecurityOpt as string[];
        equal(securityOpt.length, 2, JSON.stringify(securityOpt).slice(0, 200));
        equal(securityOpt[0], "no-new-privileges");
        const seccomp = JSON.parse(securityOpt[1]!.replace(/^seccomp=/, "")) as {
          syscalls: { names: string[]; action: string; args: { value: number }[] | null }[];
        };
        deepStrictEqual(
          seccomp.syscalls.filter((r) =>
            r.names.includes("socket") && r.action === "SCMP_ACT_ALLOW"
          )
            .map((r) => r.args?.map((a) => a.value)),
          [[1], [2], [10], [16, 0]],
          "socket only for AF_UNIX, AF_INET, AF_INET6, and AF_NETLINK with NETLINK_ROUTE",
        );
        equal(host.Privileged, false);
        equal(host.CgroupnsMode, "private", "its own cgroup namespace");
        deepStrictEqual(host.Devices, []);
        for (const field of ["PidMode", "IpcMode", "UTSMode", "UsernsMode"]) {
          notEqual(host[field], "host", `${field} shares the host's namespace`);
        }
        equal(host.Memory, 1024 ** 3);
        equal(host.MemorySwap, 1024 ** 3, "swap would lift the memory limit");
        equal(host.NanoCpus, 1e9);
        equal(host.PidsLimit, RESOURCES.pids);
        equal(host.Init, true);

        const labels = info.Config.Labels;
        equal(labels["dev.bottle.bottle"], name);
        equal(labels["dev.bottle.agent"], "dev");
        equal(labels["dev.bottle.mode"], "interactive");
        equal(labels["dev.bottle.workspace"], fixture.workspace);
        equal(labels["dev.bottle.state-dir"], state);
        equal(labels["dev.bottle.manifest"], join(fixture.workspace, "claude-bottle.json"));
        match(labels["dev.bottle.supervisor"] ?? "", /^\d+$/);
        ok(!Number.isNaN(Date.parse(labels["dev.bottle.started"] ?? "")), "started label");
        // The in-bottle view agrees: no engine socket anywhere it could look.
        const sockets = await inside(
          fixture,
          name,
          "ls /var/run/docker.sock /run/docker.sock /run/bottle/docker.sock",
        );
        notEqual(sockets.code, 0, sockets.stdout);
      });

      await t.step("bottle_sees_skills_read_only_under_claude_skills", async () => {
        const dir = "~/.claude/skills/review";
        const out = await insideOk(
          fixture,
          name,
          `cat ${dir}/SKILL.md; echo ${CUT}; ls ~/.claude/skills; echo ${CUT}; { ` +
            `touch ${dir}/x; echo extra >>${dir}/SKILL.md; mkdir ${dir}/sub; rm -f ${dir}/SKILL.md; ` +
            "} 2>&1; true",
        );
        const [text = "", listing = "", errors = ""] = out.split(`${CUT}\n`);
        equal(text, SKILL_TEXT);
        equal(listing.trim(), "review");
        equal(
          errors.match(/Read-only file system/g)?.length,
          4,
          `writes were not refused:\n${out}`,
        );
        equal(await Deno.readTextFile(join(skill, "SKILL.md")), SKILL_TEXT);
        deepStrictEqual([...Deno.readDirSync(skill)].map((e) => e.name), ["SKILL.md"]);
      });

      await t.step("managed_settings_are_read_only_for_the_agent", async () => {
        const before = await Deno.readTextFile(
          join(fixture.stateRoot, name, "managed-settings.json"),
        );
        const out = await insideOk(
          fixture,
          name,
          `cat /etc/claude-code/managed-settings.json; echo ${CUT}; ` +
            "for p in /etc/claude-code/managed-settings.json /run/bottle/x /etc/bottle/x " +
            "/etc/bottle/init.sh /etc/claude-code/managed-settings.d; do " +
            "{ echo '{}' >$p; } 2>/dev/null && echo \"writable $p\"; done; " +
            "mkdir /etc/claude-code/managed-settings.d 2>/dev/null && echo 'writable drop-ins'; " +
            "rm -f /run/bottle/api.sock 2>/dev/null && echo 'removable socket'; " +
            "mv /etc/claude-code/managed-settings.json /tmp/m 2>/dev/null && echo 'movable'; true",
        );
        const [seen = "", verdicts = ""] = out.split(`${CUT}\n`);
        equal(seen, before, "the agent sees the supervisor's managed settings");
        equal(verdicts.trim(), "", verdicts);
        equal(
          await Deno.readTextFile(join(fixture.stateRoot, name, "managed-settings.json")),
          before,
        );
        ok((await Deno.lstat(join(fixture.stateRoot, name, "sock", "api.sock"))).isSocket);
      });
    } finally {
      await fixture.close();
    }
  },
});

Deno.test({
  name: "workspace_read_only_when_manifest_says_so",
  ignore: engine.ignore,
  sanitizeOps: false,
  sanitizeResources: false,
  fn: async () => {
    engine.assertReady();
    const fixture = await bottleFixture("bottle-seal-ro-");
    const name = "seal-ro";
    try {
      // Owned by the agent's uid and world-writable: only the mount can refuse a write.
      await agentOwned(fixture.workspace);
      await Deno.chmod(fixture.workspace, 0o777);
      await Deno.writeTextFile(join(fixture.workspace, "notes.txt"), "keep me\n", { mode: 0o666 });
      await Deno.chmod(join(fixture.workspace, "notes.txt"), 0o666);
      await fixture.manifest({ workspaceReadOnly: true });
      await startDetached(fixture, name);
      const out = await insideOk(
        fixture,
        name,
        "cat /workspace/notes.txt; { touch /workspace/x; echo more >>/workspace/notes.txt; " +
          "rm -f /workspace/notes.txt; } 2>&1; touch ~/x && echo home-writable",
      );
      match(out, /^keep me\n/, "the workspace is readable");
      equal(out.match(/Read-only file system/g)?.length, 3, out);
      match(out, /home-writable/);
      equal(await Deno.readTextFile(join(fixture.workspace, "notes.txt")), "keep me\n");
      deepStrictEqual(
        [...Deno.readDirSync(fixture.workspace)].map((e) => e.name).sort(),
        ["claude-bottle.json", "notes.txt"],
      );
      const info = await inspectBottle(name);
      const workspace = info.Mounts.find((m) => m.Destination === "/workspace");
      equal(workspace?.RW, false);
    } finally {
      await fixture.close();
    }
  },
});
