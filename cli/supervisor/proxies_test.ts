import { ok, rejects, strictEqual } from "node:assert/strict";
import type { AuditRecord } from "../../proxy/audit/audit_log.ts";
import type { BottlePlan } from "../bottle/plan.ts";
import { stateLayout } from "../bottle/state_layout.ts";
import { startProxies } from "./proxies.ts";

const PLAN = {
  name: "lazy",
  auth: { type: "oauth", upstream: "http://127.0.0.1:9" },
  egressAllow: ["example.com"],
  credentials: [],
  egressHosts: {},
  dlp: { mode: "block", redactModelInput: false },
  sanitizeUnicode: true,
  serverTools: [],
} as unknown as BottlePlan;

const SECRETS = {
  credential: "sk-ant-oat01-REALREALREALREALREALREAL",
  phantom: "sk-ant-oat01-PHANTOMPHANTOMPHANTOM",
  known: [],
};

async function exchange(path: string, request: string): Promise<string> {
  const conn = await Deno.connect({ transport: "unix", path });
  await conn.write(new TextEncoder().encode(request));
  const chunks: string[] = [];
  const buffer = new Uint8Array(4096);
  for (let n = await conn.read(buffer); n !== null; n = await conn.read(buffer)) {
    chunks.push(new TextDecoder().decode(buffer.subarray(0, n)));
    if (chunks.join("").includes("\r\n\r\n")) break;
  }
  conn.close();
  return chunks.join("");
}

Deno.test("proxies_built_on_first_connection_answer_it_with_their_policy", async () => {
  const root = await Deno.makeTempDir();
  const layout = stateLayout(root, PLAN.name);
  await Deno.mkdir(layout.sockDir, { recursive: true });
  const audit: AuditRecord[] = [];
  const proxies = await startProxies(PLAN, layout, SECRETS, (event) => audit.push(event));
  try {
    const refused = await exchange(
      layout.egressSocket,
      "CONNECT not-allowed.test:443 HTTP/1.1\r\nHost: not-allowed.test:443\r\n\r\n",
    );
    ok(refused.startsWith("HTTP/1.1 403"), refused);
    const phantomless = await exchange(
      layout.apiSocket,
      "GET /v1/models HTTP/1.1\r\nHost: api\r\nConnection: close\r\n\r\n",
    );
    ok(/^HTTP\/1\.1 4\d\d/.test(phantomless), phantomless);
    strictEqual(audit.some((event) => event.bottle === PLAN.name), true);
  } finally {
    await proxies.shutdown();
    await Deno.remove(root, { recursive: true });
  }
});

Deno.test("bad_upstream_fails_the_start_before_any_socket_listens", async () => {
  const root = await Deno.makeTempDir();
  const layout = stateLayout(root, PLAN.name);
  await Deno.mkdir(layout.sockDir, { recursive: true });
  const plan = { ...PLAN, auth: { type: "oauth", upstream: "ftp://x" } } as unknown as BottlePlan;
  await rejects(startProxies(plan, layout, SECRETS, () => {}), /http: or https:/);
  await rejects(Deno.lstat(layout.apiSocket), Deno.errors.NotFound);
  await Deno.remove(root, { recursive: true });
});
