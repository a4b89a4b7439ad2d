/**
 * Shannon entropy and the other small tests that tell a random secret from a
 * word, a placeholder or an identifier.
 */

const counts = new Int32Array(65536);

/** Shannon entropy of `text` in bits per character (0 for the empty string). */
export function shannonEntropy(text: string): number {
  const n = text.length;
  if (n === 0) return 0;
  const seen: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (counts[c] === 0) seen.push(c);
    counts[c] = counts[c]! + 1;
  }
  let bits = 0;
  for (const c of seen) {
    const p = counts[c]! / n;
    bits -= p * Math.log2(p);
    counts[c] = 0;
  }
  return bits;
}

/** How many of lower case, upper case, digits and other characters occur in `text`. */
export function characterClasses(text: string): number {
  let lower = 0, upper = 0, digit = 0, other = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 97 && c <= 122) lower = 1;
    else if (c >= 65 && c <= 90) upper = 1;
    else if (c >= 48 && c <= 57) digit = 1;
    else other = 1;
  }
  return lower + upper + digit + other;
}

/**
 * Marks of a placeholder that a random token cannot carry by chance: runs of
 * `x`, `*`, `0` or dots, template syntax, `EXAMPLE`. Safe to test on long
 * tokens (a word list is not: a 150-character random token contains `test`
 * or `fake` about once in 5,000).
 */
const MARKERS = /x{4,}|X{4,}|\*{3,}|\.{3}|0{8,}|<|>|\{\{|\$\{|\$\(|%s|%\(|example|EXAMPLE|Example/;

/** Words of documentation placeholders, tested only on short values (generic assignments, URL passwords). */
const WORDS =
  /12345|abcdef|ABCDEF|sample|SAMPLE|dummy|DUMMY|placeholder|PLACEHOLDER|your|YOUR|changeme|CHANGEME|redacted|REDACTED|secret|SECRET|password|PASSWORD|token|TOKEN|fake|FAKE|test|TEST/;

/** Whether `text` looks like a documentation placeholder (`xxxx`, `your_key`, `${TOKEN}`, `EXAMPLE`…). */
export function looksLikePlaceholder(text: string): boolean {
  return MARKERS.test(text) || WORDS.test(text);
}

/** Whether `text` repeats one short unit (`abababab`, `aaaaaaaa`): never a random secret. */
export function isRepetitive(text: string): boolean {
  for (let unit = 1; unit <= 4 && unit * 2 <= text.length; unit++) {
    let same = true;
    for (let i = unit; i < text.length && same; i++) {
      same = text.charCodeAt(i) === text.charCodeAt(i - unit);
    }
    if (same) return true;
  }
  return false;
}

/**
 * A plausible random token body (after a vendor prefix): no placeholder
 * mark, not repetitive, and at least `minBits` of Shannon entropy per character.
 */
export function looksRandom(text: string, minBits: number): boolean {
  return !MARKERS.test(text) && !isRepetitive(text) && shannonEntropy(text) >= minBits;
}
