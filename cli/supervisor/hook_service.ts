/**
 * The supervisor's end of the policy hook: a unix socket in the bottle's
 * socket folder (`/run/bottle/hook.sock` inside) where the hook reports each
 * decision. Each report becomes an audit line, and its first-run hashes are
 * recorded in the trust store the bottle sees read-only at
 * `/run/bottle/trust.json`. Reports are untrusted (anything in the bottle can
 * connect): they are parsed strictly, summaries are redacted, and a first-run
 * record never replaces a recorded hash.
 */
import { join } from "node:path";
import type { HookAuditEvent } from "../../proxy/audit/hook_audit_event.ts";
import { recordTrust, type TrustStore } from "../hook/binary/trust_store.ts";
import { type HookReport, MAX_REPORT_BYTES, parseHookReport } from "../hook/hook_wire.ts";

/** What the service needs from the supervisor. */
export interface HookServiceDeps {
  readonly bottle: string;
  /** Appends to the bottle's audit log. */
  readonly audit: (event: HookAuditEvent) => void;
  /**
   * Removes credentials from a summary before it is written (DLP redaction, known secrets).
   * May load its detectors first; a report whose summary cannot be redacted is not written.
   */
  readonly redact: (text: string) => string | Promise<string>;
}

/** A running hook service. */
export interface HookService {
  /** Stops listening and removes the socket; waits for reports being handled. */
  readonly close: () => Promise<void>;
}

/** How long one connection may take to send its report. */
const REPORT_TIMEOUT_MS = 5_000;

/** Listens on `socketPath` and keeps the trust store at `storePath` (already written). */
export async function serveHookService(
  socketPath: string,
  storePath: string,
  initial: TrustStore,
  deps: HookServiceDeps,
): Promise<HookService> {
  await Deno.remove(socketPath).catch(() => {});
  const listener = Deno.listen({ transport: "unix", path: socketPath });
  await Deno.chmod(socketPath, 0o666);
  let store = initial;
  // Reports are handled one at a time, so trust-store writes never interleave.
  let queue: Promise<void> = Promise.resolve();
  const handle = (report: HookReport) => {
    queue = queue.then(async () => {
      const firstRuns: string[] = [];
      for (const record of report.trust) {
        const next = recordTrust(store, record.path, record.sha256);
        if (next !== store) firstRuns.push(record.path);
        store = next;
      }
      if (firstRuns.length > 0) await writeStore(storePath, store);
      deps.audit({
        time: new Date().toISOString(),
        bottle: deps.bottle,
        channel: "hook",
        tool: report.tool,
        summary: await deps.redact(report.summary),
        decision: report.decision,
        reason: report.rule,
        durationMs: report.durationMs,
        ...(firstRuns.length > 0 ? { firstRuns } : {}),
      });
    }).catch(() => {});
    return queue;
  };
  const serving = (async () => {
    for await (const conn of listener) void serveOne(conn, handle);
  })().catch(() => {});
  return {
    close: async () => {
      try {
        listener.close();
      } catch {
        // Already closed.
      }
      await serving;
      await queue;
      await Deno.remove(socketPath).catch(() => {});
    },
  };
}

async function serveOne(
  conn: Deno.Conn,
  handle: (report: HookReport) => Promise<void>,
): Promise<void> {
  const timer = setTimeout(() => conn.close(), REPORT_TIMEOUT_MS);
  try {
    const line = await readLine(conn);
    const report = line === undefined ? undefined : parseHookReport(line);
    if (report === undefined) {
      await conn.write(new TextEncoder().encode("bad\n"));
      return;
    }
    await handle(report);
    await conn.write(new TextEncoder().encode("ok\n"));
  } catch {
    // A connection that breaks off has nothing to record.
  } finally {
    clearTimeout(timer);
    try {
      conn.close();
    } catch {
      // Closed by the timer.
    }
  }
}

/** Reads up to the first newline (or the end), refusing more than MAX_REPORT_BYTES. */
async function readLine(conn: Deno.Conn): Promise<string | undefined> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  const buffer = new Uint8Array(16 * 1024);
  while (true) {
    const n = await conn.read(buffer);
    if (n === null) break;
    const chunk = buffer.slice(0, n);
    const newline = chunk.indexOf(0x0a);
    chunks.push(newline === -1 ? chunk : chunk.subarray(0, newline));
    size += newline === -1 ? n : newline;
    if (size > MAX_REPORT_BYTES) return undefined;
    if (newline !== -1) break;
  }
  const all = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    all.set(chunk, offset);
    offset += chunk.length;
  }
  return new TextDecoder("utf-8", { fatal: false }).decode(all);
}

/** Replaces the store file atomically: the bottle never reads half a store. */
async function writeStore(path: string, store: TrustStore): Promise<void> {
  const temporary = join(path, "..", `.trust.${crypto.randomUUID()}.json`);
  await Deno.writeTextFile(temporary, JSON.stringify(store) + "\n", { mode: 0o644 });
  await Deno.chmod(temporary, 0o644);
  await Deno.rename(temporary, path);
}
