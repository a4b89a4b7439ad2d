/** Running the `openssl` command in tests (it is on every machine the unit tests run on). */

/** What a run of `openssl` printed and how it ended. */
export interface OpensslRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `openssl args…` in a folder of `files` (name → text), with no stdin. */
export async function openssl(
  args: readonly string[],
  files: Readonly<Record<string, string>> = {},
): Promise<OpensslRun> {
  const dir = await Deno.makeTempDir({ prefix: "bottle-tls-test-" });
  try {
    for (const [name, text] of Object.entries(files)) {
      await Deno.writeTextFile(`${dir}/${name}`, text);
    }
    const out = await new Deno.Command("openssl", {
      args: [...args],
      cwd: dir,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder();
    return { code: out.code, stdout: text.decode(out.stdout), stderr: text.decode(out.stderr) };
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}
