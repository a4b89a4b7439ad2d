/**
 * The git identity a bottle commits with. `.git/config` is read-only in a
 * bottle and the host's `~/.gitconfig` is not there, so the identity travels
 * as `GIT_AUTHOR_*` and `GIT_COMMITTER_*` variables, taken from the host's
 * git config files (read here, never by running git).
 */

/** A name and an email, either of which may be missing. */
export interface GitIdentity {
  readonly name?: string;
  readonly email?: string;
}

/**
 * `user.name` and `user.email` from git config texts, later texts winning
 * (pass them in git's order: system, XDG, `~/.gitconfig`, the repository's).
 * Includes are not followed.
 */
export function gitIdentityOf(texts: readonly string[]): GitIdentity {
  let name: string | undefined;
  let email: string | undefined;
  for (const text of texts) {
    let inUser = false;
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.trim();
      const section = /^\[\s*([A-Za-z0-9.-]+)(?:\s+"[^"]*")?\s*\]\s*(.*)$/.exec(line);
      let body = line;
      if (section !== null) {
        inUser = section[1]!.toLowerCase() === "user";
        body = section[2]!;
      }
      if (!inUser) continue;
      const entry = /^([A-Za-z][A-Za-z0-9-]*)\s*=\s*(.*)$/.exec(body);
      if (entry === null) continue;
      const key = entry[1]!.toLowerCase();
      const value = configValue(entry[2]!);
      if (value === "") continue;
      if (key === "name") name = value;
      if (key === "email") email = value;
    }
  }
  return { ...(name === undefined ? {} : { name }), ...(email === undefined ? {} : { email }) };
}

/** A config value: quotes removed, escapes decoded, a trailing comment dropped. */
function configValue(raw: string): string {
  let out = "";
  let quoted = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i]!;
    if (c === '"') quoted = !quoted;
    else if (c === "\\" && i + 1 < raw.length) {
      const next = raw[++i]!;
      out += next === "n" ? "\n" : next === "t" ? "\t" : next;
    } else if ((c === "#" || c === ";") && !quoted) break;
    else out += c;
  }
  return out.trim();
}

/** The variables that give git this identity (none for a missing part). */
export function gitIdentityEnv(identity: GitIdentity | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  const clean = (value: string | undefined) =>
    value !== undefined && !/[\n\r\0]/.test(value) ? value : undefined;
  const name = clean(identity?.name);
  const email = clean(identity?.email);
  if (name !== undefined) env.GIT_AUTHOR_NAME = env.GIT_COMMITTER_NAME = name;
  if (email !== undefined) env.GIT_AUTHOR_EMAIL = env.GIT_COMMITTER_EMAIL = email;
  return env;
}
