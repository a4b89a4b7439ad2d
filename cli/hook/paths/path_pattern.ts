/**
 * The path pattern grammar of the hook policy, and matching a pattern against
 * the segments of an absolute path.
 *
 * - `/etc/shadow`, `/var/run/secrets`: absolute, from the root;
 * - `~/.ssh`, `~`: from the agent's home folder;
 * - `.env`, `*.pem`, `.git/hooks`: relative, at any depth.
 *
 * A pattern names a file or folder and everything below it. Within a segment
 * `*` matches any run of characters and `?` one character; nothing matches
 * across `/`. A trailing `/` is allowed and means nothing more.
 */

/** A compiled pattern: anchored segments (home already expanded) or relative ones. */
export interface PathPattern {
  /** As written in the policy; quoted in reasons. */
  readonly source: string;
  readonly anchored: boolean;
  readonly exact: readonly SegmentTest[];
  readonly folded: readonly SegmentTest[];
  /**
   * A regular expression source matching the pattern's segments joined by
   * `/` (anchored ones with a leading `/`), for the combined pre-filter in
   * path_rules.ts.
   */
  readonly regexSource: string;
}

/** Tests one path segment. */
export type SegmentTest = (segment: string) => boolean;

const MAX_PATTERN_LENGTH = 1024;

/**
 * Why `pattern` is not a valid path pattern, or undefined when it is.
 * `forAllow` also refuses exceptions made of wildcards alone (`*`, `*.*`),
 * which would silently lift every denial at their depth.
 */
export function pathPatternProblem(pattern: string, forAllow = false): string | undefined {
  if (typeof pattern !== "string" || pattern === "") return "a path pattern cannot be empty";
  if (pattern.length > MAX_PATTERN_LENGTH) return "a path pattern is at most 1024 characters";
  // deno-lint-ignore no-control-regex -- control characters are refused
  if (/[\u0000-\u001f\u007f]/.test(pattern)) return "a path pattern cannot hold control characters";
  const body = stripTrailingSlash(pattern);
  const segments = splitPattern(body);
  if (body.startsWith("/") && segments.length === 0) return "the pattern / would match everything";
  for (const [i, segment] of segments.entries()) {
    if (segment === "") return `"${pattern}" has an empty segment (two slashes in a row)`;
    if (segment === "." || segment === "..") return `"${pattern}" has a "${segment}" segment`;
    if (segment.includes("**")) {
      return `"${pattern}": "**" is not supported; use one "*" per segment`;
    }
    if (segment.startsWith("~") && (i > 0 || body.startsWith("/") || segment !== "~")) {
      return `"${pattern}": "~" may only start a pattern, as "~" or "~/…"`;
    }
  }
  if (forAllow && !/[^*?./]/.test(body)) {
    return `"${pattern}" is only wildcards: an exception must name something`;
  }
  return undefined;
}

/** Compiles a valid pattern; `home` is the absolute home folder `~` stands for. Throws on an invalid one. */
export function compilePathPattern(pattern: string, home: string): PathPattern {
  const problem = pathPatternProblem(pattern);
  if (problem !== undefined) throw new Error(problem);
  const body = stripTrailingSlash(pattern);
  let segments = splitPattern(body);
  let anchored = body.startsWith("/");
  if (segments[0] === "~") {
    anchored = true;
    segments = [...pathSegments(home), ...segments.slice(1)];
  }
  const joined = segments.map(segmentSource).join("/");
  return {
    source: pattern,
    anchored,
    exact: segments.map((s) => segmentTest(s, false)),
    folded: segments.map((s) => segmentTest(s, true)),
    regexSource: anchored ? `/${joined}` : joined,
  };
}

/**
 * The depths at which `pattern` matches `segments` (an absolute path split on
 * `/`): depth `d` means the first `d` segments are a path the pattern names.
 * An anchored pattern has at most one depth; a relative one may match at several.
 */
export function matchDepths(
  pattern: PathPattern,
  segments: readonly string[],
  folded: boolean,
): number[] {
  const tests = folded ? pattern.folded : pattern.exact;
  const n = tests.length;
  const starts = pattern.anchored ? [0] : range(segments.length - n + 1);
  const depths: number[] = [];
  for (const start of starts) {
    if (start + n > segments.length) continue;
    if (tests.every((test, i) => test(segments[start + i]!))) depths.push(start + n);
  }
  return depths;
}

/** The segments of an absolute, normalised path (`/` has none). */
export function pathSegments(path: string): string[] {
  return path.split("/").filter((s) => s !== "");
}

function stripTrailingSlash(pattern: string): string {
  return pattern.length > 1 && pattern.endsWith("/") ? pattern.slice(0, -1) : pattern;
}

function splitPattern(body: string): string[] {
  const trimmed = body.startsWith("/") ? body.slice(1) : body;
  return trimmed === "" ? [] : trimmed.split("/");
}

function segmentTest(segment: string, folded: boolean): SegmentTest {
  if (!/[*?]/.test(segment)) {
    if (!folded) return (s) => s === segment;
    const lower = segment.toLowerCase();
    return (s) => s.toLowerCase() === lower;
  }
  const regex = new RegExp(`^${segmentSource(segment)}$`, folded ? "iu" : "u");
  return (s) => regex.test(s);
}

/** One pattern segment as a regular expression source: `*` and `?` stay within the segment. */
function segmentSource(segment: string): string {
  return [...segment].map((c) =>
    c === "*" ? "[^/]*" : c === "?" ? "[^/]" : c.replace(/[.+^${}()|[\]\\]/g, "\\$&")
  ).join("");
}

function range(n: number): number[] {
  return n <= 0 ? [] : Array.from({ length: n }, (_, i) => i);
}
