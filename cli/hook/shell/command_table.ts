/**
 * What the shell analysis knows about individual commands: which ones only
 * wrap another command (and which of their options take a value), which are
 * shells and interpreters (and their inline-code flags), which write the
 * files they name, and which take a pattern or a message rather than a path.
 * Unknown commands get the cautious default: every argument may be a file
 * that is read.
 */

/** A command that runs another one: the options it takes before it. */
export interface Wrapper {
  /** Options that take a value as the next argument (`-n 5`). */
  readonly valued: ReadonlySet<string>;
  /** How many operands come before the wrapped command (`timeout DURATION cmd`). */
  readonly operands: number;
  /** Leading `NAME=value` operands are environment assignments (`env`). */
  readonly assignments?: boolean;
}

const w = (valued: string[], operands = 0, assignments = false): Wrapper => ({
  valued: new Set(valued),
  operands,
  assignments,
});

/** Wrappers peeled to find the command that really runs. */
export const WRAPPERS: ReadonlyMap<string, Wrapper> = new Map([
  ["env", w(["-u", "--unset", "-C", "--chdir", "-S", "--split-string"], 0, true)],
  ["nohup", w([])],
  ["timeout", w(["-s", "--signal", "-k", "--kill-after"], 1)],
  ["nice", w(["-n", "--adjustment"])],
  ["stdbuf", w(["-i", "-o", "-e", "--input", "--output", "--error"])],
  [
    "sudo",
    w([
      "-u",
      "-g",
      "-C",
      "-D",
      "-h",
      "-p",
      "-r",
      "-t",
      "-U",
      "-T",
      "--user",
      "--group",
      "--chdir",
      "--host",
      "--prompt",
      "--role",
      "--type",
      "--other-user",
      "--command-timeout",
      "--close-from",
    ]),
  ],
  ["doas", w(["-u", "-C"])],
  ["time", w(["-f", "--format", "-o", "--output"])],
  ["ionice", w(["-c", "-n", "-p", "-P", "-u", "--class", "--classdata"])],
  ["chrt", w([], 1)],
  ["taskset", w([], 1)],
  ["setsid", w([])],
  ["flock", w(["-w", "--timeout", "-E", "--conflict-exit-code"], 1)],
  ["unbuffer", w([])],
  [
    "xvfb-run",
    w([
      "-n",
      "--server-num",
      "-s",
      "--server-args",
      "-f",
      "--auth-file",
      "-e",
      "--error-file",
      "-p",
      "--xauth-protocol",
    ]),
  ],
  ["catchsegv", w([])],
  ["fakeroot", w(["-l", "--lib", "--faked", "-s", "-i"])],
  ["dbus-run-session", w(["--config-file", "--dbus-daemon"])],
  ["caffeinate", w([])],
  ["runuser", w(["-u", "-g", "-G", "--user", "--group"])],
  ["strace", w(["-e", "-o", "-p", "-s", "-u", "-E", "-P", "-a", "-b", "-I", "-O", "-S", "-X"])],
  ["ltrace", w(["-e", "-o", "-p", "-s", "-u", "-a", "-n", "-A", "-D", "-F", "-l", "-L", "-x"])],
  ["chroot", w(["--userspec", "--groups"], 1)],
  ["nsenter", w(["-t", "--target", "-S", "-G", "--setuid", "--setgid"])],
  ["unshare", w(["--map-user", "--map-group", "--propagation", "--setgroups"])],
  ["busybox", w([])],
]);

/** Shells: a `-c` string is parsed and analysed like the command line itself. */
export const SHELLS: ReadonlySet<string> = new Set([
  "sh",
  "bash",
  "dash",
  "zsh",
  "ksh",
  "mksh",
  "ash",
  "yash",
  "posh",
  "rbash",
  "fish",
  "csh",
  "tcsh",
]);

/** Options of a shell that take a value. */
export const SHELL_VALUED: ReadonlySet<string> = new Set([
  "-o",
  "+o",
  "-O",
  "+O",
  "--rcfile",
  "--init-file",
]);

/** An interpreter's inline-code options and options that take a value. */
export interface Interpreter {
  /** Options whose value (or whose following argument) is a program. */
  readonly inline: ReadonlySet<string>;
  /** Options taking a value that is not a program (`-m module`, `-I dir`). */
  readonly valued: ReadonlySet<string>;
  /** Options that end option parsing and name a module to run (`python -m`). */
  readonly module?: ReadonlySet<string>;
}

const interp = (inline: string[], valued: string[], module: string[] = []): Interpreter => ({
  inline: new Set(inline),
  valued: new Set(valued),
  module: new Set(module),
});

const PYTHON = interp(["-c"], ["-W", "-X", "--check-hash-based-pycs"], ["-m"]);
const NODE = interp(["-e", "--eval", "-p", "--print"], [
  "-r",
  "--require",
  "--import",
  "--loader",
  "--experimental-loader",
  "--input-type",
  "--conditions",
  "-C",
  "--env-file",
  "--title",
  "--stack-size",
]);
const PERL = interp(["-e", "-E"], ["-I", "-M", "-m", "-x", "-i", "-0", "-l", "-C", "-d", "-D"]);
const RUBY = interp(["-e"], ["-I", "-r", "-C", "-E", "-x", "-F", "-0", "-K", "-T", "-W"]);

