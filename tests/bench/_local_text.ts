/**
 * Real text already on this machine, for the DLP benchmarks: every file under
 * a folder (in name order, so runs read the same files), read as UTF-8 text —
 * `.gz` files decompressed, binaries skipped.
 */

/** Every regular file under `dir`, depth first, in name order; an unreadable folder yields nothing. */
export async function* filesUnder(dir: string): AsyncGenerator<string> {
  let entries: Deno.DirEntry[];
  try {
    entries = [...Deno.readDirSync(dir)].sort((a, b) => a.name.localeCompare(b.name));
  } catch {
    return;
  }
  for (const entry of entries) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory) yield* filesUnder(path);
    else if (entry.isFile) yield path;
  }
}

/**
 * The text of `path` (gunzipped for `.gz`), or undefined when it is larger than
 * `maxBytes`, unreadable, or binary (a NUL in its first 8 KiB) unless `binary`.
 */
export async function readLocalText(
  path: string,
  maxBytes: number,
  binary = false,
): Promise<string | undefined> {
  try {
    if (Deno.statSync(path).size > maxBytes) return undefined;
    let bytes = Deno.readFileSync(path);
    if (path.endsWith(".gz")) {
      const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
      bytes = new Uint8Array(await new Response(stream).arrayBuffer());
    }
    if (!binary && bytes.subarray(0, 8192).includes(0)) return undefined;
    return new TextDecoder().decode(bytes);
  } catch {
    return undefined;
  }
}
