/**
 * The seal as argv. A snapshot pins every flag (a change to a hardening flag
 * shows in review), and `sealViolations` checks the properties the seal rests
 * on for any plan — with tests proving it does flag a weakened argv.
 */
import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import fc from "fast-check";
import { agentEnv } from "./agent_env.ts";
import {
  bindMount,
  dockerRunArgv,
  IN_BOTTLE,
  PINNED_SHELL_FILES,
  READ_ONLY_CLAUDE_FOLDERS,
  type RunPaths,
  SHELL_PROFILE_FILE,
  TMPFS_SIZES,
} from "./docker_run_argv.ts";
import { bottleLabels } from "./labels.ts";
import type { WorkspaceSeal } from "../seal/workspace_seal.ts";
import type { BottlePlan } from "./plan.ts";
import { GUARDS } from "./testdata/test_plan.ts";

const PLAN: BottlePlan = {
  name: "review-1",
  agent: "review",
  manifest: "/home/u/proj/claude-bottle.json",
  image: "bottle-agent:latest",
  workspace: "/home/u/proj",
  workspaceReadOnly: false,
  prompt: "review the diff",
  mode: "interactive",
  env: [
    { name: "GIT_AUTHOR_NAME", kind: "literal", value: "Ada" },
    { name: "GH_TOKEN", kind: "fromHost", hostVariable: "GITHUB_TOKEN" },
  ],
  skills: [{ name: "review", path: "/home/u/skills/review" }],
  egressAllow: ["api.github.com"],
  resources: { memory: "4g", cpus: 2, pids: 1024 },
  runtime: "runc",
  auth: {
    type: "oauth",
    fromHost: "CLAUDE_BOTTLE_OAUTH_TOKEN",
    upstream: "https://api.anthropic.com",
  },
  ...GUARDS,
};

const STATE = "/home/u/.local/state/bottle/review-1";

/** A workspace seal with one of each kind of entry. */
const SEALED: WorkspaceSeal = {
  masked: [
    { path: ".env", kind: "file", pattern: ".env" },
    { path: "a b/.ssh", kind: "folder", pattern: ".ssh" },
  ],
  readOnly: [
    { path: ".git/config", kind: "file", pattern: ".git/config" },
    { path: ".vscode", kind: "folder", pattern: ".vscode" },
  ],
  gitFolders: [".git"],
  created: [".vscode"],
  walk: { entries: 10, ms: 1, skipped: [] },
};

const PATHS: RunPaths = {
  sockDir: `${STATE}/sock`,
  configDir: `${STATE}/config`,
  managedSettings: `${STATE}/managed-settings.json`,
  envFile: `${STATE}/agent.env`,
  emptyFile: `${STATE}/seal/empty`,
  emptyFolder: `${STATE}/seal/empty.d`,
  seccompProfile: `${STATE}/seccomp.json`,
};

const STARTED = new Date("2025-01-02T03:04:05.000Z");

function argvOf(plan: BottlePlan = PLAN, paths: RunPaths = PATHS): string[] {
  return dockerRunArgv(plan, paths, bottleLabels(plan, STATE, { pid: 4242 }, STARTED));
}

// ---------------------------------------------------------------------------
// A reading of the argv the way docker reads it, kept apart from the builder.
// ---------------------------------------------------------------------------

/** Flags `docker run` takes without a value, among those the builder may use. */
const BOOLEAN_FLAGS = new Set(["--detach", "--read-only", "--init"]);

/** Every flag the seal allows; anything else (`--privileged`, `-v`, `--cap-add`, …) is a violation. */
const ALLOWED_FLAGS = new Set([
  ...BOOLEAN_FLAGS,
  "--pull",
  "--name",
  "--hostname",
  "--network",
  "--cap-drop",
  "--security-opt",
  "--user",
  "--cgroupns",
  "--runtime",
  "--memory",
  "--memory-swap",
  "--cpus",
  "--pids-limit",
  "--tmpfs",
  "--mount",
  "--workdir",
  "--env-file",
  "--label",
  "--entrypoint",
]);

