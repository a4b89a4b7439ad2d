/**
 * Stand-ins for the hook's real path policy, binary identity and
 * filesystem, good enough to run the shell corpus and the unit tests without
 * a bottle: the path judge denies bottle's default sensitive paths, the
 * command judge knows a fixed set of /usr/bin names, and the filesystem is a
 * small fixed tree with a workspace holding a `.env`.
 */

import { ALLOWED, type CommandJudge, denied, type PathJudge } from "../../verdict.ts";
import type { BashContext, TreeJudge } from "../bash_context.ts";
import type { ShellParser } from "../shell_parser.ts";
import type { ListDir } from "../expand_globs.ts";
import { resolveIn } from "../resolve_in.ts";

/** The fake agent's home folder. */
export const FAKE_HOME = "/home/agent";

/** The fake workspace (the tool call's cwd). */
export const FAKE_CWD = "/workspace";

/** The environment the fake agent runs with. */
export const FAKE_ENV: Readonly<Record<string, string>> = {
  HOME: FAKE_HOME,
  PATH: "/usr/local/bin:/usr/bin:/bin",
  USER: "agent",
  SHELL: "/bin/bash",
  LANG: "C.UTF-8",
  TMPDIR: "/tmp",
};

const READ_DENY: readonly RegExp[] = [
  /^\/home\/agent\/\.(ssh|aws|gnupg|kube|docker|azure)(\/|$)/,
  /^\/home\/agent\/\.config\/gcloud(\/|$)/,
  /^\/home\/agent\/\.(netrc|git-credentials|npmrc|pypirc)$/,
  /^\/proc\/[^/]+\/(environ|mem|root|fd)(\/|$)/,
  /^\/etc\/shadow$/,
  /^\/run\/bottle(\/|$)/,
  /^\/var\/run\/secrets(\/|$)/,
  /^\/etc\/claude-code(\/|$)/,
];

const WRITE_DENY: readonly RegExp[] = [
  /\/\.git\/hooks(\/|$)/,
  /\/\.git\/config$/,
  /\/\.(bashrc|bash_profile|bash_login|profile|zshrc|zprofile|zshenv|bash_logout)$/,
  /\/\.claude\/settings[^/]*\.json$/,
  /\/\.mcp\.json$/,
];

const TEMPLATE = /^\.env\.(example|sample|template|dist)$/;

function sensitiveName(name: string): boolean {
  if (name === ".env" || (name.startsWith(".env.") && !TEMPLATE.test(name))) return true;
  return /\.(pem|key)$/.test(name) || /^id_(rsa|ed25519|ecdsa|dsa)/.test(name);
}

/** Resolves `~` and a relative path the way the real judge would (without symlinks). */
export function fakeResolve(path: string, cwd: string): string {
  const expanded = path === "~"
    ? FAKE_HOME
    : path.startsWith("~/")
    ? FAKE_HOME + path.slice(1)
    : path;
  return resolveIn(cwd, expanded);
}

/** Denies bottle's default sensitive paths (reads and writes) and protected files (writes). */
export const fakePathJudge: PathJudge = (path, access, cwd) => {
  const abs = fakeResolve(path, cwd);
  const parts = abs.split("/");
  const hit = READ_DENY.some((re) => re.test(abs)) || parts.some(sensitiveName) ||
    (access === "write" && WRITE_DENY.some((re) => re.test(abs)));
  return hit ? denied("path.denied", `${path} is a protected path (${access})`) : ALLOWED;
};

/** Names the fake image has in /usr/bin (and /bin). */
export const FAKE_BINARIES: ReadonlySet<string> = new Set(
  ("cat ls grep egrep fgrep rg sed awk gawk find xargs git npm npx node python3 python perl ruby php sh bash dash " +
    "zsh env nohup timeout nice stdbuf sudo head tail wc sort uniq cut tr tee touch rm mv cp mkdir rmdir ln chmod " +
    "chown curl wget jq make tar gzip gunzip zip unzip diff patch base64 sha256sum md5sum stat file du df date " +
    "whoami id uname hostname ps kill sleep seq yes basename dirname realpath readlink mktemp tsc deno bun yarn " +
    "pnpm pip pip3 pytest cargo rustc go gcc cc clang ld dd truncate less more tree printenv which column " +
    "split paste comm join nl od xxd hexdump strings tac rev fold fmt expand unexpand sha1sum cmp " +
    "ssh scp rsync openssl docker kubectl terraform gh time flock setsid ionice taskset unbuffer test echo " +
    "printf true false pwd nproc free uptime locale tput clear cksum shuf watch lsof netstat ss ip ping " +
    "npm-run-all prettier eslint jest vitest mocha tsx ts-node black ruff mypy flake8 isort poetry uv pnpx " +
    "tmux socat ag ack rgrep less")
    .split(" "),
);

