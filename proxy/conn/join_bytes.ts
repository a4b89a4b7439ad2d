/**
 * Joining byte pieces into one buffer before a write: a head and the body
 * bytes that arrived with it, or several re-framed chunks, go out as one
 * write, so one packet and one wake-up of the reader instead of several (and
 * no small second write waiting for a delayed ACK behind a Nagle relay).
 */

/** `parts` in one buffer; the part itself when it is the only one that is not empty. */
export function joinBytes(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  let last: Uint8Array | undefined;
  let filled = 0;
  for (const part of parts) {
    length += part.length;
    if (part.length > 0) {
      last = part;
      filled++;
    }
  }
  if (filled <= 1) return last ?? new Uint8Array(0);
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
