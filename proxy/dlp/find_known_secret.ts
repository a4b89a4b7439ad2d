/**
 * The canary scan: every known secret, in every spelling, in one pass whose
 * cost per byte does not depend on how many secrets there are.
 */
import { type CanarySet, type CanaryTable, GRAM, gramHashAt } from "./compile_canaries.ts";
import type { KnownSecretHit } from "./known_secret.ts";

const latin1 = new TextDecoder("latin1");

/** Bytes as text, one character per byte (offsets stay byte offsets). */
export function bytesAsText(data: Uint8Array): string {
  return latin1.decode(data);
}

/** First known secret found in any listed encoding; never carries the value. */
export function findKnownSecret(
  set: CanarySet,
  data: string | Uint8Array,
): KnownSecretHit | undefined {
  const text = typeof data === "string" ? data : bytesAsText(data);
  return hitFrom(set, searchTable(set.exact, text));
}

/**
 * `findKnownSecret` for text that was case-folded on its way (a host name is
 * lower-cased by the proxy and by DNS): compares in lower case.
 */
export function findKnownSecretIgnoringCase(
  set: CanarySet,
  text: string,
): KnownSecretHit | undefined {
  return hitFrom(set, searchTable(set.folded, text.toLowerCase()));
}

/**
 * Up to `max` known secrets in `text` that end after `after` (hits wholly
 * before it were reported by an earlier scan of a stream), earliest first,
 * with the length of the spelling found.
 */
export function findKnownSecretsEndingAfter(
  set: CanarySet,
  text: string,
  after: number,
  max = 16,
): Array<KnownSecretHit & { readonly length: number }> {
  const hits: Array<KnownSecretHit & { readonly length: number }> = [];
  let from = 0;
  while (hits.length < max) {
    const found = searchTable(set.exact, text, from);
    if (found === undefined) return hits;
    const length = found.table.variants[found.variant]!.text.length;
    if (found.start + length > after) hits.push({ ...hitFrom(set, found)!, length });
    from = found.start + 1;
  }
  return hits;
}

function hitFrom(
  set: CanarySet,
  found: { variant: number; start: number; table: CanaryTable } | undefined,
): KnownSecretHit | undefined {
  if (found === undefined) return undefined;
  const variant = found.table.variants[found.variant]!;
  const secret = set.secrets[variant.secret]!;
  return {
    label: secret.label,
    kind: secret.kind,
    encoding: variant.encoding,
    offset: found.start,
  };
}

/** The spelling found earliest in `text` at or after `from`, if any. */
function searchTable(
  table: CanaryTable,
  text: string,
  from = 0,
): { variant: number; start: number; table: CanaryTable } | undefined {
  if (table.variants.length === 0) return undefined;
  const { grams, step, variants, bits, shift } = table;
  let best: { variant: number; start: number; table: CanaryTable } | undefined;
  // A spelling starting before `best` covers a sampled gram before best.start + step.
  let limit = text.length - GRAM;
  for (let pos = from - from % step; pos <= limit; pos += step) {
    const h = gramHashAt(text, pos);
    const b = Math.imul(h, 0x9e3779b1) >>> shift;
    if ((bits[b >>> 5]! & (1 << (b & 31))) === 0) continue;
    const list = grams.get(h);
    if (list === undefined) continue;
    for (let k = 0; k < list.length; k += 2) {
      const v = list[k]!;
      const start = pos - list[k + 1]!;
      if (start < from || (best !== undefined && start >= best.start)) continue;
      if (!text.startsWith(variants[v]!.text, start)) continue;
      best = { variant: v, start, table };
      limit = Math.min(limit, start + step - 1);
    }
  }
  return best;
}
