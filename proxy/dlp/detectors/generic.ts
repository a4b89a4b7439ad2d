/**
 * Generic detectors: a value assigned to a key named like a password, a
 * secret or a token (`DB_PASSWORD=…`, `"client_secret": "…"`,
 * `api_key: …`, `?token=…`). They know no vendor format, so the value must
 * look random: 8–128 characters, letters and digits, no placeholder word, no
 * variable reference, not an identifier path, with enough entropy.
 */
import { characterClasses, looksLikePlaceholder, shannonEntropy } from "../_entropy.ts";
import type { Detector } from "../detector.ts";

/** Regex source: the key's end, its assignment and the value (`secret` group). */
const VALUE = String
  .raw`["']?[\t ]*(?:=>|:=|[:=])[\t ]*(?:(?<q>["'\x60])(?<secret>[^"'\x60\s\\]{8,128})\k<q>|(?<secret>[^\s"'\x60&;,<>(){}\[\]\\]{8,128})(?![^\s"'\x60&;,<>){}\]\\]))`;

/** Minimum Shannon entropy (bits per character) of a generic secret value. */
const MIN_BITS = 3;

/**
 * Whether a value assigned to a secret-named key is plausibly a real secret:
 * letters and digits mixed (an identifier such as `mapToken2` changes between
 * letter and digit once or twice; a random string many times), no dotted
 * path (`exports.TOKEN`), no call (`token = next(…)`, refused by the
 * pattern), no placeholder, no percent-encoded space (`Root%20CA`).
 */
export function plausibleSecretValue(value: string): boolean {
  if (looksLikePlaceholder(value)) return false;
  if (/^[$%#@{]/.test(value)) return false;
  if (/^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$/.test(value)) return false;
  if (value.includes("%20")) return false;
  if (!/[A-Za-z]/.test(value) || !/\d/.test(value)) return false;
  if (letterDigitChanges(value) < 3) return false;
  if (characterClasses(value) < 2) return false;
  return shannonEntropy(value) >= MIN_BITS;
}

/** How many times `text` switches between a digit and a non-digit. */
function letterDigitChanges(text: string): number {
  let changes = 0;
  let wasDigit = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const digit = c >= 48 && c <= 57;
    if (i > 0 && digit !== wasDigit) changes++;
    wasDigit = digit;
  }
  return changes;
}

function generic(name: string, keys: readonly string[]): Detector {
  return {
    name,
    anchors: keys,
    ignoreCase: true,
    pattern: new RegExp(`(?:${keys.join("|")})${VALUE}`, "iyd"),
    check: plausibleSecretValue,
    generic: true,
    // Renaming a key evades these, and real text (documentation, code)
    // assigns secret-looking values to such keys often enough that blocking
    // would break work: they are audited, never blocked.
    action: "log",
  };
}

/** Generic `password=`, `secret=` and `token=` assignments. */
export const GENERIC_DETECTORS: readonly Detector[] = [
  // `password`, `passwd`, `passphrase` (also as the end of a longer key, `DB_PASSWORD`).
  generic("generic_password", ["password", "passwd", "passphrase"]),
  // `secret`, `client_secret`, `secret_key`.
  generic("generic_secret", ["secret", "secret_key", "secretkey"]),
  // `token`, `api_key`, `apikey`, `access_key`, `auth_token`.
  generic("generic_token", ["token", "api_key", "apikey", "api-key", "access_key", "accesskey"]),
];
