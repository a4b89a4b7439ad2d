/**
 * bottle's filtering ssh-agent on one connection: messages are framed
 * (bounded), each is decided by the pure policy (agent_policy.ts), a
 * `session-bind@openssh.com` counts only once the host key's signature over
 * the session identifier checks out, a sign request is signed with the key
 * held in memory, and every refusal is reported for the audit log with its
 * code. A request that cannot be read is answered with failure and the
 * connection closed. Never throws.
 */
import { closeQuietly } from "../conn/close_quietly.ts";
import { writeAll } from "../conn/write_all.ts";
import {
  type AgentSession,
  decideAgentRequest,
  type GrantedKey,
  sameBytes,
} from "./agent_policy.ts";
import {
  decodeRequest,
  failureReply,
  frameMessage,
  signReply,
  successReply,
} from "./agent_wire.ts";
import type { AgentKey } from "./openssh_key.ts";
import { signWith } from "./openssh_key.ts";
import { verifySshSignature } from "./verify_signature.ts";

/** A granted key with its private half (held in memory by the supervisor). */
export interface HeldKey extends GrantedKey {
  readonly key: AgentKey;
}

/** What the agent reports for the audit log: never a key, a signature or signed data. */
export interface AgentEvent {
  readonly outcome: "listed" | "bound" | "signed" | "refused";
  readonly code?: string;
  readonly key?: string;
}

/** Serves one client connection until it closes. */
export async function serveAgentConnection(
  conn: Deno.Conn,
  keys: readonly HeldKey[],
  report: (event: AgentEvent) => void,
): Promise<void> {
  const session: AgentSession = {};
  let have = new Uint8Array(0);
  const buffer = new Uint8Array(16 * 1024);
  try {
    for (;;) {
      const n = await conn.read(buffer);
      if (n === null) return;
      const joined = new Uint8Array(have.length + n);
      joined.set(have, 0);
      joined.set(buffer.subarray(0, n), have.length);
      have = joined;
      for (;;) {
        const framed = frameMessage(have);
        if (framed.kind === "incomplete") break;
        if (framed.kind === "error") {
          report({ outcome: "refused", code: "ssh.agent_bad_request" });
          await writeAll(conn, failureReply());
          return;
        }
        have = have.slice(framed.consumed);
        const decision = decideAgentRequest(decodeRequest(framed.body), session, keys);
        switch (decision.kind) {
          case "reply":
            report({ outcome: "listed" });
            await writeAll(conn, decision.reply);
            break;
          case "refuse":
            report({ outcome: "refused", code: decision.code });
            await writeAll(conn, decision.reply);
            if (decision.close) return;
            break;
          case "bind": {
            const valid = await verifySshSignature(
              decision.hostKey,
              decision.sessionId,
              decision.signature,
            );
            if (!valid) {
              report({ outcome: "refused", code: "ssh.agent_bad_binding" });
              await writeAll(conn, failureReply());
              break;
            }
            session.boundTo = decision.hostKey;
            report({ outcome: "bound" });
            await writeAll(conn, successReply());
            break;
          }
          case "sign": {
            const held = keys.find((k) => sameBytes(k.keyBlob, decision.key.keyBlob))!;
            const signature = await signWith(held.key, decision.data);
            report({ outcome: "signed", key: held.comment });
            await writeAll(conn, signReply(signature));
            break;
          }
        }
      }
    }
  } catch {
    // A broken connection ends this client only.
  } finally {
    closeQuietly(conn);
  }
}
