import { ok, strictEqual } from "node:assert/strict";
import { stateLayout } from "../bottle/state_layout.ts";
import { collectGarbage } from "./cleanup.ts";
import { listenControl } from "./liveness.ts";
import { withStateLock } from "./state_lock.ts";

const exists = (path: string) => Deno.lstat(path).then(() => true, () => false);

async function withRoot(test: (root: string) => Promise<void>): Promise<void> {
  const root = await Deno.makeTempDir();
  try {
    await test(root);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
}

Deno.test("gc_clears_run_files_of_a_dead_supervisor_and_keeps_its_logs", () =>
  withRoot(async (root) => {
    const layout = stateLayout(root, "dead");
    await Deno.mkdir(layout.sockDir, { recursive: true });
    await Deno.mkdir(layout.configDir);
    await Deno.writeTextFile(layout.supervisorFile, "{}");
    await Deno.writeTextFile(layout.auditLog, "{}\n");
    await Deno.writeTextFile(layout.agentLog, "output\n");

    const report = await collectGarbage(root, []);

    strictEqual(report.staleState.join(), "dead");
    for (const gone of [layout.sockDir, layout.configDir, layout.supervisorFile]) {
      strictEqual(await exists(gone), false, gone);
    }
    ok(await exists(layout.auditLog));
    ok(await exists(layout.agentLog));
  }));

Deno.test("gc_leaves_the_run_files_of_a_live_supervisor", () =>
  withRoot(async (root) => {
    const layout = stateLayout(root, "live");
    await Deno.mkdir(layout.sockDir, { recursive: true });
    const control = listenControl(layout.controlSocket);
    try {
      const report = await collectGarbage(root, []);
      strictEqual(report.staleState.length, 0);
      ok(await exists(layout.sockDir));
    } finally {
      control.close();
    }
  }));

Deno.test("gc_never_clears_a_bottle_whose_supervisor_is_claiming_it", () =>
  withRoot(async (root) => {
    // A claim in progress: the folder is locked, its run files are being written and the
    // control socket does not listen yet. gc must wait for the claim, then see it alive.
    const layout = stateLayout(root, "starting");
    await Deno.mkdir(layout.dir, { recursive: true });
    let gc: Promise<unknown> | undefined;
    const control = await withStateLock(layout, async () => {
      await Deno.mkdir(layout.sockDir);
      gc = collectGarbage(root, []);
      await new Promise((resolve) => setTimeout(resolve, 200));
      return listenControl(layout.controlSocket);
    });
    try {
      await gc;
      ok(await exists(layout.sockDir), "the starting bottle's sockets were removed by gc");
    } finally {
      control.close();
    }
  }));

Deno.test("withStateLock runs the work without a lock when the folder does not exist", async () => {
  const layout = stateLayout("/nonexistent-bottle-root", "none");
  strictEqual(await withStateLock(layout, () => Promise.resolve(7)), 7);
});