/** Interpreters (other than shells) and how they take code. */
export const INTERPRETERS: ReadonlyMap<string, Interpreter> = new Map([
  ["python", PYTHON],
  ["python2", PYTHON],
  ["python3", PYTHON],
  ["pypy", PYTHON],
  ["pypy3", PYTHON],
  ["node", NODE],
  ["nodejs", NODE],
  ["bun", interp(["-e", "--eval", "-p", "--print"], ["-r", "--preload", "--cwd", "--config"])],
  ["deno", interp(["eval"], [])],
  ["perl", PERL],
  ["ruby", RUBY],
  ["php", interp(["-r", "-B", "-R", "-E", "-F"], ["-c", "-d", "-z", "-t"])],
  ["lua", interp(["-e"], ["-l"])],
  ["luajit", interp(["-e"], ["-l", "-j", "-O"])],
  ["tclsh", interp([], [])],
  ["wish", interp([], [])],
  ["Rscript", interp(["-e"], [])],
  ["R", interp(["-e"], [])],
  ["osascript", interp(["-e"], ["-l"])],
  ["jshell", interp([], [])],
  ["irb", interp([], [])],
  ["gawk", interp([], [])],
]);

/** A versioned interpreter name (`python3.12`, `perl5.36`) maps to its family. */
export function interpreterFamily(name: string): string | undefined {
  if (INTERPRETERS.has(name)) return name;
  const m = /^(python|pypy|perl|ruby|php|lua|node)[\d.]+$/.exec(name);
  return m === null ? undefined : m[1] === "python" || m[1] === "pypy" ? "python3" : m[1];
}

/** Commands whose operands are not files (messages, patterns, numbers, names). */
export const NO_PATH_COMMANDS: ReadonlySet<string> = new Set([
  "echo",
  "printf",
  "true",
  "false",
  ":",
  "test",
  "[",
  "exit",
  "return",
  "shift",
  "break",
  "continue",
  "wait",
  "kill",
  "sleep",
  "seq",
  "yes",
  "expr",
  "basename",
  "dirname",
  "date",
  "whoami",
  "id",
  "uname",
  "hostname",
  "pwd",
  "type",
  "which",
  "whereis",
  "hash",
  "alias",
  "unalias",
  "export",
  "declare",
  "typeset",
  "local",
  "readonly",
  "unset",
  "read",
  "set",
  "shopt",
  "let",
  "getopts",
  "jobs",
  "fg",
  "bg",
  "disown",
  "umask",
  "ulimit",
  "times",
  "history",
  "help",
  "logger",
  "notify-send",
  "tput",
  "stty",
  "clear",
  "reset",
  "nproc",
  "free",
  "uptime",
  "ps",
  "pgrep",
  "pkill",
  "killall",
  "printenv",
  "locale",
  "tty",
  "groups",
  "users",
  "who",
  "w",
  "arch",
  "getconf",
  "factor",
  "numfmt",
  "bc",
  "dc",
  "cal",
  "ping",
]);

/** Commands that write every file operand. */
export const WRITES_ALL: ReadonlySet<string> = new Set([
  "tee",
  "touch",
  "truncate",
  "rm",
  "rmdir",
  "mkdir",
  "chmod",
  "chown",
  "chgrp",
  "unlink",
  "shred",
  "mkfifo",
  "mknod",
  "setfacl",
  "chattr",
]);

/** Commands whose last operand is the destination (written), the rest are read. */
export const WRITES_LAST: ReadonlySet<string> = new Set([
  "cp",
  "mv",
  "install",
  "ln",
  "rsync",
  "scp",
]);

/** Commands whose first operand is a pattern or program, not a file (unless given by an option). */
export const PATTERN_FIRST: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ["grep", new Set(["-e", "--regexp", "-f", "--file"])],
  ["egrep", new Set(["-e", "--regexp", "-f", "--file"])],
  ["fgrep", new Set(["-e", "--regexp", "-f", "--file"])],
  ["rg", new Set(["-e", "--regexp", "-f", "--file"])],
  ["ag", new Set([])],
  ["ack", new Set([])],
  ["jq", new Set(["-f", "--from-file"])],
  ["yq", new Set([])],
  ["sed", new Set(["-e", "--expression", "-f", "--file"])],
  ["awk", new Set(["-f", "--file"])],
  ["gawk", new Set(["-f", "--file"])],
  ["mawk", new Set(["-f"])],
  ["nawk", new Set(["-f"])],
]);

/** Options whose value is a message, pattern or name rather than a path (never judged as a file). */
export const NON_PATH_OPTIONS: ReadonlySet<string> = new Set([
  "-m",
  "--message",
  "-e",
  "--regexp",
  "--grep",
  "--author",
  "--committer",
  "--format",
  "--pretty",
  "-name",
  "-iname",
  "-path",
  "-ipath",
  "-regex",
  "-iregex",
  "-type",
  "-g",
  "--glob",
  "--iglob",
  "-t",
  "--type",
  "--include",
  "--exclude",
  "--exclude-dir",
  "-A",
  "-B",
  "-C",
  "-n",
  "--arg",
  "--argjson",
  "-H",
  "--header",
  "-X",
  "--request",
  "-d",
  "--data",
  "--data-raw",
  "-u",
  "--user",
  "-w",
  "--word",
  "-F",
  "--fixed-strings",
]);

/** Options whose value is a file the command writes. */
export const WRITE_OPTIONS: ReadonlySet<string> = new Set([
  "-o",
  "--output",
  "-O",
  "--output-document",
  "--output-file",
  "--log-file",
]);
