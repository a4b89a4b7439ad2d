/**
 * Reads the host's apt sources (deb822 `.sources` files and one-line
 * `sources.list`) so the offline base image uses the mirror the host already
 * reaches, and writes the base image's own `sources.list`.
 */

/** One `deb` source: a mirror URI, one suite and its components. */
export interface AptSource {
  /** The archive URI, without a trailing slash (`http://deb.debian.org/debian`). */
  readonly uri: string;
  /** One suite (`bookworm`, `bookworm-updates`, `bookworm-security`). */
  readonly suite: string;
  /** Components (`main`, `contrib`, …); never empty. */
  readonly components: readonly string[];
}

/** Binary (`deb`) sources of one apt sources text, in file order; `deb-src` and disabled entries are left out. */
export function parseAptSources(text: string): AptSource[] {
  return looksLikeDeb822(text) ? parseDeb822(text) : parseOneLine(text);
}

/** The mirror `debootstrap` should use: the first binary source's URI, if any. */
export function defaultMirror(sources: readonly AptSource[]): string | undefined {
  return sources[0]?.uri;
}

/**
 * The base image's `/etc/apt/sources.list`: `SUITE` from `mirror`, plus the
 * host's `SUITE-updates` and `SUITE-security` sources when it has them, so
 * images built on this base install patched packages. Only sources the host
 * itself uses are added: an unreachable one would fail every `apt-get update`.
 */
export function baseImageAptSources(
  suite: string,
  mirror: string,
  host: readonly AptSource[],
): string {
  const lines = [`deb ${trimSlash(mirror)} ${suite} main`];
  for (const extra of [`${suite}-updates`, `${suite}-security`]) {
    for (const source of host.filter((s) => s.suite === extra)) {
      lines.push(`deb ${source.uri} ${source.suite} ${source.components.join(" ")}`);
    }
  }
  return [...new Set(lines)].join("\n") + "\n";
}

function looksLikeDeb822(text: string): boolean {
  return /^(Types|URIs|Suites)\s*:/im.test(text);
}

function parseDeb822(text: string): AptSource[] {
  const out: AptSource[] = [];
  const paragraphs = text.split(/\n\s*\n/);
  for (const paragraph of paragraphs) {
    const fields = new Map<string, string>();
    let last: string | undefined;
    for (const raw of paragraph.split("\n")) {
      if (raw.startsWith("#")) continue;
      if (/^\s/.test(raw) && last !== undefined) {
        fields.set(last, `${fields.get(last) ?? ""} ${raw.trim()}`);
        continue;
      }
      const match = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(raw);
      if (match === null) continue;
      last = (match[1] ?? "").toLowerCase();
      fields.set(last, (match[2] ?? "").trim());
    }
    if (/^no$/i.test(fields.get("enabled") ?? "")) continue;
    if (!words(fields.get("types")).includes("deb")) continue;
    const components = words(fields.get("components"));
    for (const uri of words(fields.get("uris"))) {
      for (const suite of words(fields.get("suites"))) {
        out.push({ uri: trimSlash(uri), suite, components: orMain(components) });
      }
    }
  }
  return out;
}

function parseOneLine(text: string): AptSource[] {
  const out: AptSource[] = [];
  for (const raw of text.split("\n")) {
    const line = raw.replace(/#.*$/, "").replace(/\[[^\]]*\]/, " ").trim();
    const [type, uri, suite, ...components] = line.split(/\s+/);
    if (type !== "deb" || uri === undefined || suite === undefined) continue;
    out.push({ uri: trimSlash(uri), suite, components: orMain(components) });
  }
  return out;
}

function words(value: string | undefined): string[] {
  return (value ?? "").split(/\s+/).filter((word) => word !== "");
}

function orMain(components: readonly string[]): readonly string[] {
  return components.length === 0 ? ["main"] : components;
}

function trimSlash(uri: string): string {
  return uri.replace(/\/+$/, "");
}
