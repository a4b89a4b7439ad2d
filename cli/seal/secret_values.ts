/**
 * The values in a masked file that become canaries: if the same value lives
 * elsewhere (a fixture, a log, git history) and the agent sends it out, the
 * egress DLP and the model-channel guard recognise it. Pure: text in, values
 * out. Only values of MIN_VALUE_LENGTH characters or more, so common words and
 * short flags never block traffic.
 */

/** Shorter values are too common to block on. */
export const MIN_VALUE_LENGTH = 12;

/** At most this many values from one file. */
export const MAX_VALUES_PER_FILE = 64;

/** PEM body lines taken from one block (the first is skipped: it is mostly structure). */
const PEM_LINES = 8;

/** The canary values of one masked file's text. */
export function secretValuesOf(text: string): string[] {
  const values = new Set<string>();
  const add = (value: string) => {
    const trimmed = value.trim();
    if (trimmed.length < MIN_VALUE_LENGTH || values.size >= MAX_VALUES_PER_FILE) return;
    if (!plainSetting(trimmed)) values.add(trimmed);
  };
  const lines = text.split(/\r?\n/);
  let pem: string[] | undefined;
  for (const line of lines) {
    if (/^-----BEGIN [A-Z0-9 ]+-----\s*$/.test(line)) {
      pem = [];
      continue;
    }
    if (pem !== undefined) {
      if (/^-----END [A-Z0-9 ]+-----\s*$/.test(line)) {
        if (pem.length === 1) add(pem[0]!);
        for (const body of pem.slice(1, 1 + PEM_LINES)) add(body);
        pem = undefined;
      } else if (/^[A-Za-z0-9+/=]+$/.test(line.trim())) pem.push(line.trim());
      continue;
    }
    const assignment = /^\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_.-]*\s*(?:=|:\s)\s*(.*)$/.exec(line);
    if (assignment !== null) {
      add(unquote(assignment[1]!));
      continue;
    }
    if (/^\s*#/.test(line)) continue;
    // Anything else (a bare token file, .netrc, .git-credentials): long tokens and URL passwords.
    for (const token of line.split(/\s+/)) {
      const credential = /:\/\/[^\s/@:]*:([^\s/@]+)@/.exec(token);
      if (credential !== null) add(decodeURIComponentSafe(credential[1]!));
      else if (/[0-9]/.test(token) && /[A-Za-z]/.test(token)) add(token);
    }
  }
  return [...values];
}

/**
 * A setting that is not a secret and would block ordinary traffic as a
 * canary: lowercase words (`my-app-development`) and URLs with neither
 * user info nor a query (`http://localhost:3000/api`).
 */
export function plainSetting(value: string): boolean {
  if (/^[a-z][a-z._\- /]*$/.test(value)) return true;
  return /^[a-z][a-z0-9+.-]*:\/\/[^@?#\s]*$/i.test(value) &&
    !/[0-9]{6,}|[A-Za-z0-9_-]{24,}/.test(value);
}

/** A dotenv value without its quotes and trailing comment. */
function unquote(raw: string): string {
  const value = raw.trim();
  const quote = value[0];
  if ((quote === '"' || quote === "'" || quote === "`") && value.lastIndexOf(quote) > 0) {
    return value.slice(1, value.lastIndexOf(quote));
  }
  const comment = value.search(/\s#/);
  return comment === -1 ? value : value.slice(0, comment);
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
