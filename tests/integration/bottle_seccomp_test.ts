/**
 * The bottle's seccomp profile in a real bottle: every call it refuses
 * returns EPERM from inside (a vsock socket first: it would reach the
 * hypervisor around `--network none`), while Claude Code, git, npm, python,
 * curl and the relays keep working. Without the profile the engine's default
 * allows vsock sockets and io_uring here; the other refused calls the default
 * already refuses, so this file proves they stay refused.
 */
import { deepStrictEqual, equal, match, ok } from "node:assert/strict";
import { join } from "node:path";
import { runDocker } from "../../cli/engine/docker.ts";
import { AGENT_LATEST } from "../../cli/image/image_tag.ts";
import { bottleFixture, containerExists } from "../helpers/bottle_fixture.ts";
import { engineGate, isCi } from "../helpers/docker_available.ts";
import { textReply } from "../helpers/fake_messages_api.ts";

const engine = await engineGate([AGENT_LATEST]);
const opts = { ignore: engine.ignore, sanitizeOps: false, sanitizeResources: false };

/** A suffix that keeps this file's bottles apart from other runs on the same engine. */
const RUN = crypto.randomUUID().slice(0, 8);

/**
 * Tries each refused call from Python (ctypes for the ones Python has no
 * wrapper for) and prints one JSON object: call → "ok" or the errno's name.
 * Numbers are x86_64's and aarch64's; the arguments are harmless (a refused
 * call never runs; an allowed one fails on them or does nothing lasting).
 */
const PROBE = `
import ctypes, errno, json, platform, socket
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
out = {}
def name(e): return errno.errorcode.get(e, str(e))
STREAM, DGRAM = socket.SOCK_STREAM, socket.SOCK_DGRAM
for label, family, kind, proto in [("socket AF_VSOCK", 40, STREAM, 0),
                                   ("socket AF_NETLINK audit", 16, DGRAM, 9),
                                   ("socket AF_NETLINK route", 16, DGRAM, 0),
                                   ("socket AF_PACKET", 17, DGRAM, 0), ("socket AF_UNIX", 1, STREAM, 0),
                                   ("socket AF_INET", 2, STREAM, 0), ("socket AF_INET6", 10, STREAM, 0)]:
    try:
        socket.socket(family, kind, proto).close(); out[label] = "ok"
    except OSError as e: out[label] = name(e.errno)
for label, family in [("socketpair AF_VSOCK", 40), ("socketpair AF_UNIX", 1)]:
    try:
        a, b = socket.socketpair(family); a.close(); b.close(); out[label] = "ok"
    except OSError as e: out[label] = name(e.errno)
numbers = {
    "x86_64": {"io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427,
               "userfaultfd": 323, "bpf": 321, "perf_event_open": 298, "keyctl": 250,
               "add_key": 248, "request_key": 249, "kexec_load": 246, "kexec_file_load": 320,
               "open_by_handle_at": 304},
    "aarch64": {"io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427,
                "userfaultfd": 282, "bpf": 280, "perf_event_open": 241, "keyctl": 219,
                "add_key": 217, "request_key": 218, "kexec_load": 104, "kexec_file_load": 294,
                "open_by_handle_at": 265},
}[platform.machine()]
params = ctypes.create_string_buffer(120)
args = {"io_uring_setup": [1, params], "perf_event_open": [0, 0, -1, -1, 0]}
for call, number in numbers.items():
    rest = [ctypes.c_long(a) if isinstance(a, int) else a for a in args.get(call, [-1, 0, 0, 0])]
    result = libc.syscall(ctypes.c_long(number), *rest)
    out[call] = "ok" if result >= 0 else name(ctypes.get_errno())
print(json.dumps(out))
`;

/** Every call the profile refuses, as the probe labels it. */
const REFUSED = [
  "socket AF_VSOCK",
  "socket AF_NETLINK audit",
  "socket AF_PACKET",
  "socketpair AF_VSOCK",
  "io_uring_setup",
  "io_uring_enter",
  "io_uring_register",
  "userfaultfd",
  "bpf",
  "perf_event_open",
  "keyctl",
  "add_key",
  "request_key",
  "kexec_load",
  "kexec_file_load",
  "open_by_handle_at",
];

