import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { stateLayout, stateRoot } from "./state_layout.ts";

const envOf = (vars: Record<string, string>) => (name: string) => vars[name];

Deno.test("stateRoot() uses XDG_STATE_HOME when it is absolute", () => {
  strictEqual(stateRoot(envOf({ XDG_STATE_HOME: "/xdg", HOME: "/home/u" })), "/xdg/bottle");
  strictEqual(stateRoot(envOf({ XDG_STATE_HOME: "/xdg/" })), "/xdg/bottle");
});

Deno.test("stateRoot() falls back to ~/.local/state when XDG_STATE_HOME is unset, empty or relative", () => {
  for (const xdg of [undefined, "", "relative/state", "./state", "~/state"]) {
    const vars: Record<string, string> = { HOME: "/home/u" };
    if (xdg !== undefined) vars["XDG_STATE_HOME"] = xdg;
    strictEqual(stateRoot(envOf(vars)), "/home/u/.local/state/bottle", String(xdg));
  }
});

Deno.test("stateRoot() has no answer when HOME is unset or relative and XDG does not help", () => {
  strictEqual(stateRoot(envOf({})), undefined);
  strictEqual(stateRoot(envOf({ HOME: "" })), undefined);
  strictEqual(stateRoot(envOf({ HOME: "home/u" })), undefined);
  strictEqual(stateRoot(envOf({ HOME: "home/u", XDG_STATE_HOME: "rel" })), undefined);
});

Deno.test("stateLayout() puts every file of a bottle in its own folder", () => {
  deepStrictEqual(stateLayout("/root/bottle", "dev-1"), {
    dir: "/root/bottle/dev-1",
    sockDir: "/root/bottle/dev-1/sock",
    apiSocket: "/root/bottle/dev-1/sock/api.sock",
    egressSocket: "/root/bottle/dev-1/sock/egress.sock",
    readySocket: "/root/bottle/dev-1/sock/ready.sock",
    hookSocket: "/root/bottle/dev-1/sock/hook.sock",
    trustStore: "/root/bottle/dev-1/sock/trust.json",
    hookPolicy: "/root/bottle/dev-1/config/hook-policy.json",
    configDir: "/root/bottle/dev-1/config",
    managedSettings: "/root/bottle/dev-1/managed-settings.json",
    seccompProfile: "/root/bottle/dev-1/seccomp.json",
    auditLog: "/root/bottle/dev-1/audit.jsonl",
    agentLog: "/root/bottle/dev-1/agent.log",
    supervisorLog: "/root/bottle/dev-1/supervisor.log",
    supervisorFile: "/root/bottle/dev-1/supervisor.json",
    controlSocket: "/root/bottle/dev-1/control.sock",
    lockFile: "/root/bottle/dev-1/state.lock",
    emptyFile: "/root/bottle/dev-1/seal/empty",
    emptyFolder: "/root/bottle/dev-1/seal/empty.d",
  });
});

Deno.test("stateLayout() keeps the control socket, logs and audit out of the mounted folders", () => {
  const layout = stateLayout("/r", "b");
  const mounted = [layout.sockDir, layout.configDir];
  const private_ = [
    layout.controlSocket,
    layout.auditLog,
    layout.agentLog,
    layout.supervisorLog,
    layout.supervisorFile,
    layout.managedSettings,
  ];
  for (const path of private_) {
    for (const dir of mounted) ok(!path.startsWith(`${dir}/`), `${path} is under ${dir}`);
  }
  // Only the sockets and the trust store (read-only in the bottle) sit in the socket folder.
  ok(layout.hookSocket.startsWith(`${layout.sockDir}/`));
  ok(layout.trustStore.startsWith(`${layout.sockDir}/`));
  ok(layout.apiSocket.startsWith(`${layout.sockDir}/`));
  ok(layout.readySocket.startsWith(`${layout.sockDir}/`));
  ok(layout.egressSocket.startsWith(`${layout.sockDir}/`));
});
