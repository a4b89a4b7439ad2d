/**
 * The shape of one credential detector. A detector names the literal text
 * every match contains (its anchors: a vendor prefix such as `ghp_`, or a
 * context keyword such as `aws_secret_access_key`) and a sticky pattern tried
 * only where an anchor occurs, so scanning costs one pass over the text for
 * all detectors together, not one regex run per detector.
 */

/** What a detector's hit does in `block` mode. */
export type DetectorAction = "block" | "log";

/** One credential format. */
export interface Detector {
  /** Stable name: the deny code is `dlp.<name>`, the redaction marker `[REDACTED:<name>]`. */
  readonly name: string;
  /** Literal text every match contains; only places where one occurs are examined. */
  readonly anchors: readonly string[];
  /** Anchors match in any letter case (context keywords such as `password`). */
  readonly ignoreCase?: boolean;
  /**
   * Sticky (`y`) pattern tried where an anchor occurs, starting `back`
   * characters before it (a range is tried from the widest). A named group
   * `secret` (with the `d` flag) narrows the reported span to the secret
   * itself, so `KEY=value` reports and redacts the value, not the key.
   */
  readonly pattern: RegExp;
  /** How far before the anchor a match starts (formats whose fixed part is in the middle or end). */
  readonly back?: number | readonly [number, number];
  /** A further test of the secret: checksum, entropy, placeholder words. */
  readonly check?: (secret: string) => boolean;
  /** `log`: too noisy to block on; a hit is audited, never refused. Default `block`. */
  readonly action?: DetectorAction;
  /** Generic detectors give way to a specific one matching at the same place. */
  readonly generic?: boolean;
}

/** A found match: the detector and the span of the secret in the scanned text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** Every `prefix` + one character of `next`: anchors for short prefixes such as `eyJ`. */
export function expandAnchor(prefix: string, next: string): string[] {
  return [...next].map((c) => prefix + c);
}

/** Upper and lower case letters and digits. */
export const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
/** Lower-case hexadecimal digits. */
export const HEX_LOWER = "0123456789abcdef";

/**
 * Regex source: not preceded by a letter or digit (one that ends a `%XX`
 * escape does not count, so `token%3Dghp_…` still starts a token).
 */
export const LEFT = "(?<!(?<!%[0-9A-Fa-f])[A-Za-z0-9])";
/** Regex source: not followed by a letter or digit. */
export const RIGHT = "(?![A-Za-z0-9])";
/** Regex source: not followed by a base64url character. */
export const RIGHT_URL = "(?![A-Za-z0-9_-])";
