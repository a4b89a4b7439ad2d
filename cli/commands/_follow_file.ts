/**
 * Reads a log file from the start, and with `follow` keeps reading what is
 * appended until `stillWriting` says the writer is gone (then drains the rest).
 */

/** How often a followed file is checked for new bytes. */
const POLL_MS = 200;

/** Hands every complete chunk of `path` to `onText`; returns false when the file does not exist. */
export async function readLog(
  path: string,
  onText: (text: string) => void,
  follow: { readonly stillWriting: () => Promise<boolean> } | undefined,
): Promise<boolean> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(path, { read: true });
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return false;
    throw error;
  }
  const decoder = new TextDecoder();
  const buffer = new Uint8Array(64 * 1024);
  try {
    for (;;) {
      const n = await file.read(buffer);
      if (n !== null && n > 0) {
        onText(decoder.decode(buffer.subarray(0, n), { stream: true }));
        continue;
      }
      if (follow === undefined || !(await follow.stillWriting())) {
        // One last read: bytes written just before the writer went away.
        let rest = await file.read(buffer);
        while (rest !== null && rest > 0) {
          onText(decoder.decode(buffer.subarray(0, rest), { stream: true }));
          rest = await file.read(buffer);
        }
        onText(decoder.decode());
        return true;
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  } finally {
    file.close();
  }
}
