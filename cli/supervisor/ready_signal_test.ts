import { strictEqual } from "node:assert/strict";
import { join } from "node:path";
import { listenForReady } from "./ready_signal.ts";

Deno.test("listenForReady() resolves when the init connects, then removes its socket", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = join(dir, "ready.sock");
    const signal = await listenForReady(path);
    strictEqual((await Deno.stat(path)).mode! & 0o777, 0o666);
    let resolved = false;
    signal.ready.then(() => resolved = true);
    await new Promise((r) => setTimeout(r, 20));
    strictEqual(resolved, false, "not ready before anyone connects");
    (await Deno.connect({ transport: "unix", path })).close();
    await signal.ready;
    await signal.close();
    strictEqual(await Deno.stat(path).then(() => true, () => false), false);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("listenForReady() close before any connection leaves ready pending and no socket", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = join(dir, "ready.sock");
    const signal = await listenForReady(path);
    let settled = false;
    signal.ready.then(() => settled = true, () => settled = true);
    await signal.close();
    await new Promise((r) => setTimeout(r, 20));
    strictEqual(settled, false);
    strictEqual(await Deno.stat(path).then(() => true, () => false), false);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
