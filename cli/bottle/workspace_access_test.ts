import { equal, ok } from "node:assert/strict";
import { agentCanWrite, workspaceWarning } from "./workspace_access.ts";

Deno.test("agent_can_write_only_folders_its_uid_gid_or_everyone_may_write", () => {
  equal(agentCanWrite({ uid: 1000, gid: 1000, mode: 0o700 }), true);
  equal(agentCanWrite({ uid: 0, gid: 0, mode: 0o700 }), false);
  equal(agentCanWrite({ uid: 0, gid: 1000, mode: 0o770 }), true);
  equal(agentCanWrite({ uid: 0, gid: 1000, mode: 0o750 }), false);
  equal(agentCanWrite({ uid: 0, gid: 0, mode: 0o777 }), true);
  equal(agentCanWrite({ uid: 1000, gid: 0, mode: 0o500 }), false);
  equal(agentCanWrite({ uid: null, gid: null, mode: null }), true, "unknown: no warning");
});

Deno.test("workspace_warning_names_the_folder_and_the_fix", () => {
  const warning = workspaceWarning("/srv/app", { uid: 0, gid: 0, mode: 0o40755 });
  ok(warning?.includes("/srv/app") && warning.includes("chown -R 1000:1000"), warning);
  ok(warning?.includes("mode 755"), warning);
  equal(workspaceWarning("/srv/app", { uid: 1000, gid: 1000, mode: 0o40755 }), undefined);
});

Deno.test("workspace_warning_never_suggests_a_recursive_chown_of_a_broad_workspace", () => {
  const warning = workspaceWarning(
    "/",
    { uid: 0, gid: 0, mode: 0o755 },
    "it is the whole filesystem",
  );
  ok(warning !== undefined && !warning.includes("chown"), warning);
});

Deno.test("workspace_warning_quotes_a_path_for_the_shell", () => {
  const warning = workspaceWarning("/srv/my app", { uid: 0, gid: 0, mode: 0o755 });
  ok(warning?.includes("chown -R 1000:1000 '/srv/my app'"), warning);
});
