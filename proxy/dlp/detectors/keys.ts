/**
 * Detectors for private keys and signed tokens: every PEM private-key block,
 * PGP, SSH2 and PuTTY key files, age secret keys, 1Password keys and JWTs.
 * Each entry documents the format it matches.
 */
import { isValidBech32 } from "../_checksums.ts";
import { looksRandom } from "../_entropy.ts";
import { type Detector, expandAnchor, LEFT as L, RIGHT_URL as RU } from "../detector.ts";

/** Regex source: a line break, real or JSON/shell-escaped (`\n`, `\r\n`). */
const NL = String.raw`(?:\\r|\\n|\r|\n)`;

/**
 * A PEM private-key block: `-----BEGIN <label>-----`, optional RFC 1421
 * headers (`Proc-Type:`, `DEK-Info:`), then at least 40 base64 characters on
 * the next line. A bare header (a parser's constant, a truncated example)
 * is not a key. The span runs to the matching `-----END` line when there is one.
 */
function pemBlock(name: string, label: string): Detector {
  const header = `-----BEGIN ${label}-----`;
  return {
    name,
    anchors: [`BEGIN ${label}-----`],
    back: 5,
    pattern: new RegExp(
      `${header}(?:${NL}|[\\t ])+(?:[A-Za-z-]+: ?[^\\r\\n\\\\]*${NL}+)*(?:${NL}|[\\t ])*` +
        `[A-Za-z0-9+/]{40}(?:[\\s\\S]{0,16000}?-----END ${label}-----)?`,
      "y",
    ),
  };
}

/** Private keys and signed tokens. */
export const KEY_DETECTORS: readonly Detector[] = [
  // PKCS#1 RSA private key: `-----BEGIN RSA PRIVATE KEY-----` + base64 DER.
  pemBlock("private_key_rsa", "RSA PRIVATE KEY"),
  // SEC 1 EC private key: `-----BEGIN EC PRIVATE KEY-----` + base64 DER.
  pemBlock("private_key_ec", "EC PRIVATE KEY"),
  // DSA private key: `-----BEGIN DSA PRIVATE KEY-----` + base64 DER.
  pemBlock("private_key_dsa", "DSA PRIVATE KEY"),
  // OpenSSH private key: `-----BEGIN OPENSSH PRIVATE KEY-----` + base64 (`b3BlbnNzaC1rZXktdjE…`).
  pemBlock("private_key_openssh", "OPENSSH PRIVATE KEY"),
  // PKCS#8 private key: `-----BEGIN PRIVATE KEY-----` + base64 DER.
  pemBlock("private_key_pkcs8", "PRIVATE KEY"),
  // Encrypted PKCS#8 private key: `-----BEGIN ENCRYPTED PRIVATE KEY-----` + base64 DER.
  pemBlock("private_key_encrypted", "ENCRYPTED PRIVATE KEY"),
  // OpenPGP secret key: `-----BEGIN PGP PRIVATE KEY BLOCK-----`, armour headers, base64.
  pemBlock("pgp_private_key", "PGP PRIVATE KEY BLOCK"),
  // SSH.com / RFC 4716-style private key: `---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----`,
  // headers, then base64.
  {
    name: "ssh2_private_key",
    anchors: ["BEGIN SSH2 ENCRYPTED PRIVATE KEY ----"],
    back: 5,
    pattern: new RegExp(
      `---- BEGIN SSH2 ENCRYPTED PRIVATE KEY ----(?:${NL}|[\\t ])+` +
        `(?:[A-Za-z-]+: ?[^\\r\\n\\\\]*${NL}+)*[A-Za-z0-9+/]{40}`,
      "y",
    ),
  },
  // PuTTY private key file: `PuTTY-User-Key-File-2:` or `-3:`, headers up to
  // `Private-Lines: N`, then base64.
  {
    name: "putty_private_key",
    anchors: ["PuTTY-User-Key-File-"],
    pattern: new RegExp(
      `PuTTY-User-Key-File-[23]: [\\s\\S]{0,4000}?Private-Lines: \\d+${NL}+[A-Za-z0-9+/]{40}`,
      "y",
    ),
  },
  // age secret key: `AGE-SECRET-KEY-1` + 58 upper-case Bech32 characters, the
  // last six a Bech32 checksum that must hold.
  {
    name: "age_secret_key",
    anchors: ["AGE-SECRET-KEY-1"],
    pattern: /AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}(?![A-Za-z0-9])/y,
    check: (s) => isValidBech32(s),
  },
  // 1Password service-account token: `ops_` + base64 of a JSON object (`eyJ…`), 100+ characters.
  {
    name: "onepassword_service_account_token",
    anchors: ["ops_eyJ"],
    pattern: new RegExp(`${L}ops_eyJ[A-Za-z0-9+/_-]{100,}={0,2}`, "y"),
  },
  // 1Password account secret key: `A3-` + six groups of 6, 6, 5, 5, 5, 5
  // upper-case alphanumerics, dash-separated.
  {
    name: "onepassword_secret_key",
    anchors: expandAnchor("A3-", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"),
    pattern: new RegExp(
      `${L}A3-[A-Z0-9]{6}-[A-Z0-9]{6}-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}(?![A-Za-z0-9])`,
      "y",
    ),
    check: (s) => looksRandom(s.replaceAll("-", "").slice(2), 3.5),
  },
  // JSON Web Token: three base64url parts separated by dots, the first two JSON
  // objects (`eyJ…`); the header must decode to JSON naming an `alg` or `typ`,
  // the payload to JSON with a registered claim (`exp`, `iat`, `sub`, `iss`…),
  // as every bearer token carries.
  {
    name: "jwt",
    anchors: expandAnchor(
      "eyJ",
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-",
    ),
    pattern: new RegExp(
      `${L}eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]*${RU}`,
      "y",
    ),
    check: jwtHeaderOk,
  },
];

const REGISTERED_CLAIMS = ["exp", "iat", "nbf", "sub", "iss", "aud", "jti"];

/** Whether a JWT's header names `alg` or `typ` and its payload holds a registered claim. */
function jwtHeaderOk(token: string): boolean {
  const [header, payload] = token.split(".");
  const h = decodeJsonPart(header ?? "");
  const p = decodeJsonPart(payload ?? "");
  if (h === undefined || p === undefined) return false;
  return ("alg" in h || "typ" in h) && REGISTERED_CLAIMS.some((claim) => claim in p);
}

/** A base64url JSON object, or undefined. */
function decodeJsonPart(part: string): object | undefined {
  try {
    const padded = part.replaceAll("-", "+").replaceAll("_", "/") +
      "===".slice((part.length + 3) % 4);
    const value: unknown = JSON.parse(atob(padded));
    return typeof value === "object" && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}
