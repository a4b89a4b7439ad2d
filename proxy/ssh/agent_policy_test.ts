import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { type AgentSession, decideAgentRequest, type GrantedKey } from "./agent_policy.ts";
import { AGENT, decodeRequest, sshString } from "./agent_wire.ts";

const text = (s: string) => new TextEncoder().encode(s);
const blob = (algorithm: string, id: string) =>
  new Uint8Array([...sshString(text(algorithm)), ...sshString(text(id))]);

const ED = blob("ssh-ed25519", "granted");
const RSA = blob("ssh-rsa", "granted-rsa");
const OTHER_KEY = blob("ssh-ed25519", "not-granted");
const GITHUB = blob("ssh-ed25519", "github host key");
const ELSEWHERE = blob("ssh-ed25519", "another server");
const KEYS: GrantedKey[] = [
  { keyBlob: ED, comment: "id_ed25519_bottle", hostKeys: [GITHUB] },
  { keyBlob: RSA, comment: "rsa", hostKeys: [GITHUB] },
];

const sign = (keyBlob: Uint8Array, flags = 0) =>
  decodeRequest(
    new Uint8Array([
      AGENT.signRequest,
      ...sshString(keyBlob),
      ...sshString(text("data")),
      ...[0, 0, 0, flags],
    ]),
  );
const bind = (hostKey: Uint8Array, forwarding = false) =>
  decodeRequest(
    new Uint8Array([
      AGENT.extension,
      ...sshString(text("session-bind@openssh.com")),
      ...sshString(hostKey),
      ...sshString(text("session id")),
      ...sshString(text("signature")),
      forwarding ? 1 : 0,
    ]),
  );
const code = (decision: ReturnType<typeof decideAgentRequest>) =>
  decision.kind === "refuse" ? decision.code : decision.kind;

Deno.test("agent_signs_only_with_a_granted_key_on_a_connection_bound_to_its_host", () => {
  const session: AgentSession = {};
  strictEqual(code(decideAgentRequest(sign(ED), session, KEYS)), "ssh.agent_not_bound");
  strictEqual(code(decideAgentRequest(bind(GITHUB), session, KEYS)), "bind");
  session.boundTo = GITHUB;
  const signed = decideAgentRequest(sign(ED), session, KEYS);
  ok(signed.kind === "sign" && signed.key.comment === "id_ed25519_bottle");
  strictEqual(
    code(decideAgentRequest(sign(OTHER_KEY), session, KEYS)),
    "ssh.agent_key_not_granted",
  );
});

Deno.test("agent_refuses_to_sign_for_a_server_the_key_is_not_granted_for", () => {
  strictEqual(code(decideAgentRequest(bind(ELSEWHERE), {}, KEYS)), "ssh.agent_host_not_granted");
  // Bound (by whatever means) to another server: no granted key signs there.
  strictEqual(
    code(decideAgentRequest(sign(ED), { boundTo: ELSEWHERE }, KEYS)),
    "ssh.agent_host_not_granted",
  );
  // A connection bound once cannot be bound to another server.
  strictEqual(
    code(decideAgentRequest(bind(ELSEWHERE), { boundTo: GITHUB }, KEYS)),
    "ssh.agent_rebind_refused",
  );
  strictEqual(
    code(decideAgentRequest(bind(GITHUB, true), {}, KEYS)),
    "ssh.agent_forwarding_refused",
  );
});

Deno.test("agent_refuses_rsa_over_sha1_and_signs_rsa_sha2", () => {
  const bound: AgentSession = { boundTo: GITHUB };
  strictEqual(code(decideAgentRequest(sign(RSA, 0), bound, KEYS)), "ssh.agent_sha1_refused");
  strictEqual(code(decideAgentRequest(sign(RSA, 2), bound, KEYS)), "sign");
  strictEqual(code(decideAgentRequest(sign(RSA, 4), bound, KEYS)), "sign");
});

Deno.test("agent_refuses_adding_removing_locking_other_extensions_and_unreadable_requests", () => {
  for (
    const type of [
      AGENT.addIdentity,
      AGENT.removeIdentity,
      AGENT.removeAllIdentities,
      AGENT.lock,
      AGENT.unlock,
      AGENT.addIdConstrained,
      AGENT.addSmartcardKey,
    ]
  ) {
    strictEqual(
      code(decideAgentRequest(decodeRequest(Uint8Array.of(type, 0, 0, 0, 0)), {}, KEYS)),
      "ssh.agent_request_refused",
      `type ${type}`,
    );
  }
  const query = decodeRequest(new Uint8Array([AGENT.extension, ...sshString(text("query"))]));
  strictEqual(code(decideAgentRequest(query, {}, KEYS)), "ssh.agent_extension_refused");
  const short = decideAgentRequest(
    decodeRequest(Uint8Array.of(AGENT.signRequest, 0, 0, 9)),
    {},
    KEYS,
  );
  ok(short.kind === "refuse" && short.close);
});

Deno.test("agent_lists_only_the_granted_keys", () => {
  const listed = decideAgentRequest({ kind: "list" }, {}, KEYS);
  ok(listed.kind === "reply");
  const reply = listed.reply;
  strictEqual(reply[4], AGENT.identitiesAnswer);
  deepStrictEqual([...reply.subarray(5, 9)], [0, 0, 0, 2]);
});
