/**
 * Registers an OCI runtime in the Docker engine's daemon.json, keeping every
 * other setting: `deno run .ci/register_runtime.ts NAME PATH`. CI only.
 */
const [name, path] = Deno.args;
if (name === undefined || path === undefined) {
  throw new Error("usage: register_runtime.ts NAME PATH");
}
const file = "/etc/docker/daemon.json";
let config: Record<string, unknown> = {};
try {
  config = JSON.parse(await Deno.readTextFile(file)) as Record<string, unknown>;
} catch (error) {
  if (!(error instanceof Deno.errors.NotFound)) throw error;
}
const runtimes = (config.runtimes ?? {}) as Record<string, unknown>;
if (JSON.stringify(runtimes[name]) !== JSON.stringify({ path })) {
  runtimes[name] = { path };
  config.runtimes = runtimes;
  await Deno.mkdir("/etc/docker", { recursive: true });
  await Deno.writeTextFile(file, JSON.stringify(config, null, 2) + "\n");
  console.log(`registered runtime ${name} (${path}) in ${file}`);
} else {
  console.log(`runtime ${name} already registered in ${file}`);
}
