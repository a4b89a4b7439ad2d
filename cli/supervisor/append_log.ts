/** A log file a bottle keeps after it is gone (agent output, supervisor messages): 0600, append-only. */

/** Opens `path` for appending; the returned writer never throws (a full disk loses log lines, not the bottle). */
export function appendLog(path: string): { write: (text: string) => void; close: () => void } {
  const file = Deno.openSync(path, { append: true, create: true, mode: 0o600 });
  const encoder = new TextEncoder();
  let open = true;
  return {
    write: (text) => {
      if (!open) return;
      try {
        const bytes = encoder.encode(text);
        let written = 0;
        while (written < bytes.length) written += file.writeSync(bytes.subarray(written));
      } catch {
        // Logging must not take the bottle down.
      }
    },
    close: () => {
      if (open) file.close();
      open = false;
    },
  };
}
