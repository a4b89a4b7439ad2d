/**
 * Runs the API proxy on 127.0.0.1:0 in front of a given loopback upstream,
 * with the test credentials, and records its audit events: the common setup
 * of the API proxy's raw-socket tests.
 */
import type { AuditEvent } from "../../proxy/audit/audit_event.ts";
import {
  type ApiProxyConfig,
  type ApiProxyDeps,
  serveApiProxy,
} from "../../proxy/api/serve_api_proxy.ts";

/** The real credential the proxy injects (never seen by the bottle). */
export const REAL = "sk-ant-oat01-REAL-secret-value-0123456789abcdef";
/** The phantom the bottle presents. */
export const PHANTOM = "sk-ant-oat01-PHANTOM-value-abcdef0123456789";

/** A running API proxy. */
export interface ApiHarness {
  readonly port: number;
  readonly audit: AuditEvent[];
  readonly shutdown: () => Promise<void>;
}

/** Starts the API proxy towards `upstream` (a URL, or a loopback port for http). */
export function startApiProxy(
  upstream: string | number,
  config: Partial<ApiProxyConfig> = {},
  deps: Partial<ApiProxyDeps> = {},
): ApiHarness {
  const audit: AuditEvent[] = [];
  const server = serveApiProxy(
    { port: 0 },
    {
      bottle: "test",
      upstream: typeof upstream === "number" ? `http://127.0.0.1:${upstream}` : upstream,
      credential: { type: "oauth", value: REAL },
      phantom: PHANTOM,
      ...config,
    },
    { audit: (event) => audit.push(event), ...deps },
  );
  return { port: server.port!, audit, shutdown: server.shutdown };
}

/** A request head line block for the proxy: `METHOD path`, the phantom, and `extra` lines. */
export function apiRequest(method: string, path: string, extra: string[] = [], body = ""): string {
  return [
    `${method} ${path} HTTP/1.1`,
    "Host: 127.0.0.1",
    `Authorization: Bearer ${PHANTOM}`,
    ...extra,
    "",
    body,
  ].join("\r\n");
}

/** Waits until `check` holds (polling), or fails after `ms` naming `what`. */
export async function eventually(check: () => boolean, what: string, ms = 2000): Promise<void> {
  const deadline = performance.now() + ms;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`${what} did not happen within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
