/** Shows paths the way the user most likely typed them. */
import { relative } from "node:path";

/** `path` relative to `cwd` when it lies below it, else absolute. */
export function displayPath(path: string, cwd: string): string {
  const rel = relative(cwd, path);
  return rel === "" || rel.startsWith("..") || rel.startsWith("/") ? path : rel;
}
