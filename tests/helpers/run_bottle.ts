/**
 * Runs the bottle CLI as a subprocess exactly as users do
 * (`deno run -P=bottle cli/main.ts …`), from the repository root.
 */

/** The repository root (tests live two folders below it). */
export const REPO_ROOT: string = new URL("../..", `file://${import.meta.dirname}/`).pathname;

/** What one CLI run left behind. */
export interface BottleRun {
  /** Exit status. */
  readonly code: number;
  /** Standard output. */
  readonly stdout: string;
  /** Standard error. */
  readonly stderr: string;
  /** Wall-clock seconds the process took, start to exit. */
  readonly seconds: number;
}

/** Where to run and, when given, the whole environment (nothing else is inherited). */
export interface RunOptions {
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string>>;
}

/** Deno's own cache and TLS settings, kept so a clean-environment run needs no download. */
const DENO_ENV = ["DENO_DIR", "DENO_CERT", "DENO_TLS_CA_STORE", "SSL_CERT_FILE", "XDG_CACHE_HOME"];

let denoDir: string | undefined;
/** Deno's cache folder, so a run with a clean environment needs no download. */
export async function denoCacheDir(): Promise<string> {
  if (denoDir !== undefined) return denoDir;
  const info = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json"],
    stdout: "piped",
  })
    .output();
  denoDir = (JSON.parse(new TextDecoder().decode(info.stdout)) as { denoDir: string }).denoDir;
  return denoDir;
}

/** Runs `bottle ARGS…` under the `bottle` permission set and waits for it. */
export async function runBottle(
  args: readonly string[],
  options: RunOptions = {},
): Promise<BottleRun> {
  const started = performance.now();
  const clean = options.env !== undefined;
  const env: Record<string, string> = { NO_COLOR: "1" };
  if (clean) {
    for (const name of DENO_ENV) {
      const value = Deno.env.get(name);
      if (value !== undefined) env[name] = value;
    }
    env.DENO_DIR ??= await denoCacheDir();
    Object.assign(env, options.env);
  }
  const output = await new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "--quiet",
      `--config=${REPO_ROOT}deno.json`,
      "-P=bottle",
      `${REPO_ROOT}cli/main.ts`,
      ...args,
    ],
    cwd: options.cwd ?? REPO_ROOT,
    stdin: "null",
    env,
    clearEnv: clean,
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
    seconds: (performance.now() - started) / 1000,
  };
}

/** The last line of standard output parsed as the `--json` result. */
export function jsonResult(run: BottleRun): Record<string, unknown> {
  const line = run.stdout.trim().split("\n").at(-1) ?? "";
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    throw new Error(`not a JSON result line: ${JSON.stringify(line)}\nstderr:\n${run.stderr}`);
  }
}
