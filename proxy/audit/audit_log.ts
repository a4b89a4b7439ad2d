/**
 * The audit log's edge with the disk: an append-only JSON-lines file, 0600,
 * written synchronously so a crash loses at most the line being written.
 */
import type { AuditEvent } from "./audit_event.ts";
import type { HookAuditEvent } from "./hook_audit_event.ts";

/** Anything the audit log records: a proxy event or a policy-hook decision. */
export type AuditRecord = AuditEvent | HookAuditEvent;

/** An open audit log. */
export interface AuditLog {
  readonly write: (event: AuditRecord) => void;
  readonly close: () => void;
}

/** Opens (creating if needed, mode 0600) the audit log at `path` for appending. */
export function openAuditLog(path: string): AuditLog {
  const file = Deno.openSync(path, { append: true, create: true, mode: 0o600 });
  const encoder = new TextEncoder();
  let open = true;
  return {
    write: (event: AuditRecord) => {
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
