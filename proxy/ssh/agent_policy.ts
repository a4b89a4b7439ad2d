/**
 * What bottle's filtering ssh-agent answers, per request, without I/O or
 * cryptography: it lists only the granted keys; it signs only with a granted
 * key, only on a connection bound (`session-bind@openssh.com`) to a host key
 * pinned for a host that key is granted for, and never an RSA signature over
 * SHA-1; it refuses adding, removing and locking keys, agent forwarding, any
 * other extension, and anything it cannot read. Each refusal has a code for
 * the audit log.
 *
 * What this does not cover (the caller's part): checking the host's
 * signature over the session identifier before a binding counts (a `bind`
 * decision hands the parts over for that), and making the signature.
 */
import {
  type AgentIdentity,
  type AgentRequest,
  failureReply,
  identitiesReply,
  keyAlgorithm,
  SIGN_FLAGS,
} from "./agent_wire.ts";

/** A key the bottle may use, and the pinned host keys of the hosts it is granted for. */
export interface GrantedKey extends AgentIdentity {
  readonly hostKeys: readonly Uint8Array[];
}

/** One client connection's state: the server it is bound to, once bound. */
export interface AgentSession {
  boundTo?: Uint8Array;
}

/** What to do with one request. */
export type AgentDecision =
  /** Send this reply (a listing). */
  | { readonly kind: "reply"; readonly reply: Uint8Array }
  /** Check the host's signature over the session id; on success bind and answer success. */
  | {
    readonly kind: "bind";
    readonly hostKey: Uint8Array;
    readonly sessionId: Uint8Array;
    readonly signature: Uint8Array;
  }
  /** Sign `data` with `key` (the flags choose the RSA hash), and answer with the signature. */
  | {
    readonly kind: "sign";
    readonly key: GrantedKey;
    readonly data: Uint8Array;
    readonly flags: number;
  }
  /** Answer failure; audit `code`. `close` for a request that could not be read. */
  | {
    readonly kind: "refuse";
    readonly code: string;
    readonly reason: string;
    readonly reply: Uint8Array;
    readonly close: boolean;
  };

function refuse(code: string, reason: string, close = false): AgentDecision {
  return { kind: "refuse", code, reason, reply: failureReply(), close };
}

/** Whether two byte strings are equal. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Decides one request on `session` against the bottle's `keys`. */
export function decideAgentRequest(
  request: AgentRequest | { readonly kind: "error"; readonly reason: string },
  session: AgentSession,
  keys: readonly GrantedKey[],
): AgentDecision {
  switch (request.kind) {
    case "error":
      return refuse("ssh.agent_bad_request", request.reason, true);
    case "list":
      return { kind: "reply", reply: identitiesReply(keys) };
    case "extension":
      return refuse("ssh.agent_extension_refused", `the extension ${request.name} is not offered`);
    case "other":
      return refuse(
        "ssh.agent_request_refused",
        `request type ${request.type} (adding, removing or locking keys) is refused`,
      );
    case "bind": {
      if (request.forwarding) {
        return refuse("ssh.agent_forwarding_refused", "the agent is not forwarded anywhere");
      }
      if (session.boundTo !== undefined && !sameBytes(session.boundTo, request.hostKey)) {
        return refuse("ssh.agent_rebind_refused", "the connection is bound to another server");
      }
      if (!keys.some((key) => key.hostKeys.some((h) => sameBytes(h, request.hostKey)))) {
        return refuse("ssh.agent_host_not_granted", "no granted key may sign for this server");
      }
      return {
        kind: "bind",
        hostKey: request.hostKey,
        sessionId: request.sessionId,
        signature: request.signature,
      };
    }
    case "sign": {
      const key = keys.find((k) => sameBytes(k.keyBlob, request.keyBlob));
      if (key === undefined) return refuse("ssh.agent_key_not_granted", "the key is not granted");
      if (session.boundTo === undefined) {
        return refuse("ssh.agent_not_bound", "the connection is not bound to a server");
      }
      const bound = session.boundTo;
      if (!key.hostKeys.some((h) => sameBytes(h, bound))) {
        return refuse("ssh.agent_host_not_granted", "the key is not granted for this server");
      }
      const sha2 = SIGN_FLAGS.rsaSha2_256 | SIGN_FLAGS.rsaSha2_512;
      if (keyAlgorithm(key.keyBlob) === "ssh-rsa" && (request.flags & sha2) === 0) {
        return refuse("ssh.agent_sha1_refused", "RSA signatures over SHA-1 (ssh-rsa) are refused");
      }
      return { kind: "sign", key, data: request.data, flags: request.flags };
    }
  }
}
