/**
 * Detectors for credentials inside URLs and connection strings: database URLs
 * with a password, other URLs with `user:password@`, and database vendors'
 * own token formats.
 */
import { characterClasses, looksLikePlaceholder } from "../_entropy.ts";
import { type Detector, LEFT as L, RIGHT as R } from "../detector.ts";

const DB_SCHEMES = [
  "postgres",
  "postgresql",
  "mysql",
  "mariadb",
  "mongodb",
  "mongodb+srv",
  "redis",
  "rediss",
  "amqp",
  "amqps",
  "mssql",
  "sqlserver",
  "cockroachdb",
  "clickhouse",
  "couchbase",
  "neo4j",
  "neo4j+s",
  "nats",
  "ldap",
  "ldaps",
];

/**
 * Whether a URL's password part is plausibly a real one: at least 8
 * characters once percent-decoded, not a placeholder (`password`, `pass`, `${DB_PASS}`, `<pw>`, `****`), not a
 * variable, and not a single short word.
 */
function realPassword(password: string): boolean {
  let decoded = password;
  try {
    decoded = decodeURIComponent(password);
  } catch { /* not percent-encoded: judge it as written */ }
  if (decoded.length < 8) return false;
  if (looksLikePlaceholder(password)) return false;
  if (/^(?:pass|passwd|pwd|pw|secret|root|admin|guest|user|changeit)\d*$/i.test(password)) {
    return false;
  }
  if (/^[$%]/.test(password)) return false;
  return characterClasses(password) >= 2;
}

/** Regex source: a URL's `user:password@` part; `secret` is the password. */
const USERINFO = String
  .raw`[A-Za-z0-9._~%!$&'()*+,;=-]{0,64}:(?<secret>[^\s:@/?#"'<>\\\`]{1,128})@`;

/** URLs and connection strings. */
export const CONNECTION_STRING_DETECTORS: readonly Detector[] = [
  // Database URL with a password: `scheme://user:password@host` for Postgres,
  // MySQL, MongoDB (incl. `+srv`), Redis, AMQP, SQL Server and others. The
  // password is the secret; placeholders such as `user:password@` are skipped.
  {
    name: "database_url_password",
    anchors: DB_SCHEMES.map((s) => `${s}://`),
    ignoreCase: true,
    pattern: new RegExp(
      `${L}(?:${DB_SCHEMES.map((s) => s.replace("+", "\\+")).join("|")})://${USERINFO}`,
      "iyd",
    ),
    check: realPassword,
  },
  // Any other URL with a password: `https://user:password@host`, `ftp://…`.
  {
    name: "url_password",
    anchors: ["http://", "https://", "ftp://", "ftps://", "sftp://", "ssh://", "git+https://"],
    ignoreCase: true,
    pattern: new RegExp(`${L}(?:git\\+)?(?:https?|s?ftps?|ssh)://${USERINFO}`, "iyd"),
    check: realPassword,
  },
  // PlanetScale token or password: `pscale_tkn_`, `pscale_pw_` or `pscale_oauth_` + 43 base64url.
  {
    name: "planetscale_token",
    anchors: ["pscale_tkn_", "pscale_pw_", "pscale_oauth_"],
    pattern: new RegExp(`${L}pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.-]{32,64}`, "y"),
  },
  // Neon API key: `napi_` + 64 lower-case letters and digits.
  {
    name: "neon_api_key",
    anchors: ["napi_"],
    pattern: new RegExp(`${L}napi_[a-z0-9]{64}${R}`, "y"),
  },
];
