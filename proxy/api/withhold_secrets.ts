/**
 * The model channel's answer to a real secret in a request body: each known
 * real value found inside a JSON string (member names too), in any spelling
 * the canaries know, is replaced by a fixed marker naming the secret, and the
 * request goes on. Refusing it instead would break the session for good: once
 * a tool result carried a credential, every later turn carries it again.
 *
 * What this does not cover, and what the caller does about it: a secret that
 * is not inside one JSON string (split over two strings, or in bytes that are
 * not a string at all) is not replaced; the caller scans the rewritten body
 * again and refuses it if any known secret is left. Phantoms are never in the
 * set (resolve_api_guard.ts): they are worthless and pass untouched.
 */
import type { CanarySet } from "../dlp/compile_canaries.ts";
import { findKnownSecretsEndingAfter } from "../dlp/find_known_secret.ts";
import { mapJsonStrings } from "../unicode/mod.ts";

/** One replacement made, for the audit: never the value. */
export interface Withheld {
  readonly label: string;
  readonly encoding: string;
}

/** The rewritten body and what was withheld, or why the body could not be read. */
export type WithheldBody =
  | {
    readonly kind: "withheld";
    readonly bytes: Uint8Array;
    readonly withheld: readonly Withheld[];
  }
  | { readonly kind: "error"; readonly reason: string };

/** The text that stands in for a withheld secret. */
export function withheldMarker(label: string): string {
  return `[bottle: secret ${label} withheld]`;
}

/** Rounds of search-and-replace per string; each round replaces up to 16 spans. */
const MAX_ROUNDS = 64;

/** `text` with every known secret's span replaced by its marker; records each in `withheld`. */
export function withholdInText(set: CanarySet, text: string, withheld: Withheld[]): string {
  let current = text;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const hits = findKnownSecretsEndingAfter(set, current, 0);
    if (hits.length === 0) return current;
    // Earliest first; keep spans that do not overlap an earlier one, replace from the end.
    const spans: Array<{ start: number; end: number; label: string }> = [];
    for (const hit of hits) {
      const last = spans[spans.length - 1];
      if (last !== undefined && hit.offset < last.end) continue;
      spans.push({ start: hit.offset, end: hit.offset + hit.length, label: hit.label });
      withheld.push({ label: hit.label, encoding: hit.encoding });
    }
    for (let i = spans.length - 1; i >= 0; i--) {
      const span = spans[i]!;
      current = current.slice(0, span.start) + withheldMarker(span.label) +
        current.slice(span.end);
    }
  }
  return current;
}

/** `body` with every known secret inside its strings replaced by a marker. */
export function withholdKnownSecrets(body: Uint8Array, set: CanarySet): WithheldBody {
  const withheld: Withheld[] = [];
  const rewritten = mapJsonStrings(body, (value) => withholdInText(set, value, withheld), {
    keys: true,
  });
  if (rewritten.kind === "error") return rewritten;
  return { kind: "withheld", bytes: rewritten.bytes, withheld };
}