/** Starts a bottle on `runtime` and checks, from inside, that each refused call gets EPERM. */
async function refusesEachListedCall(runtime: string): Promise<void> {
  const f = await bottleFixture();
  const name = `sc-${runtime}-${RUN}`;
  try {
    await f.manifest({ runtime });
    const start = await f.bottle(["start", "--detach", "--yes", "--name", name]);
    equal(start.code, 0, `start failed:\n${start.stdout}\n${start.stderr}`);
    match(start.stdout + start.stderr, /syscalls +the engine's default filter, and refused/);

    // The container runs with the profile the supervisor wrote.
    const inspect = await runDocker([
      "container",
      "inspect",
      "--format",
      "{{json .HostConfig.SecurityOpt}}",
      "--",
      `bottle-${name}`,
    ]);
    equal(inspect.code, 0, inspect.stderr);
    const securityOpt = JSON.parse(inspect.stdout) as string[];
    ok(securityOpt.includes("no-new-privileges"), inspect.stdout);
    const seccomp = securityOpt.find((o) => o.startsWith("seccomp="));
    ok(seccomp?.includes("AF_UNIX sockets"), "the bottle's profile, not the engine default");

    const probe = await f.bottle(["exec", name, "--", "python3", "-c", PROBE]);
    equal(probe.code, 0, `probe failed:\n${probe.stdout}\n${probe.stderr}`);
    const outcome = JSON.parse(probe.stdout) as Record<string, string>;
    deepStrictEqual(
      Object.fromEntries(REFUSED.map((call) => [call, outcome[call]])),
      Object.fromEntries(REFUSED.map((call) => [call, "EPERM"])),
    );
    for (
      const allowed of [
        "socket AF_UNIX",
        "socket AF_INET",
        "socket AF_INET6",
        "socket AF_NETLINK route",
      ]
    ) {
      equal(outcome[allowed], "ok", allowed);
    }
    equal(outcome["socketpair AF_UNIX"], "ok");
  } finally {
    await f.close();
  }
}

Deno.test("bottle_seccomp_refuses_each_listed_call_with_eperm", opts, async () => {
  engine.assertReady();
  await refusesEachListedCall("runc");
});

Deno.test("bottle_seccomp_refuses_each_listed_call_with_eperm_under_crun", opts, async () => {
  engine.assertReady();
  const info = await runDocker(["info", "--format", "{{json .Runtimes}}"]);
  if (!Object.keys(JSON.parse(info.stdout.trim() || "{}")).includes("crun")) {
    if (isCi()) throw new Error("crun is not registered in the engine (.ci/run registers it)");
    return;
  }
  await refusesEachListedCall("crun");
});

Deno.test("bottle_seccomp_leaves_claude_git_npm_python_and_curl_working", opts, async () => {
  engine.assertReady();
  const f = await bottleFixture();
  const name = `sc-tools-${RUN}`;
  try {
    const start = await f.bottle(["start", "--detach", "--yes", "--name", name]);
    equal(start.code, 0, `start failed:\n${start.stdout}\n${start.stderr}`);
    const expected: ReadonlyArray<readonly [readonly string[], RegExp]> = [
      [["claude", "--version"], /\(Claude Code\)/],
      [["git", "--version"], /^git version /],
      [["npm", "--version"], /^\d+\.\d+\.\d+/],
      [["python3", "--version"], /^Python 3\./],
      [["curl", "--version"], /^curl \d/],
      [["node", "-e", "require('dns').lookup('localhost', (e, a) => console.log(e ?? a))"], /^127/],
      // Dev servers list the interfaces at start (NETLINK_ROUTE): the bottle has only lo.
      [
        ["node", "-e", "console.log(Object.keys(require('os').networkInterfaces()).join())"],
        /^lo$/,
      ],
      [
        ["sh", "-c", "cd /tmp && git init -q r && cd r && git status --short && echo git-ok"],
        /git-ok/,
      ],
    ];
    for (const [command, pattern] of expected) {
      const run = await f.bottle(["exec", name, "--", ...command]);
      equal(run.code, 0, `${command.join(" ")} failed:\n${run.stdout}\n${run.stderr}`);
      match(run.stdout.trim(), pattern, command.join(" "));
    }
  } finally {
    await f.close();
  }
});

Deno.test("bottle_seccomp_keeps_the_relays_working_for_a_print_run", opts, async () => {
  engine.assertReady();
  const f = await bottleFixture();
  const name = `sc-print-${RUN}`;
  try {
    f.api.script({ events: textReply("seccomp relays fine") });
    const run = await f.bottle(["start", "--print", "--yes", "--name", name, "--prompt", "hi"]);
    equal(run.code, 0, `print run failed:\n${run.stdout}\n${run.stderr}`);
    ok(run.stdout.includes("seccomp relays fine"), run.stdout);
    equal(await containerExists(name), false);
    // The profile was a run file of the bottle: gone with it.
    const profile = join(f.stateRoot, name, "seccomp.json");
    ok(!(await Deno.stat(profile).then(() => true, () => false)), "seccomp.json is removed");
  } finally {
    await f.close();
  }
});
