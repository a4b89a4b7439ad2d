/**
 * Names an agent image after everything that went into it, so an unchanged
 * build is recognised without asking the engine to rebuild, and any change —
 * Dockerfile, build argument, base image contents, CA bundle, policy hook — is
 * a new tag.
 */

/** The repository every agent image is tagged in. */
export const AGENT_REPOSITORY = "bottle-agent";

/** The tag that always points at the most recently built or requested agent image. */
export const AGENT_LATEST = `${AGENT_REPOSITORY}:latest`;

/** Every input of an agent image build. */
export interface ImageInputs {
  /** The Dockerfile text. */
  readonly dockerfile: string;
  /** `--build-arg` values by name. */
  readonly buildArgs: Readonly<Record<string, string>>;
  /** The base image as named by the user and as resolved by the engine. */
  readonly base: { readonly name: string; readonly id: string };
  /** The CA bundle file put into the build context (empty when none). */
  readonly caBundle: Uint8Array;
  /** The policy hook's script put into the build context. */
  readonly hook: string;
  /** The hook's shell parser WebAssembly put into the build context. */
  readonly parser: { readonly runtime: Uint8Array; readonly grammar: Uint8Array };
}

/** `bottle-agent:<first 16 hex digits of the SHA-256 of all inputs>`. */
export async function imageTag(inputs: ImageInputs): Promise<string> {
  return `${AGENT_REPOSITORY}:${(await inputsDigest(inputs)).slice(0, 16)}`;
}

/** The full SHA-256 (hex) of all inputs, in a framing where no two input sets collide by concatenation. */
export async function inputsDigest(inputs: ImageInputs): Promise<string> {
  const args = Object.entries(inputs.buildArgs).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const canonical = JSON.stringify([
    "bottle-agent-inputs/2",
    inputs.dockerfile,
    args,
    inputs.base.name,
    inputs.base.id,
    await sha256Hex(inputs.caBundle),
    await sha256Hex(new TextEncoder().encode(inputs.hook)),
    await sha256Hex(inputs.parser.runtime),
    await sha256Hex(inputs.parser.grammar),
  ]);
  return await sha256Hex(new TextEncoder().encode(canonical));
}

/** Hex SHA-256 of `bytes`. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new Uint8Array(bytes)));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
