/**
 * Entropy checks for data smuggled in URLs: a host label that is encoded
 * data (`<base32 of a secret>.evil.allowed.test`) and path segments or query
 * values that are. Shannon entropy alone cannot tell a 20-character label of
 * words from one of base32 (real labels reach 4.0 bits per character, base32
 * chunks of that length average 3.7), so a dash-free run of at least
 * `MIN_RUN` characters counts as encoded data when any of these holds:
 *
 * - it switches between digits and letters at least 4 times (hex, base32,
 *   base64 all scatter digits; words and names rarely do);
 * - under a quarter of its letters are vowels and it has a run of 5 or more
 *   consonants (random letters; words are about 40 % vowels);
 * - its Shannon entropy is at least 4.2 bits per character (no real label
 *   measured reaches it).
 *
 * Measured by `tests/bench/dlp_entropy_thresholds.ts` on URLs found on this
 * machine (npm packages, Python, Perl and gcloud SDK files, /usr/share/doc)
 * and the Public Suffix List: 1 of 8,266 distinct labels and 1 of 11,307
 * host names are flagged (both an `.onion` address, which is random), against
 * 87 % of base32 chunks of exactly 16 characters, 99 % of longer ones, 98–99.9 %
 * of hex chunks and 100 % of base32 cut into 12-character labels. Path
 * segments and query values: 10 of 95,427 and 4 of 2,778 real ones flagged
 * (random document IDs such as Google Docs links) against 92 % of base64url —
 * which is why those findings are audited, not blocked.
 */

/** Shortest dash-free run judged: shorter runs are too short to tell. */
export const MIN_RUN = 16;

/** Whether one dash-free run (compared in lower case) looks like encoded data. */
export function looksEncoded(run: string): boolean {
  if (run.length < MIN_RUN) return false;
  const text = run.toLowerCase();
  let changes = 0, vowels = 0, letters = 0, consonants = 0, longestConsonants = 0;
  const counts = new Map<number, number>();
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    counts.set(c, (counts.get(c) ?? 0) + 1);
    const digit = c >= 48 && c <= 57;
    if (i > 0) {
      const p = text.charCodeAt(i - 1);
      if (digit !== (p >= 48 && p <= 57)) changes++;
    }
    if (c >= 97 && c <= 122) {
      letters++;
      if (c === 97 || c === 101 || c === 105 || c === 111 || c === 117 || c === 121) {
        vowels++;
        consonants = 0;
      } else {
        consonants++;
        if (consonants > longestConsonants) longestConsonants = consonants;
      }
    } else {
      consonants = 0;
    }
  }
  if (changes >= 4) return true;
  if (letters > 0 && vowels / letters < 0.25 && longestConsonants >= 5) return true;
  let bits = 0;
  for (const n of counts.values()) bits -= (n / text.length) * Math.log2(n / text.length);
  return bits >= 4.2;
}

/**
 * Whether a host name carries encoded data: any label, or the subdomain
 * labels joined (a secret cut into short labels, `abcd….efgh….evil.test`),
 * holds a dash-free run that looks encoded. The last two labels (the
 * registered name) are judged alone, never joined.
 */
export function hostLooksEncoded(host: string): boolean {
  const labels = host.split(".");
  if (labels.some((label) => label.split("-").some(looksEncoded))) return true;
  const joined = labels.slice(0, -2).join("");
  return joined.split("-").some(looksEncoded);
}

/**
 * Whether a URL path segment or query value looks like encoded data: a run
 * of base64 characters (split at other characters) that looks encoded and has
 * both cases. Hex-only values (digests, UUIDs) are left alone: a content
 * address is not a leak, and a known secret in hex is caught by the canaries.
 */
export function urlPartLooksEncoded(part: string): boolean {
  if (/^[0-9a-fA-F-]*$/.test(part)) return false;
  return part.split(/[^A-Za-z0-9+/=]/).some((run) =>
    /[A-Z]/.test(run) && /[a-z]/.test(run) && looksEncoded(run)
  );
}
