/**
 * The content guard on one request body, without I/O, in this order:
 *
 * 1. Invisible Unicode is removed from every string (`sanitizeJsonBody`),
 *    unless turned off.
 * 2. The real secrets are looked for in every encoding the canaries know
 *    (raw, base64, hex, percent-encoded, reversed…), in the bytes about to
 *    go upstream — after step 1, so a credential split by zero-width
 *    characters is whole again — and, when some JSON escape spells ASCII
 *    (`\u0073k-…`), in the decoded strings too. A hit refuses the request:
 *    403 `dlp.known_secret`, audited with the secret's label and where it
 *    was, never its value. This runs before redaction, so a credential a
 *    detector would have masked is still blocked and audited.
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
import { findKnownSecret, redactDetected } from "../dlp/mod.ts";
import { concatBytes, mapJsonStrings, sanitizeJsonBody, scanJsonBytes } from "../unicode/mod.ts";
import { type ApiRefusal, GUARD_FAILED } from "./api_error.ts";
import { filterServerTools } from "./filter_server_tools.ts";
import { JsonFieldFilter, JsonFilterError } from "./json_field_filter.ts";
import type { ApiGuard } from "./resolve_api_guard.ts";

/** Forward this body, or refuse the request; with the audit notes either way. */
export type GuardedBody =
  | { readonly action: "forward"; readonly body: Uint8Array; readonly notes: readonly string[] }
  | { readonly action: "refuse"; readonly refusal: ApiRefusal; readonly notes: readonly string[] };

/** `name=count` pairs in name order, for a note. */
function countsNote(counts: Readonly<Record<string, number | undefined>>): string {
  return Object.keys(counts).sort().map((name) => `${name}=${counts[name]}`).join(" ");
}

function badBody(reason: string, notes: readonly string[]): GuardedBody {
  return {
    action: "refuse",
    refusal: {
      status: 400,
      type: "invalid_request_error",
      code: "api.bad_body",
      message: `bottle: ${reason}`,
    },
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
  return read.ok ? strings.join("\n") : undefined;
}

/** Runs the guard on `body`; never throws (a failure inside refuses the request). */
export function guardRequestBody(body: Uint8Array, guard: ApiGuard): GuardedBody {
  const notes: string[] = [];
  try {
    let bytes = body;
    let escapesAscii: boolean;
    if (guard.sanitizeUnicode) {
      const sanitized = sanitizeJsonBody(bytes);
      if (!sanitized.ok) return badBody(sanitized.reason, notes);
      if (sanitized.changed) notes.push(`unicode removed ${countsNote(sanitized.counts)}`);
      bytes = sanitized.bytes;
      escapesAscii = sanitized.escapesAscii;
    } else {
      escapesAscii = scanJsonBytes(bytes).escapesAscii;
    }

    let hit = findKnownSecret(guard.canaries, bytes);
    let where = hit === undefined ? "" : `at body byte ${hit.offset}`;
    if (hit === undefined && escapesAscii) {
      const strings = decodedStrings(bytes);
      if (strings === undefined) return badBody("the request body is not valid JSON", notes);
      hit = findKnownSecret(guard.canaries, strings);
      where = "in a string written with escapes";
    }
    if (hit !== undefined) {
      notes.push(`dlp.known_secret ${hit.label} (${hit.kind}, ${hit.encoding}) ${where}`);
      return {
        action: "refuse",
        refusal: {
          status: 403,
          type: "permission_error",
          code: "dlp.known_secret",
          message:
            `bottle: the request body carries the secret "${hit.label}" (${hit.encoding}); it was not sent`,
        },
        notes,
      };
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
      if (!redacted.ok) return badBody(redacted.reason, notes);
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
    return { action: "forward", body: bytes, notes };
  } catch (error) {
    if (error instanceof JsonFilterError) return badBody(error.message, notes);
    return {
      action: "refuse",
      refusal: GUARD_FAILED,
      notes,
    };
  }
}
