/**
 * Checks the values of `bottle image` flags before any of them reaches an
 * argv, a Dockerfile build argument or an image. Each returns what is wrong,
 * or undefined when the value is fine.
 */

const IMAGE_REF = new RegExp(
  "^[a-z0-9][a-z0-9._-]*(:[0-9]+)?(/[a-z0-9][a-z0-9._-]*)*" + // [host[:port]/]path
    "(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[0-9a-f]{64})?$", // [:tag][@digest]
);

/** A value for `--base` or `--tag`: a plain image reference (never an option, never a path). */
export function imageRefProblem(value: string): string | undefined {
  if (!IMAGE_REF.test(value)) {
    return `"${value}" is not an image reference like debian:bookworm-slim`;
  }
  return undefined;
}

/** A value for `--claude-code`: an exact version, so the image tag really pins what is inside. */
export function claudeCodeVersionProblem(value: string): string | undefined {
  if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(value)) {
    return `"${value}" is not an exact Claude Code version like 2.1.328 (dist-tags such as "latest" would make the image tag lie)`;
  }
  return undefined;
}

/** A value for `--suite`: a Debian suite or codename. */
export function suiteProblem(value: string): string | undefined {
  if (!/^[a-z][a-z0-9-]{1,31}$/.test(value)) {
    return `"${value}" is not a Debian suite like bookworm`;
  }
  return undefined;
}

/** A value for `--mirror`: an http(s) URL without credentials (they would end up in the image). */
export function mirrorProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `"${value}" is not a URL like http://deb.debian.org/debian`;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    return `"${value}" must be an http:// or https:// URL`;
  }
  if (url.username !== "" || url.password !== "") {
    return "a mirror URL must not carry credentials: they would be written into the image's apt sources";
  }
  return undefined;
}