/** Allows names in FAKE_BINARIES (bare, or under /usr/bin, /bin) and workspace paths (`./x`, `node_modules/.bin/x`). */
export const fakeCommandJudge: CommandJudge = (name) => {
  const m = /^(?:\/usr\/local\/bin\/|\/usr\/bin\/|\/bin\/)?([^/]+)$/.exec(name);
  if (m !== null && FAKE_BINARIES.has(m[1]!)) return ALLOWED;
  if (
    /^\.{0,2}\/?(?:node_modules\/\.bin\/|scripts\/|\.\/)?[\w.-]+(\/[\w.-]+)*$/.test(name) &&
    name.includes("/")
  ) {
    return ALLOWED;
  }
  return denied("binary.unknown", `${name} is not a known executable`);
};

/** The fake filesystem: folder → entry names. */
export const FAKE_TREE: Readonly<Record<string, readonly string[]>> = {
  "/": ["bin", "etc", "home", "proc", "run", "tmp", "usr", "workspace", "root"],
  "/bin": ["cat", "sh", "bash", "ls"],
  "/usr": ["bin", "local"],
  "/usr/bin": [...FAKE_BINARIES],
  "/etc": ["shadow", "passwd", "hosts", "claude-code"],
  "/etc/claude-code": ["managed-settings.json"],
  "/home": ["agent"],
  "/home/agent": [".ssh", ".aws", ".bashrc", ".npmrc", ".cache", "notes.txt"],
  "/home/agent/.ssh": ["id_rsa", "id_rsa.pub", "known_hosts"],
  "/home/agent/.aws": ["credentials", "config"],
  "/proc": ["self", "1"],
  "/proc/self": ["environ", "cwd", "status"],
  "/proc/1": ["environ", "status"],
  "/run": ["bottle"],
  "/run/bottle": ["api.sock", "egress.sock"],
  "/tmp": [],
  "/workspace": [
    ".env",
    ".env.example",
    ".git",
    ".gitignore",
    "Makefile",
    "README.md",
    "list",
    "msg.txt",
    "node_modules",
    "package.json",
    "script.py",
    "src",
    "tests",
    "tsconfig.json",
  ],
  "/workspace/src": ["index.ts", "x.ts", "y.ts", "util"],
  "/workspace/src/util": ["a.ts"],
  "/workspace/tests": ["x_test.ts"],
  "/workspace/.git": ["HEAD", "config", "hooks", "objects", "refs"],
  "/workspace/.git/hooks": ["pre-commit.sample"],
};

/** Lists a folder of FAKE_TREE. */
export const fakeListDir: ListDir = (dir) =>
  FAKE_TREE[dir.length > 1 ? dir.replace(/\/+$/, "") : dir];

/**
 * Judges a recursive read over FAKE_TREE the way the real tree judge does:
 * the folder itself, then every file below it that `include` selects.
 */
export const fakeTreeJudge: TreeJudge = (dir, cwd, include = () => true, enter = () => true) => {
  const self = fakePathJudge(dir, "read", cwd);
  if (self.action !== "allow") return self;
  const root = fakeResolve(dir, cwd);
  const queue: string[] = [""];
  while (queue.length > 0) {
    const rel = queue.pop()!;
    const abs = rel === "" ? root : `${root === "/" ? "" : root}/${rel}`;
    for (const name of fakeListDir(abs) ?? []) {
      const relative = rel === "" ? name : `${rel}/${name}`;
      const path = `${abs === "/" ? "" : abs}/${name}`;
      if (fakeListDir(path) !== undefined) {
        if (enter(relative)) queue.push(relative);
        continue;
      }
      if (!include(relative)) continue;
      if (fakePathJudge(path, "read", "/").action !== "allow") {
        return denied("path.tree_denied", `searching ${dir} would read ${relative}`);
      }
    }
  }
  return ALLOWED;
};

/** A Bash context over the fakes (inline code denied), for tests. */
export function fakeBashContext(parser: ShellParser): BashContext {
  return {
    parser,
    cwd: FAKE_CWD,
    env: FAKE_ENV,
    judgePath: fakePathJudge,
    judgeTree: fakeTreeJudge,
    judgeCommand: fakeCommandJudge,
    listDir: fakeListDir,
    modes: { inlineCode: "deny" },
  };
}
