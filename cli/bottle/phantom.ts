/**
 * Phantom credentials: random per bottle, shaped like the real thing so
 * Claude Code accepts them, worthless anywhere but this bottle's API proxy.
 */

/** Which kind of Anthropic credential a bottle uses. */
export type CredentialType = "oauth" | "apiKey";

/** The prefix Claude Code expects for each credential type. */
export const PHANTOM_PREFIX: Readonly<Record<CredentialType, string>> = {
  oauth: "sk-ant-oat01-",
  apiKey: "sk-ant-api03-",
};

/** Random bytes that go into one phantom (the caller supplies them: 64 bytes). */
export const PHANTOM_RANDOM_BYTES = 64;

/** A phantom of `type` built from `random` (base64url body, `AA` tail as real keys have). */
export function phantomCredential(type: CredentialType, random: Uint8Array): string {
  if (random.length < PHANTOM_RANDOM_BYTES) throw new Error("a phantom needs 64 random bytes");
  const body = btoa(String.fromCharCode(...random.subarray(0, PHANTOM_RANDOM_BYTES)))
    .replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  return `${PHANTOM_PREFIX[type]}${body}AA`;
}

/** The environment variable Claude Code reads a credential of `type` from. */
export function credentialVariable(type: CredentialType): string {
  return type === "oauth" ? "CLAUDE_CODE_OAUTH_TOKEN" : "ANTHROPIC_API_KEY";
}
