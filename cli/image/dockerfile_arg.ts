/** Reads `ARG NAME=default` values from a Dockerfile, so flag defaults come from the file itself. */

/** The default of `ARG name=…` in `dockerfile`, or undefined when the ARG has none. */
export function dockerfileArg(dockerfile: string, name: string): string | undefined {
  for (const line of dockerfile.split("\n")) {
    const match = /^\s*ARG\s+([A-Za-z_][A-Za-z0-9_]*)=(\S+)\s*$/i.exec(line);
    if (match !== null && match[1] === name) return (match[2] ?? "").replace(/^"(.*)"$/, "$1");
  }
  return undefined;
}
