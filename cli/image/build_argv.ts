/**
 * The argv of an agent image build, as data: reviewed in one place and
 * snapshot-tested, so a change to how images are built shows in review.
 */

/** Everything that shapes the `docker build` command line. */
export interface BuildArgvOptions {
  /** The build context directory. */
  readonly contextDir: string;
  /** Tags given to the result (the content tag first). */
  readonly tags: readonly string[];
  /** `--build-arg` values by name (never secrets: build args are kept in the image history). */
  readonly buildArgs: Readonly<Record<string, string>>;
  /** `--label` values by name. */
  readonly labels: Readonly<Record<string, string>>;
  /** Rebuild every layer instead of reusing the engine's layer cache. */
  readonly noCache: boolean;
}

/**
 * `docker build` argv for the legacy builder (run with `DOCKER_BUILDKIT=0`):
 * intermediate containers are always removed, and `--pull=false` keeps the
 * engine from reaching a registry for the base image.
 */
export function buildArgv(options: BuildArgvOptions): string[] {
  const argv = ["build", "--rm", "--force-rm", "--pull=false"];
  if (options.noCache) argv.push("--no-cache");
  for (const tag of options.tags) argv.push("--tag", tag);
  for (const [name, value] of sorted(options.buildArgs)) {
    argv.push("--build-arg", `${name}=${value}`);
  }
  for (const [name, value] of sorted(options.labels)) argv.push("--label", `${name}=${value}`);
  argv.push("--", options.contextDir);
  return argv;
}

function sorted(record: Readonly<Record<string, string>>): Array<[string, string]> {
  return Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
