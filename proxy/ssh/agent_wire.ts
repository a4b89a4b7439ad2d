/**
 * The ssh-agent protocol on the wire (draft-miller-ssh-agent), without I/O:
 * framing (a uint32 length, then the message), the SSH primitives it is made
 * of (uint32, string, boolean), the requests a client sends, and the replies
 * the agent sends back. Only what bottle's filtering agent reads or writes;
 * anything else decodes as `other` and is refused by the caller. Bounded: a
 * message longer than {@link MAX_AGENT_MESSAGE} is an error, never buffered.
 */
import { joinBytes } from "../conn/join_bytes.ts";
import { SshReader } from "./ssh_reader.ts";

/** Message numbers (draft-miller-ssh-agent §6.1). */
export const AGENT = {
  failure: 5,
  success: 6,
  requestIdentities: 11,
  identitiesAnswer: 12,
  signRequest: 13,
  signResponse: 14,
  addIdentity: 17,
  removeIdentity: 18,
  removeAllIdentities: 19,
  addSmartcardKey: 20,
  removeSmartcardKey: 21,
  lock: 22,
  unlock: 23,
  addIdConstrained: 25,
  addSmartcardKeyConstrained: 26,
  extension: 27,
} as const;

/** Sign request flags: which RSA signature algorithm the client wants. */
export const SIGN_FLAGS = { rsaSha2_256: 2, rsaSha2_512: 4 } as const;

/** The one extension bottle's agent honours: the client binds its connection to a server. */
export const SESSION_BIND = "session-bind@openssh.com";

/** The longest message the agent reads (OpenSSH's own agent uses 256 KiB). */
export const MAX_AGENT_MESSAGE = 256 * 1024;

/** One request from a client. */
export type AgentRequest =
  | { readonly kind: "list" }
  | {
    readonly kind: "sign";
    readonly keyBlob: Uint8Array;
    readonly data: Uint8Array;
    readonly flags: number;
  }
  | {
    readonly kind: "bind";
    readonly hostKey: Uint8Array;
    readonly sessionId: Uint8Array;
    readonly signature: Uint8Array;
    readonly forwarding: boolean;
  }
  | { readonly kind: "extension"; readonly name: string }
  /** Adding, removing, locking… and any type the agent does not know. */
  | { readonly kind: "other"; readonly type: number };

/** A whole message cut from a buffer, or why the stream is broken. */
export type Framed =
  | { readonly kind: "incomplete" }
  | { readonly kind: "message"; readonly body: Uint8Array; readonly consumed: number }
  | { readonly kind: "error"; readonly reason: string };

/** Cuts the first message off `buffer` (length-prefixed); bounded by {@link MAX_AGENT_MESSAGE}. */
export function frameMessage(buffer: Uint8Array): Framed {
  if (buffer.length < 4) return { kind: "incomplete" };
  const length = readUint32(buffer, 0);
  if (length === 0) return { kind: "error", reason: "an empty agent message" };
  if (length > MAX_AGENT_MESSAGE) {
    return {
      kind: "error",
      reason: `an agent message of ${length} bytes (at most ${MAX_AGENT_MESSAGE})`,
    };
  }
  if (buffer.length < 4 + length) return { kind: "incomplete" };
  return { kind: "message", body: buffer.subarray(4, 4 + length), consumed: 4 + length };
}

/**
 * Decodes one message body into a request; an error for a malformed one (a
 * short string, trailing bytes): the caller answers failure and closes.
 */
export function decodeRequest(
  body: Uint8Array,
): AgentRequest | { readonly kind: "error"; readonly reason: string } {
  try {
    const reader = new SshReader(body);
    const type = reader.byte();
    let request: AgentRequest;
    switch (type) {
      case AGENT.requestIdentities:
        request = { kind: "list" };
        break;
      case AGENT.signRequest:
        request = {
          kind: "sign",
          keyBlob: reader.string(),
          data: reader.string(),
          flags: reader.uint32(),
        };
        break;
      case AGENT.extension: {
        const name = reader.text();
        if (name !== SESSION_BIND) return { kind: "extension", name };
        request = {
          kind: "bind",
          hostKey: reader.string(),
          sessionId: reader.string(),
          signature: reader.string(),
          forwarding: reader.boolean(),
        };
        break;
      }
      default:
        // Not read further: refused whatever it carries (a key being added included).
        return { kind: "other", type };
    }
    if (!reader.done) return { kind: "error", reason: "bytes after the end of the request" };
    return request;
  } catch (error) {
    return { kind: "error", reason: (error as Error).message };
  }
}

/** One key in an identities answer. */
export interface AgentIdentity {
  readonly keyBlob: Uint8Array;
  readonly comment: string;
}

/** `SSH_AGENT_FAILURE`, framed. */
export function failureReply(): Uint8Array {
  return frame([Uint8Array.of(AGENT.failure)]);
}

/** `SSH_AGENT_SUCCESS`, framed. */
export function successReply(): Uint8Array {
  return frame([Uint8Array.of(AGENT.success)]);
}

/** `SSH_AGENT_IDENTITIES_ANSWER` listing `identities`, framed. */
export function identitiesReply(identities: readonly AgentIdentity[]): Uint8Array {
  const parts: Uint8Array[] = [Uint8Array.of(AGENT.identitiesAnswer), uint32(identities.length)];
  for (const { keyBlob, comment } of identities) {
    parts.push(sshString(keyBlob), sshString(new TextEncoder().encode(comment)));
  }
  return frame(parts);
}

/** `SSH_AGENT_SIGN_RESPONSE` carrying `signature` (an SSH signature blob), framed. */
export function signReply(signature: Uint8Array): Uint8Array {
  return frame([Uint8Array.of(AGENT.signResponse), sshString(signature)]);
}

/** An SSH `string`: a uint32 length, then the bytes. */
export function sshString(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + bytes.length);
  out.set(uint32(bytes.length), 0);
  out.set(bytes, 4);
  return out;
}

/** The first SSH `string` of `blob` as text: a key blob's algorithm name (`ssh-ed25519`). */
export function keyAlgorithm(blob: Uint8Array): string | undefined {
  try {
    return new SshReader(blob).text();
  } catch {
    return undefined;
  }
}

function frame(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  return joinBytes([uint32(length), ...parts]);
}

function uint32(value: number): Uint8Array {
  return Uint8Array.of(value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff);
}

function readUint32(bytes: Uint8Array, at: number): number {
  return ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>>
    0;
}
