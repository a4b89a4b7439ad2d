/**
 * The content guard on one request body, without I/O, in this order:
 *
 * 1. Invisible Unicode is removed from every string (`sanitizeJsonBody`),
 *    unless turned off.
 * 2. The real secrets are looked for in every encoding the canaries know
 *    (raw, base64, hex, percent-encoded, reversed…), in the bytes about to
 *    go upstream — after step 1, so a credential split by zero-width
 *    characters is whole again — and, when some JSON escape spells ASCII
 *    (`\u0073k-…`), in the decoded strings too. Each one found inside a
 *    JSON string is replaced by `[bottle: secret NAME withheld]` and the
 *    request goes on (withhold_secrets.ts; a refusal would break the session
 *    for good, since every later turn carries the same tool result). One the
 *    replacement cannot reach (split over two strings) refuses the request:
 *    403 `dlp.known_secret`. Either way the audit names the secret's label
 *    and encoding, never its value. This runs before redaction, so a
 *    credential a detector would have masked is still withheld by name.
 * 3. Credentials the DLP detectors recognise are replaced by
 *    `[REDACTED:<detector>]` in string values, when asked to.
 * 4. Top-level fields that make the API fetch URLs are removed, then the
 *    `tools` entries of server tools the bottle is not granted
 *    (`web_fetch_*`, `web_search_*`, `code_execution_*`) — last, so a name
 *    that hid invisible characters (`"mcp\u200b_servers"`) is caught by its
 *    cleaned spelling. Each removal is noted with the tool's name and type.
 *
 * A body nothing changed is the very same bytes; what changed is noted for
 * the audit log as counts per category.
 */
import { findKnownSecret, type KnownSecretHit, redactDetected } from "../dlp/mod.ts";
import { concatBytes, mapJsonStrings, sanitizeJsonBody, scanJsonBytes } from "../unicode/mod.ts";
import { GUARD_FAILED } from "./api_error.ts";
import { type Refusal, refusal } from "../refusal.ts";
import { filterServerTools } from "./filter_server_tools.ts";
import { JsonFieldFilter, JsonFilterError } from "./json_field_filter.ts";
import type { ApiGuard } from "./resolve_api_guard.ts";
import { withholdKnownSecrets } from "./withhold_secrets.ts";

/** Forward this body, or refuse the request; with the audit notes either way. */
export type GuardedBody =
  | { readonly kind: "forward"; readonly body: Uint8Array; readonly notes: readonly string[] }
  | { readonly kind: "refuse"; readonly refusal: Refusal; readonly notes: readonly string[] };

/** `name=count` pairs in name order, for a note. */
function countsNote(counts: Readonly<Record<string, number | undefined>>): string {
  return Object.keys(counts).sort().map((name) => `${name}=${counts[name]}`).join(" ");
}

function badBody(reason: string, notes: readonly string[]): GuardedBody {
  return {
    kind: "refuse",
    refusal: refusal(400, "api.bad_body", reason),
    notes,
  };
}

/** The strings of `body`, decoded, member names too; undefined when it cannot be read. */
function decodedStrings(body: Uint8Array): string | undefined {
  const strings: string[] = [];
  const read = mapJsonStrings(body, (value) => {
    strings.push(value);
    return value;
  }, { keys: true });
  return read.kind === "rewritten" ? strings.join("\n") : undefined;
}

/** The first known secret in `bytes` (and in its escaped strings), where it was, or "unreadable". */
function knownSecretIn(
  bytes: Uint8Array,
  guard: ApiGuard,
  escapesAscii: boolean,
): { readonly hit: KnownSecretHit; readonly where: string } | "unreadable" | undefined {
  const hit = findKnownSecret(guard.canaries, bytes);
  if (hit !== undefined) return { hit, where: `at body byte ${hit.offset}` };
  if (!escapesAscii) return undefined;
  const strings = decodedStrings(bytes);
  if (strings === undefined) return "unreadable";
  const escaped = findKnownSecret(guard.canaries, strings);
  return escaped === undefined
    ? undefined
    : { hit: escaped, where: "in a string written with escapes" };
}

/** Runs the guard on `body`; never throws (a failure inside refuses the request). */
export function guardRequestBody(body: Uint8Array, guard: ApiGuard): GuardedBody {
  const notes: string[] = [];
  try {
    let bytes = body;
    let escapesAscii: boolean;
    if (guard.sanitizeUnicode) {
      const sanitized = sanitizeJsonBody(bytes);
      if (sanitized.kind === "error") return badBody(sanitized.reason, notes);
      if (sanitized.changed) notes.push(`unicode removed ${countsNote(sanitized.counts)}`);
      bytes = sanitized.bytes;
      escapesAscii = sanitized.escapesAscii;
    } else {
      escapesAscii = scanJsonBytes(bytes).escapesAscii;
    }

    const hit = knownSecretIn(bytes, guard, escapesAscii);
    if (hit === "unreadable") return badBody("the request body is not valid JSON", notes);
    if (hit !== undefined) {
      const replaced = withholdKnownSecrets(bytes, guard.canaries);
      if (replaced.kind === "error") return badBody(replaced.reason, notes);
      for (const withheld of replaced.withheld) {
        notes.push(`dlp.known_secret ${withheld.label} (real, ${withheld.encoding}) withheld`);
      }
      // Whatever is still there was not inside one string: refuse, as before.
      const left = knownSecretIn(replaced.bytes, guard, escapesAscii);
      if (left === "unreadable") return badBody("the request body is not valid JSON", notes);
      if (left !== undefined) {
        notes.push(
          `dlp.known_secret ${left.hit.label} (${left.hit.kind}, ${left.hit.encoding}) ${left.where}`,
        );
        return {
          kind: "refuse",
          refusal: refusal(
            403,
            "dlp.known_secret",
            `the request body carries the secret "${left.hit.label}" (${left.hit.encoding}); it was not sent`,
          ),
          notes,
        };
      }
      bytes = replaced.bytes;
    }

    if (guard.redactModelInput) {
      const counts: Record<string, number> = {};
      const redacted = mapJsonStrings(bytes, (value) => {
        const result = redactDetected(value);
        for (const [name, n] of Object.entries(result.counts)) {
          counts[name] = (counts[name] ?? 0) + n;
        }
        return result.text;
      });
      if (redacted.kind === "error") return badBody(redacted.reason, notes);
      if (redacted.changed) notes.push(`dlp redacted ${countsNote(counts)}`);
      bytes = redacted.bytes;
    }

    let removed = false;
    const filter = new JsonFieldFilter(guard.remove, (name) => {
      removed = true;
      notes.push(`removed field ${name}`);
    });
    const parts = filter.push(bytes);
    filter.finish();
    if (removed) bytes = concatBytes(parts);
    const tools = filterServerTools(bytes, guard.deniedServerTools);
    for (const tool of tools.removed) notes.push(`removed server tool ${tool}`);
    bytes = tools.bytes;
    return { kind: "forward", body: bytes, notes };
  } catch (error) {
    if (error instanceof JsonFilterError) return badBody(error.message, notes);
    return {
      kind: "refuse",
      refusal: GUARD_FAILED,
      notes,
    };
  }
}
