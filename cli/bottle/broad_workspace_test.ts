import { equal, ok } from "node:assert/strict";
import { broadWorkspace, engineSocketsOf } from "./broad_workspace.ts";

const HOST = {
  home: "/home/ada",
  stateRoot: "/home/ada/.local/state/bottle",
  engineSockets: engineSocketsOf("unix:///srv/engine/docker.sock", "/run/user/1000"),
};

Deno.test("workspace_refused_when_it_is_the_root_home_or_above_home", () => {
  for (const folder of ["/", "/home/ada", "/home", "/home/"]) {
    ok(broadWorkspace(folder, HOST) !== undefined, folder);
  }
});

Deno.test("workspace_refused_when_it_is_a_system_folder_or_inside_a_kernel_tree", () => {
  for (
    const folder of [
      "/etc",
      "/usr",
      "/var",
      "/root",
      "/boot",
      "/run",
      "/proc/1",
      "/sys/fs",
      "/dev/shm",
    ]
  ) {
    ok(broadWorkspace(folder, HOST) !== undefined, folder);
  }
});

Deno.test("workspace_refused_when_it_holds_bottles_state_or_the_engine_socket", () => {
  equal(
    broadWorkspace("/home/ada/.local", HOST)?.reason,
    "it holds bottle's state folder /home/ada/.local/state/bottle (other bottles' sockets)",
  );
  ok(broadWorkspace("/srv/engine", HOST)?.reason.includes("/srv/engine/docker.sock"));
  ok(broadWorkspace("/run/user/1000", HOST)?.reason.includes("socket"));
});

Deno.test("workspace_accepted_for_project_folders", () => {
  for (
    const folder of [
      "/home/ada/src/app",
      "/srv/www/site",
      "/tmp/bottle-ws-1",
      "/var/www/app",
      "/etc-backup",
    ]
  ) {
    equal(broadWorkspace(folder, HOST), undefined, folder);
  }
});
