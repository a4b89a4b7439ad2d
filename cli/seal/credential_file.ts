/**
 * Package-manager and network credential files that may or may not hold a
 * credential: an `.npmrc` that only sets a registry is harmless, one with an
 * `_authToken` is not. The seal reads files with these names (small ones)
 * and masks those that hold a credential.
 */

/** File names whose content decides whether they are masked. */
export const CREDENTIAL_FILE_NAMES: ReadonlySet<string> = new Set([
  ".npmrc",
  ".yarnrc",
  ".yarnrc.yml",
  ".pypirc",
  ".netrc",
  "_netrc",
  ".git-credentials",
  ".pgpass",
  ".my.cnf",
]);

/** Files larger than this are masked without reading: a credential file is small. */
export const CREDENTIAL_FILE_MAX_BYTES = 256 * 1024;

const HOLDS_CREDENTIAL: Readonly<Record<string, RegExp>> = {
  ".npmrc": /(?:_authToken|_auth|_password|password|username|certfile|keyfile)\s*=/i,
  ".yarnrc": /(?:_authToken|_auth|password|npmAuthToken)\b/i,
  ".yarnrc.yml": /(?:npmAuthToken|npmAuthIdent|npmPassword)\s*:/i,
  ".pypirc": /^\s*(?:password|username)\s*[:=]/im,
  ".netrc": /\b(?:password|account)\s+\S/,
  "_netrc": /\b(?:password|account)\s+\S/,
  ".git-credentials": /:\/\/[^\s/@:]*:[^\s/@]+@/,
  ".pgpass": /^[^#\s][^:\n]*:[^:\n]*:[^:\n]*:[^:\n]*:.+/m,
  ".my.cnf": /^\s*password\s*=/im,
};

/** Whether the file `name` (one of CREDENTIAL_FILE_NAMES) with this text holds a credential. */
export function holdsCredential(name: string, text: string): boolean {
  const pattern = HOLDS_CREDENTIAL[name];
  // A name this module does not know is judged to hold one: masked, never leaked.
  return pattern === undefined ? true : pattern.test(text);
}