interface ReadArgv {
  readonly flags: ReadonlyArray<readonly [string, string | true]>;
  readonly positional: readonly string[];
}

function readRunArgv(argv: readonly string[]): ReadArgv {
  if (argv[0] !== "run") throw new Error("not a docker run argv");
  const flags: Array<readonly [string, string | true]> = [];
  const positional: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") {
      positional.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-")) {
      positional.push(...argv.slice(i));
      break;
    }
    const eq = arg.indexOf("=");
    if (arg.startsWith("--") && eq !== -1) {
      flags.push([arg.slice(0, eq), arg.slice(eq + 1)]);
    } else if (BOOLEAN_FLAGS.has(arg) || arg === "--privileged") {
      flags.push([arg, true]);
    } else {
      flags.push([arg, argv[++i] ?? ""]);
    }
  }
  return { flags, positional };
}

function values(read: ReadArgv, flag: string): string[] {
  return read.flags.filter(([f]) => f === flag).map(([, v]) => String(v));
}

/**
 * One CSV record as Go's encoding/csv reads it (what docker uses for `--mount`),
 * strict: a bare quote in an unquoted field or a line break outside quotes fails.
 */
function readCsvRecord(text: string): string[] {
  const line = text.replace(/\r\n/g, "\n");
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = "";
      i++;
      for (;;) {
        if (i >= line.length) throw new Error('extraneous or missing " in quoted-field');
        if (line[i] === '"') {
          if (line[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += line[i++];
      }
      fields.push(value);
      if (i === line.length) return fields;
      if (line[i] !== ",") throw new Error('extraneous " in field');
      i++;
    } else {
      const end = line.indexOf(",", i);
      const raw = end === -1 ? line.slice(i) : line.slice(i, end);
      if (raw.includes('"')) throw new Error('bare " in non-quoted field');
      if (raw.includes("\n")) throw new Error("line break ends the record inside a field");
      fields.push(raw);
      if (end === -1) return fields;
      i = end + 1;
    }
  }
}

interface ReadMount {
  readonly type: string | undefined;
  readonly source: string | undefined;
  readonly target: string | undefined;
  readonly readOnly: boolean;
  readonly other: readonly string[];
}

/** A `--mount` value the way docker's MountOpt.Set reads it. */
function readMount(value: string): ReadMount {
  let type: string | undefined;
  let source: string | undefined;
  let target: string | undefined;
  let readOnly = false;
  const other: string[] = [];
  for (const field of readCsvRecord(value)) {
    const eq = field.indexOf("=");
    const key = (eq === -1 ? field : field.slice(0, eq)).toLowerCase();
    const val = eq === -1 ? undefined : field.slice(eq + 1);
    if (key === "readonly" || key === "ro") {
      readOnly = val === undefined || val === "true" || val === "1";
    } else if (key === "type") type = val;
    else if (key === "source" || key === "src") source = val;
    else if (key === "target" || key === "dst" || key === "destination") target = val;
    else other.push(field);
  }
  return { type, source, target, readOnly, other };
}

/** Every way `argv` breaks the seal for `plan`; empty when it holds. */
function sealViolations(argv: readonly string[], plan: BottlePlan, paths: RunPaths): string[] {
  const out: string[] = [];
  const read = readRunArgv(argv);
  for (const [flag] of read.flags) {
    if (!ALLOWED_FLAGS.has(flag)) out.push(`flag ${flag} is not part of the seal`);
  }
  const exactly = (flag: string, expected: string) => {
    const got = values(read, flag);
    if (got.length !== 1 || got[0] !== expected) {
      out.push(`${flag} should be exactly ${expected}, got ${JSON.stringify(got)}`);
    }
  };
  exactly("--network", "none");
  exactly("--cap-drop", "ALL");
  // The bottle's seccomp profile on every runtime but gVisor's (which has its own system calls).
  const securityOpts = values(read, "--security-opt");
  const expectedOpts = plan.runtime === "runsc"
    ? ["no-new-privileges"]
    : ["no-new-privileges", `seccomp=${paths.seccompProfile}`];
  if (JSON.stringify(securityOpts) !== JSON.stringify(expectedOpts)) {
    out.push(
      `--security-opt should be exactly ${JSON.stringify(expectedOpts)}, got ${
        JSON.stringify(securityOpts)
      }`,
    );
  }
  exactly("--user", "1000:1000");
  exactly("--cgroupns", "private");
  exactly("--pull", "never");
  exactly("--runtime", plan.runtime);
  exactly("--env-file", paths.envFile);
  for (const flag of ["--read-only", "--init"]) {
    if (!read.flags.some(([f, v]) => f === flag && v === true)) out.push(`${flag} is missing`);
  }
  for (const tmpfs of values(read, "--tmpfs")) {
    const options = tmpfs.slice(tmpfs.indexOf(":") + 1).split(",");
    for (const needed of ["noexec", "nosuid", "nodev"]) {
      if (!options.includes(needed)) out.push(`tmpfs ${tmpfs} lacks ${needed}`);
    }
    if (!options.some((o) => /^size=\d+[kmg]$/.test(o))) out.push(`tmpfs ${tmpfs} has no size cap`);
  }
  for (const folder of READ_ONLY_CLAUDE_FOLDERS) {
    const tmpfs = values(read, "--tmpfs").find((t) => t.startsWith(`${folder}:`));
    if (tmpfs === undefined || !tmpfs.slice(folder.length + 1).split(",").includes("ro")) {
      out.push(`${folder} is not a read-only tmpfs`);
    }
  }
  const shellProfile = `${paths.configDir}/${SHELL_PROFILE_FILE}`;
  const pinnedShellFiles = new Set<string>();
  const allowed = new Map<string, { target: string; readOnly: boolean }>([
    [plan.workspace, { target: IN_BOTTLE.workspace, readOnly: plan.workspaceReadOnly }],
    ...plan.skills.map((s) =>
      [s.path, { target: `${IN_BOTTLE.skills}/${s.name}`, readOnly: true }] as const
    ),
    [paths.sockDir, { target: IN_BOTTLE.sockets, readOnly: true }],
    [paths.configDir, { target: IN_BOTTLE.config, readOnly: true }],
    [paths.managedSettings, { target: IN_BOTTLE.managedSettings, readOnly: true }],
  ]);
  // The workspace seal: every mask an empty read-only file or folder, every host-run entry
  // read-only over itself, every git folder over itself.
  const sealExpected = new Map<string, string>();
  const inside = (path: string) => `${IN_BOTTLE.workspace}/${path}`;
  for (const entry of plan.seal.masked) {
    const source = entry.kind === "file" ? paths.emptyFile : paths.emptyFolder;
    sealExpected.set(inside(entry.path), `${source} ro`);
  }
  if (!plan.workspaceReadOnly) {
    for (const entry of plan.seal.readOnly) {
      if (!sealExpected.has(inside(entry.path))) {
        sealExpected.set(inside(entry.path), `${plan.workspace}/${entry.path} ro`);
      }
    }
    for (const folder of plan.seal.gitFolders) {
      sealExpected.set(inside(folder), `${plan.workspace}/${folder} rw`);
    }
  }
  const sealMounted = new Set<string>();
  const mounted = new Set<string>();
  for (const value of values(read, "--mount")) {
    let mount: ReadMount;
    try {
      mount = readMount(value);
    } catch (error) {
      out.push(`mount ${value} does not parse: ${(error as Error).message}`);
      continue;
    }
    if (mount.type !== "bind") out.push(`mount ${value} is not a bind mount`);
    if (mount.other.length > 0) out.push(`mount ${value} has extra fields ${mount.other}`);
    if (/docker\.sock|containerd\.sock|podman\.sock/.test(mount.source ?? "")) {
      out.push(`mount ${value} hands the engine's socket to the bottle`);
    }
    const sealed = sealExpected.get(mount.target ?? "");
    if (sealed !== undefined) {
      if (sealed !== `${mount.source} ${mount.readOnly ? "ro" : "rw"}`) {
        out.push(`mount ${value} should be ${sealed}`);
      }
      sealMounted.add(mount.target!);
      continue;
    }
    if (mount.source === shellProfile) {
      if (!PINNED_SHELL_FILES.includes(mount.target ?? "")) {
        out.push(`mount ${value} lands at ${mount.target}`);
      }
      if (!mount.readOnly) out.push(`mount ${value} should be read-only`);
      pinnedShellFiles.add(mount.target ?? "");
      continue;
    }
    const expected = allowed.get(mount.source ?? "");
    if (expected === undefined) {
      out.push(`mount ${value} exposes a host path outside the grants`);
      continue;
    }
    mounted.add(mount.source!);
    if (mount.target !== expected.target) out.push(`mount ${value} lands at ${mount.target}`);
    if (mount.readOnly !== expected.readOnly) {
      out.push(`mount ${value} should be ${expected.readOnly ? "read-only" : "read-write"}`);
    }
  }
  for (const file of PINNED_SHELL_FILES) {
    if (!pinnedShellFiles.has(file)) out.push(`${file} is not pinned read-only`);
  }
  for (const source of allowed.keys()) {
    if (!mounted.has(source)) out.push(`${source} is not mounted`);
  }
  for (const target of sealExpected.keys()) {
    if (!sealMounted.has(target)) out.push(`${target} is not sealed`);
  }
  return out;
}

// ---------------------------------------------------------------------------

Deno.test("dockerRunArgv() matches the snapshot of a representative plan", () => {
  deepStrictEqual(argvOf(), [
    "run",
    "--detach",
    "--pull",
    "never",
    "--name",
    "bottle-review-1",
    "--hostname",
    "review-1",
    "--network",
    "none",
    "--read-only",
    "--cap-drop",
    "ALL",
    "--security-opt",
    "no-new-privileges",
    "--security-opt",
    "seccomp=/home/u/.local/state/bottle/review-1/seccomp.json",
    "--user",
    "1000:1000",
    "--init",
    "--cgroupns",
    "private",
    "--runtime",
    "runc",
    "--memory",
    "4g",
    "--memory-swap",
    "4g",
    "--cpus",
    "2",
    "--pids-limit",
    "1024",
    "--tmpfs",
    "/tmp:rw,noexec,nosuid,nodev,size=512m",
    "--tmpfs",
    "/home/agent:rw,noexec,nosuid,nodev,size=512m,uid=1000,gid=1000,mode=0700",
    "--tmpfs",
    "/home/agent/.claude:rw,noexec,nosuid,nodev,size=256m,uid=1000,gid=1000,mode=0700",
    "--tmpfs",
    "/home/agent/.claude/shell-snapshots:ro,noexec,nosuid,nodev,size=4k,mode=0555",
    "--tmpfs",
    "/home/agent/.claude/session-env:ro,noexec,nosuid,nodev,size=4k,mode=0555",
    "--mount",
    "type=bind,source=/home/u/proj,target=/workspace",
    "--mount",
    "type=bind,source=/home/u/skills/review,target=/home/agent/.claude/skills/review,readonly",
    "--mount",
    "type=bind,source=/home/u/.local/state/bottle/review-1/sock,target=/run/bottle,readonly",
    "--mount",
    "type=bind,source=/home/u/.local/state/bottle/review-1/config,target=/etc/bottle,readonly",
    "--mount",
    "type=bind,source=/home/u/.local/state/bottle/review-1/managed-settings.json," +
    "target=/etc/claude-code/managed-settings.json,readonly",
    ...[".bash_profile", ".bash_login", ".profile", ".bashrc", ".bash_logout"].flatMap((name) => [
      "--mount",
      "type=bind,source=/home/u/.local/state/bottle/review-1/config/shell-profile," +
      `target=/home/agent/${name},readonly`,
    ]),
    "--workdir",
    "/workspace",
    "--env-file",
    "/home/u/.local/state/bottle/review-1/agent.env",
    "--label",
    "dev.bottle.bottle=review-1",
    "--label",
    "dev.bottle.agent=review",
    "--label",
    "dev.bottle.manifest=/home/u/proj/claude-bottle.json",
    "--label",
    "dev.bottle.workspace=/home/u/proj",
    "--label",
    "dev.bottle.mode=interactive",
    "--label",
    "dev.bottle.state-dir=/home/u/.local/state/bottle/review-1",
    "--label",
    "dev.bottle.supervisor=4242",
    "--label",
    "dev.bottle.started=2025-01-02T03:04:05.000Z",
    "--entrypoint",
    "/bin/sh",
    "--",
    "bottle-agent:latest",
    "/etc/bottle/init.sh",
    "interactive",
  ]);
});

Deno.test("docker run argv of the representative plan breaks no part of the seal", () => {
  deepStrictEqual(sealViolations(argvOf(), PLAN, PATHS), []);
});

const VARIANTS: ReadonlyArray<readonly [string, BottlePlan]> = [
  ["read-only workspace", { ...PLAN, workspaceReadOnly: true }],
  ["print mode", { ...PLAN, mode: "print" }],
  ["no skills, runsc, built-in manifest", {
    ...PLAN,
    skills: [],
    runtime: "runsc",
    manifest: null,
  }],
  ["many skills", {
    ...PLAN,
    skills: [
      { name: "a", path: "/s/a" },
      { name: "b", path: "/other/b" },
      { name: "c.d", path: "/x y/c.d" },
    ],
  }],
  ["apiKey credential", { ...PLAN, auth: { ...PLAN.auth, type: "apiKey" } }],
  ["sealed workspace", { ...PLAN, seal: SEALED }],
  ["sealed read-only workspace", { ...PLAN, seal: SEALED, workspaceReadOnly: true }],
];

Deno.test("docker_run_masks_every_secret_file_with_an_empty_read_only_mount", () => {
  const mounts = values(readRunArgv(argvOf({ ...PLAN, seal: SEALED })), "--mount").map(readMount);
  const at = (path: string) => mounts.filter((m) => m.target === `${IN_BOTTLE.workspace}/${path}`);
  deepStrictEqual(at(".env").map((m) => [m.source, m.readOnly]), [[PATHS.emptyFile, true]]);
  deepStrictEqual(at("a b/.ssh").map((m) => [m.source, m.readOnly]), [[PATHS.emptyFolder, true]]);
  deepStrictEqual(at(".git/config").map((m) => [m.source, m.readOnly]), [
    [`${PLAN.workspace}/.git/config`, true],
  ]);
  deepStrictEqual(at(".git").map((m) => [m.source, m.readOnly]), [[
    `${PLAN.workspace}/.git`,
    false,
  ]]);
});

Deno.test("docker_run_keeps_masks_but_drops_read_only_self_mounts_for_a_read_only_workspace", () => {
  const plan = { ...PLAN, seal: SEALED, workspaceReadOnly: true };
  const targets = values(readRunArgv(argvOf(plan)), "--mount").map(readMount).map((m) => m.target);
  ok(targets.includes(`${IN_BOTTLE.workspace}/.env`));
  ok(!targets.includes(`${IN_BOTTLE.workspace}/.git/config`));
});

Deno.test("sealViolations() notices a missing mask (the seal check can fail)", () => {
  const plan = { ...PLAN, seal: SEALED };
  const argv = argvOf(plan);
  const i = argv.findIndex((a) => a.includes(`target=${IN_BOTTLE.workspace}/.env`));
  const weakened = [...argv.slice(0, i - 1), ...argv.slice(i + 1)];
  deepStrictEqual(sealViolations(weakened, plan, PATHS), [
    `${IN_BOTTLE.workspace}/.env is not sealed`,
  ]);
});

Deno.test("docker run argv keeps the seal for every variant of the plan", () => {
  for (const [what, plan] of VARIANTS) {
    deepStrictEqual(sealViolations(argvOf(plan), plan, PATHS), [], what);
  }
});

Deno.test("docker run argv keeps the bottle off every network", () => {
  for (const [, plan] of VARIANTS) {
    const read = readRunArgv(argvOf(plan));
    deepStrictEqual(values(read, "--network"), ["none"]);
    for (
      const forbidden of ["--net", "--network-alias", "--publish", "-p", "--add-host", "--dns"]
    ) {
      deepStrictEqual(values(read, forbidden), [], forbidden);
    }
  }
});

Deno.test("docker run argv is never privileged and never mounts the engine's socket", () => {
  const forbidden = [
    "--privileged",
    "-v",
    "--volume",
    "--volumes-from",
    "--cap-add",
    "--device",
    "--pid",
    "--ipc",
    "--userns",
    "--group-add",
  ];
  for (const [what, plan] of VARIANTS) {
    const argv = argvOf(plan);
    const flags = readRunArgv(argv).flags.map(([f]) => f);
    deepStrictEqual(flags.filter((f) => forbidden.includes(f)), [], what);
    ok(!argv.some((a) => /docker\.sock|\/var\/run|unconfined/.test(a)), what);
  }
});

Deno.test("docker run argv mounts the workspace read-only exactly when workspaceReadOnly", () => {
  const workspaceMount = (plan: BottlePlan) =>
    values(readRunArgv(argvOf(plan)), "--mount").map(readMount).find((m) =>
      m.target === IN_BOTTLE.workspace
    );
  strictEqual(workspaceMount({ ...PLAN, workspaceReadOnly: false })?.readOnly, false);
  strictEqual(workspaceMount({ ...PLAN, workspaceReadOnly: true })?.readOnly, true);
});

Deno.test("docker run argv mounts skills, sockets, config and managed settings read-only", () => {
  const mounts = values(readRunArgv(argvOf(VARIANTS[3]![1])), "--mount").map(readMount);
  const readOnlyTargets = mounts.filter((m) => m.readOnly).map((m) => m.target).sort();
  deepStrictEqual(
    readOnlyTargets,
    [
      IN_BOTTLE.managedSettings,
      IN_BOTTLE.config,
      `${IN_BOTTLE.skills}/a`,
      `${IN_BOTTLE.skills}/b`,
      `${IN_BOTTLE.skills}/c.d`,
      IN_BOTTLE.sockets,
      ...PINNED_SHELL_FILES,
    ].sort(),
  );
});

Deno.test("docker run argv caps every tmpfs and makes it noexec, nosuid", () => {
  const tmpfs = values(readRunArgv(argvOf()), "--tmpfs");
  strictEqual(tmpfs.length, 5);
  deepStrictEqual(tmpfs.map((t) => t.slice(0, t.indexOf(":"))), [
    "/tmp",
    "/home/agent",
    "/home/agent/.claude",
    "/home/agent/.claude/shell-snapshots",
    "/home/agent/.claude/session-env",
  ]);
  deepStrictEqual(
    tmpfs.map((t) => /size=(\w+)/.exec(t)?.[1]),
    [TMPFS_SIZES.tmp, TMPFS_SIZES.home, TMPFS_SIZES.claude, "4k", "4k"],
  );
  for (const t of tmpfs) ok(/,noexec,nosuid,/.test(t), t);
});

Deno.test("docker run argv passes the plan's runtime and resources through", () => {
  const plan: BottlePlan = {
    ...PLAN,
    runtime: "kata",
    resources: { memory: "768m", cpus: 1.5, pids: 64 },
  };
  const read = readRunArgv(argvOf(plan));
  deepStrictEqual(values(read, "--runtime"), ["kata"]);
  deepStrictEqual(values(read, "--memory"), ["768m"]);
  deepStrictEqual(values(read, "--memory-swap"), ["768m"], "no swap beyond the memory cap");
  deepStrictEqual(values(read, "--cpus"), ["1.5"]);
  deepStrictEqual(values(read, "--pids-limit"), ["64"]);
});

Deno.test("docker run argv carries no value of the agent's environment (it goes through --env-file)", () => {
  const plan: BottlePlan = {
    ...PLAN,
    env: [
      { name: "LITERAL", kind: "literal", value: "literal-sentinel-7f3a" },
      { name: "GRANT", kind: "fromHost", hostVariable: "HOST_GRANT" },
    ],
  };
  const host: Record<string, string> = {
    HOST_GRANT: "host-sentinel-91c4",
    CLAUDE_BOTTLE_OAUTH_TOKEN: "sk-ant-oat01-real-sentinel-55e2",
    TZ: "tz-sentinel-Europe/Paris",
  };
  const phantom = "sk-ant-oat01-phantom-sentinel-0b9dAA";
  const env = agentEnv(plan, phantom, (name) => host[name]);
  const argv = argvOf(plan).join("\n");
  // Values that are also fixed facts of the seal (HOME, the uid, "1") would match by accident.
  const distinctive = Object.values(env).filter((v) => v.includes("sentinel"));
  strictEqual(distinctive.length, 4, "the env under test holds every sentinel");
  for (const value of [...distinctive, ...Object.values(host)]) {
    ok(!argv.includes(value), `argv carries ${value}`);
  }
  ok(!/(^|\n)(-e|--env)(\n|=|$)/.test(argv));
  deepStrictEqual(values(readRunArgv(argvOf(plan)), "--env-file"), [PATHS.envFile]);
});

Deno.test("docker run argv starts the image with the init script and the mode, after --", () => {
  const argv = argvOf({ ...PLAN, image: "registry.example/agent@sha256:abc", mode: "print" });
  deepStrictEqual(argv.slice(argv.indexOf("--")), [
    "--",
    "registry.example/agent@sha256:abc",
    IN_BOTTLE.init,
    "print",
  ]);
});

Deno.test("docker run argv CSV-quotes mount paths so a comma cannot add a mount field", () => {
  const plan: BottlePlan = {
    ...PLAN,
    workspace: "/w,readonly=false,target=/etc",
    workspaceReadOnly: true,
  };
  const mounts = values(readRunArgv(argvOf(plan)), "--mount").map(readMount);
  deepStrictEqual(mounts[0], {
    type: "bind",
    source: "/w,readonly=false,target=/etc",
    target: "/workspace",
    readOnly: true,
    other: [],
  });
  deepStrictEqual(sealViolations(argvOf(plan), plan, PATHS), []);
});

// --- The detector itself --------------------------------------------------

Deno.test("sealViolations() flags every weakened argv (the checks can fail)", () => {
  const good = argvOf();
  const replace = (from: string, to: string) => good.map((a) => a === from ? to : a);
  const without = (flag: string) => good.filter((a) => a !== flag);
  // Drops a flag together with its value, the one that includes `part`.
  const withoutPair = (part: string) =>
    good.filter((a, i) => !a.includes(part) && !good[i + 1]?.includes(part));
  const weakened: ReadonlyArray<readonly [string, string[]]> = [
    ["host network", replace("none", "host")],
    ["no --read-only", without("--read-only")],
    ["no --init", without("--init")],
    ["host cgroup namespace", replace("private", "host")],
    ["caps kept", replace("ALL", "NET_RAW")],
    ["privileges allowed", replace("no-new-privileges", "seccomp=unconfined")],
    ["root user", replace("1000:1000", "0:0")],
    ["other runtime", replace("runc", "crun")],
    ["no seccomp profile", withoutPair("seccomp=")],
    ["engine's default seccomp profile only", good.filter((a) => !a.startsWith("seccomp="))],
    ["privileged", ["run", "--privileged", ...good.slice(1)]],
    ["docker socket", [
      "run",
      "--mount",
      "type=bind,source=/var/run/docker.sock,target=/var/run/docker.sock",
      ...good.slice(1),
    ]],
    ["-v host path", ["run", "-v", "/etc:/host-etc", ...good.slice(1)]],
    ["--env on argv", ["run", "--env", "SECRET=x", ...good.slice(1)]],
    ["writable skills", good.map((a) => a.includes("skills/review,readonly") ? a.slice(0, -9) : a)],
    [
      "read-only workspace mismatch",
      replace(
        "type=bind,source=/home/u/proj,target=/workspace",
        "type=bind,source=/home/u/proj,target=/workspace,readonly",
      ),
    ],
    [
      "workspace elsewhere",
      replace(
        "type=bind,source=/home/u/proj,target=/workspace",
        "type=bind,source=/home/u,target=/workspace",
      ),
    ],
    ["exec tmpfs", good.map((a) => a.startsWith("/tmp:") ? a.replace(",noexec", "") : a)],
    ["unbounded tmpfs", good.map((a) => a.startsWith("/tmp:") ? a.replace(",size=512m", "") : a)],
    [
      "writable shell snapshots",
      good.map((a) =>
        a.startsWith("/home/agent/.claude/shell-snapshots:") ? a.replace("ro,", "rw,") : a
      ),
    ],
    ["no read-only session-env", withoutPair("session-env:ro")],
    ["writable .bashrc", good.map((a) => a.endsWith("/.bashrc,readonly") ? a.slice(0, -9) : a)],
    ["unpinned .profile", withoutPair("/.profile,readonly")],
    [
      "unquoted comma",
      replace(
        "type=bind,source=/home/u/proj,target=/workspace",
        "type=bind,source=/home/u/proj,x,target=/workspace",
      ),
    ],
  ];
  for (const [what, argv] of weakened) {
    ok(sealViolations(argv, PLAN, PATHS).length > 0, `not flagged: ${what}`);
  }
});

Deno.test("sealViolations() flags an argv without the bottle's seccomp profile", () => {
  const argv = argvOf().filter((a, i, all) =>
    !a.startsWith("seccomp=") && !all[i + 1]?.startsWith("seccomp=")
  );
  deepStrictEqual(sealViolations(argv, PLAN, PATHS), [
    '--security-opt should be exactly ["no-new-privileges","seccomp=' + PATHS.seccompProfile +
    '"], got ["no-new-privileges"]',
  ]);
  const crun = { ...PLAN, runtime: "crun" };
  ok(sealViolations(argvOf(crun).filter((a) => !a.startsWith("seccomp=")), crun, PATHS).length > 0);
});

Deno.test("docker run argv applies the seccomp profile on runc and crun, not under gVisor", () => {
  const opts = (runtime: string) =>
    values(readRunArgv(argvOf({ ...PLAN, runtime })), "--security-opt");
  const profile = `seccomp=${PATHS.seccompProfile}`;
  deepStrictEqual(opts("runc"), ["no-new-privileges", profile]);
  deepStrictEqual(opts("crun"), ["no-new-privileges", profile]);
  deepStrictEqual(opts("runsc"), ["no-new-privileges"]);
});

// --- bindMount ------------------------------------------------------------

Deno.test("bindMount() leaves plain paths unquoted", () => {
  strictEqual(bindMount("/a/b", "/c", false), "type=bind,source=/a/b,target=/c");
  strictEqual(bindMount("/a/b", "/c", true), "type=bind,source=/a/b,target=/c,readonly");
});

Deno.test("bindMount() CSV-quotes fields holding a comma, a quote or a line break", () => {
  strictEqual(
    bindMount("/a,b", "/c", true),
    'type=bind,"source=/a,b",target=/c,readonly',
  );
  strictEqual(
    bindMount('/say "hi"', "/c", false),
    'type=bind,"source=/say ""hi""",target=/c',
  );
  strictEqual(bindMount("/a\nb", "/c", false), 'type=bind,"source=/a\nb",target=/c');
});

Deno.test("bindMount() output reads back, as docker's CSV reader sees it, to the same mount", () => {
  const path = fc.string({
    unit: fc.constantFrom("a", "/", ",", '"', "=", " ", "\n", "'", "\\", "é", "readonly"),
    minLength: 1,
  });
  fc.assert(
    fc.property(path, path, fc.boolean(), (source, target, readOnly) => {
      deepStrictEqual(readMount(bindMount(source, target, readOnly)), {
        type: "bind",
        source,
        target,
        readOnly,
        other: [],
      });
    }),
  );
});

Deno.test("readCsvRecord() refuses what docker's reader refuses (the round trip can fail)", () => {
  throws(() => readCsvRecord('type=bind,source=/a"b,target=/c'));
  throws(() => readCsvRecord('"source=/a"b,target=/c'));
  throws(() => readCsvRecord("source=/a\nb,target=/c"));
  deepStrictEqual(readCsvRecord('a,"b,c",d'), ["a", "b,c", "d"]);
});
