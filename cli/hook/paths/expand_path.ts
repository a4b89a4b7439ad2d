/**
 * The lexical half of path resolution: `~`, relative to the tool call's
 * working folder, `//`, `.` and `..` collapsed by text alone, and the /dev
 * aliases of a process's open files. No filesystem access.
 */

/** The standard streams written through /dev: a tool's own stdin, stdout and stderr. */
export const STANDARD_STREAMS: ReadonlySet<string> = new Set([
  "/dev/stdin",
  "/dev/stdout",
  "/dev/stderr",
  "/dev/fd/0",
  "/dev/fd/1",
  "/dev/fd/2",
]);

/** What `~` means: the agent's home folder and user name (`~agent` is `~`). */
export interface HomeInfo {
  readonly home: string;
  readonly user: string;
}

/**
 * The absolute, lexically normalised form of `path` as the tool call wrote
 * it. Throws for an empty path, a NUL byte, a relative `cwd`, or `~name` for a
 * user other than the agent and root.
 */
export function expandPath(path: string, cwd: string, home: HomeInfo): string {
  return normaliseAbsolute(joinPath(path, cwd, home));
}

/**
 * `path` made absolute (`~`, the working folder) but not normalised: `..`
 * stays where it was written, so a walk through the filesystem can apply it
 * after the symlink before it, as the kernel does (`link/../x`).
 */
export function joinPath(path: string, cwd: string, home: HomeInfo): string {
  if (path === "") throw new Error("the path is empty");
  if (path.includes("\0")) throw new Error("the path contains a NUL byte");
  let absolute: string;
  if (path === "~" || path.startsWith("~/")) {
    absolute = home.home + path.slice(1);
  } else if (path.startsWith("~")) {
    const slash = path.indexOf("/");
    const name = slash === -1 ? path.slice(1) : path.slice(1, slash);
    const rest = slash === -1 ? "" : path.slice(slash);
    if (name === home.user) absolute = home.home + rest;
    else if (name === "root") absolute = "/root" + rest;
    else throw new Error(`"~${name}" names a user this bottle does not have`);
  } else if (path.startsWith("/")) {
    absolute = path;
  } else {
    if (!cwd.startsWith("/")) throw new Error(`the working folder "${cwd}" is not absolute`);
    absolute = `${cwd}/${path}`;
  }
  return absolute;
}

/** `/dev/fd/N` and `/dev/std*` as the /proc paths they stand for; other paths unchanged. */
export function procAlias(path: string): string {
  if (path === "/dev/fd" || path.startsWith("/dev/fd/")) return `/proc/self/fd${path.slice(7)}`;
  const stream = ["/dev/stdin", "/dev/stdout", "/dev/stderr"].indexOf(
    path.split("/").slice(0, 3).join("/"),
  );
  if (stream !== -1) {
    const rest = path.split("/").slice(3);
    return ["/proc/self/fd", String(stream), ...rest].join("/");
  }
  return path;
}

/** Collapses `//`, `.` and `..` by text (`..` at the root stays at the root). */
export function normaliseAbsolute(path: string): string {
  const out: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") out.pop();
    else out.push(segment);
  }
  return `/${out.join("/")}`;
}
