/**
 * Which files below a start folder a `find` expression selects, as a filter
 * over relative paths — used to judge the files a `find -exec` reader (or an
 * `xargs` fed by `find`) would open. Only a plain conjunction of `-name`,
 * `-iname`, `-path` and `-wholename` tests narrows the selection; every test
 * this reader does not model counts as true, and an expression with `-o`,
 * `,` or parentheses selects everything. So the filter never leaves out a
 * file find would select.
 */

/** A predicate over a path relative to the start folder (`src/a.ts`). */
export type RelativeFilter = (relative: string) => boolean;

/** Tests whose operand is a value, not a further test (skipped as true). */
const VALUED = new Set([
  "-type",
  "-xtype",
  "-perm",
  "-user",
  "-group",
  "-size",
  "-mtime",
  "-mmin",
  "-atime",
  "-amin",
  "-ctime",
  "-cmin",
  "-newer",
  "-anewer",
  "-cnewer",
  "-maxdepth",
  "-mindepth",
  "-regex",
  "-iregex",
  "-regextype",
  "-lname",
  "-ilname",
  "-fstype",
  "-inum",
  "-links",
  "-uid",
  "-gid",
  "-samefile",
  "-used",
  "-context",
  "-printf",
  "-fprint",
  "-fprint0",
  "-fls",
]);

/**
 * The filter of `expression` (the words after the start folders) for the
 * start folder `root` as written; `-exec … ;` parts must already be removed.
 */
export function findFilter(expression: readonly string[], root: string): RelativeFilter {
  if (expression.some((t) => /^(-o|-or|,|\(|\)|\\\(|\\\))$/.test(t))) return () => true;
  const tests: RelativeFilter[] = [];
  const shownRoot = root.replace(/\/+$/, "") || "/";
  for (let i = 0; i < expression.length; i++) {
    const t = expression[i]!;
    if (t === "!" || t === "-not") {
      // A negated test is taken as true: the filter may only widen.
      i += VALUED.has(expression[i + 1] ?? "") || isNameTest(expression[i + 1]) ? 2 : 1;
      continue;
    }
    if (isNameTest(t)) {
      const glob = expression[i + 1];
      i++;
      if (glob === undefined) continue;
      const insensitive = t === "-iname" || t === "-ipath" || t === "-iwholename";
      const regex = fnmatchRegExp(glob, t === "-name" || t === "-iname", insensitive);
      if (regex === undefined) continue;
      const byName = t === "-name" || t === "-iname";
      tests.push((relative) => {
        const subject = byName
          ? relative.slice(relative.lastIndexOf("/") + 1)
          : `${shownRoot === "/" ? "" : shownRoot}/${relative}`;
        return regex.test(subject);
      });
      continue;
    }
    if (VALUED.has(t)) i++;
  }
  return (relative) => tests.every((test) => test(relative));
}

function isNameTest(t: string | undefined): boolean {
  return t !== undefined && /^-i?(name|path|wholename)$/.test(t);
}

/**
 * fnmatch(3) without FNM_PERIOD: `*` matches a leading dot; for a name test
 * `*` stops at `/`, for a path test it does not. Undefined when not understood.
 */
export function fnmatchRegExp(
  glob: string,
  name: boolean,
  insensitive = false,
): RegExp | undefined {
  let source = "";
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === "*") source += name ? "[^/]*" : ".*";
    else if (c === "?") source += name ? "[^/]" : ".";
    else if (c === "[") {
      const close = glob.indexOf("]", i + 2);
      if (close === -1) return undefined;
      const inner = glob.slice(i + 1, close).replace(/^!/, "^").replace(/\\/g, "\\\\");
      source += `[${inner}]`;
      i = close;
    } else if (c === "\\") {
      const next = glob[++i];
      if (next === undefined) return undefined;
      source += next.replace(/[.+^${}()|[\]\\*?/]/g, "\\$&");
    } else source += c.replace(/[.+^${}()|[\]\\*?/]/g, "\\$&");
  }
  try {
    return new RegExp(`^${source}$`, insensitive ? "sui" : "su");
  } catch {
    return undefined;
  }
}
