/** Resolves a path against a working folder, the way the shell analysis tracks `cd` and operands. */

/** Joins a folder and a path (absolute paths win), resolving `.` and `..`. */
export function resolveIn(cwd: string, path: string): string {
  const parts = (path.startsWith("/") ? path : `${cwd}/${path}`).split("/");
  const out: string[] = [];
  for (const part of parts) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return `/${out.join("/")}`;
}
