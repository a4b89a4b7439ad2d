/** Paths to values in a manifest: a JSON pointer for tools, a readable form for people. */

/** Keys and list indexes from the root to a value. */
export type ValuePath = readonly (string | number)[];

/** RFC 6901 JSON pointer of `path`. */
export function toPointer(path: ValuePath): string {
  return path.map((k) => `/${String(k).replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");
}

/** `bottles.dev.egress.allow[2]`, the form used in messages. */
export function toDisplay(path: ValuePath): string {
  if (path.length === 0) return "the manifest";
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(key)) out += out === "" ? key : `.${key}`;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out;
}
