/**
 * The folder a document's relative paths start from: the folder of its file,
 * so an unsaved buffer is judged exactly as `bottle validate FILE` judges the
 * saved file. Documents with no file (untitled buffers) use a fallback folder.
 */
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";

/** The local path of a `file:` URI, or undefined for any other URI. */
export function filePathOf(uri: string): string | undefined {
  if (!uri.startsWith("file:")) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** The folder of a `file:` URI's file, or `fallback` for any other URI. */
export function documentFolder(uri: string, fallback: string): string {
  const path = filePathOf(uri);
  return path === undefined ? fallback : dirname(path);
}
