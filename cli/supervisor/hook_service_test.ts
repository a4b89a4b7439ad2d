import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { join } from "node:path";
import type { HookAuditEvent } from "../../proxy/audit/hook_audit_event.ts";
import { EMPTY_TRUST_STORE, parseTrustStore } from "../hook/binary/trust_store.ts";
import { serveHookService } from "./hook_service.ts";

async function send(path: string, text: string): Promise<string> {
  const conn = await Deno.connect({ transport: "unix", path });
  await conn.write(new TextEncoder().encode(text));
  const answer = new Uint8Array(16);
  const n = await conn.read(answer);
  conn.close();
  return new TextDecoder().decode(answer.subarray(0, n ?? 0));
}

async function withService(
  run: (socket: string, store: string, events: HookAuditEvent[]) => Promise<void>,
): Promise<void> {
  const dir = await Deno.makeTempDir();
  const socket = join(dir, "hook.sock");
  const store = join(dir, "trust.json");
  await Deno.writeTextFile(store, JSON.stringify(EMPTY_TRUST_STORE));
  const events: HookAuditEvent[] = [];
  const service = await serveHookService(socket, store, EMPTY_TRUST_STORE, {
    bottle: "b1",
    audit: (event) => events.push(event),
    redact: (text) => text.replaceAll("ghp_SECRET", "[REDACTED:github_pat]"),
  });
  try {
    await run(socket, store, events);
  } finally {
    await service.close();
    await Deno.remove(dir, { recursive: true });
  }
}

const report = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    tool: "Bash",
    summary: "curl -H 'token: ghp_SECRET' x",
    decision: "deny",
    rule: "shell.inline_code",
    durationMs: 12,
    trust: [],
    ...extra,
  }) + "\n";

Deno.test("hook_service_audits_each_decision_with_a_redacted_summary", async () => {
  await withService(async (socket, _store, events) => {
    strictEqual(await send(socket, report()), "ok\n");
    strictEqual(events.length, 1);
    const [event] = events;
    strictEqual(event?.channel, "hook");
    strictEqual(event?.bottle, "b1");
    strictEqual(event?.decision, "deny");
    strictEqual(event?.reason, "shell.inline_code");
    ok(!event?.summary.includes("ghp_SECRET"));
    ok(event?.summary.includes("[REDACTED:github_pat]"));
  });
});

Deno.test("hook_service_records_first_runs_and_never_replaces_a_recorded_hash", async () => {
  await withService(async (socket, store, events) => {
    const first = { path: "/workspace/build.sh", sha256: "a".repeat(64) };
    await send(socket, report({ decision: "allow", rule: "allow", trust: [first] }));
    const forged = { path: "/workspace/build.sh", sha256: "b".repeat(64) };
    await send(socket, report({ decision: "allow", rule: "allow", trust: [forged] }));
    const saved = parseTrustStore(JSON.parse(await Deno.readTextFile(store)));
    deepStrictEqual(saved.binaries["/workspace/build.sh"], { sha256: "a".repeat(64) });
    deepStrictEqual(events[0]?.firstRuns, ["/workspace/build.sh"]);
    strictEqual(events[1]?.firstRuns, undefined);
    strictEqual((await Deno.stat(store)).mode! & 0o777, 0o644);
  });
});

Deno.test("hook_service_refuses_malformed_and_oversized_reports_without_auditing", async () => {
  await withService(async (socket, _store, events) => {
    strictEqual(await send(socket, "{not json}\n"), "bad\n");
    strictEqual(await send(socket, report({ decision: "allow-everything" })), "bad\n");
    strictEqual(await send(socket, report({ summary: "x".repeat(70 * 1024) })), "bad\n");
    strictEqual(events.length, 0);
  });
});
