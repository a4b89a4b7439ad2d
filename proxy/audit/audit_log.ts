/**
 * The audit log's edge with the disk: an append-only JSON-lines file, 0600,
 * written synchronously so a crash loses at most the line being written.
 */
import type { AuditEvent, AuditSink } from "./audit_event.ts";

/** An open audit log. */
export interface AuditLog {
  readonly write: AuditSink;
  readonly close: () => void;
}

/** Opens (creating if needed, mode 0600) the audit log at `path` for appending. */
export function openAuditLog(path: string): AuditLog {
  const file = Deno.openSync(path, { append: true, create: true, mode: 0o600 });
  const encoder = new TextEncoder();
  let open = true;
  return {
    write: (event: AuditEvent) => {
      if (!open) return;
      const bytes = encoder.encode(JSON.stringify(event) + "\n");
      let written = 0;
      while (written < bytes.length) written += file.writeSync(bytes.subarray(written));
    },
    close: () => {
      if (!open) return;
      open = false;
      file.close();
    },
  };
}
