/**
 * Decides what goes into an agent image's build context: the Dockerfile, the
 * policy hook's script, and the CA bundle file it copies, always present (empty when the user gave no
 * bundle) so the Dockerfile has a single path. Nothing else from the host.
 */

/** The name of the CA bundle file inside the build context (the Dockerfile `COPY`s it). */
export const CA_BUNDLE_FILE = "extra-ca.crt";

/** The policy hook's bundled Node script inside the build context (installed as bottle-hook). */
export const HOOK_FILE = "bottle-hook.js";

/** The hook's shell parser WebAssembly inside the build context (installed in /opt/bottle/lib). */
export const PARSER_FILES = {
  runtime: "tree-sitter.wasm",
  grammar: "tree-sitter-bash.wasm",
} as const;

/** One file of a build context. */
export interface ContextFile {
  /** Path relative to the context root, without `..`. */
  readonly path: string;
  /** The exact bytes to write. */
  readonly bytes: Uint8Array;
}

/** What a build context is made from. */
export interface ContextSources {
  /** The Dockerfile text. */
  readonly dockerfile: string;
  /** The checked CA bundle (only certificates), or empty. */
  readonly caBundle: Uint8Array;
  /** The policy hook, one Node script. */
  readonly hook: string;
  /** The hook's shell parser (web-tree-sitter's runtime and the bash grammar). */
  readonly parser: { readonly runtime: Uint8Array; readonly grammar: Uint8Array };
}

/** The files of the build context, in a fixed order. */
export function buildContextFiles(sources: ContextSources): ContextFile[] {
  return [
    { path: "Dockerfile", bytes: new TextEncoder().encode(sources.dockerfile) },
    { path: CA_BUNDLE_FILE, bytes: sources.caBundle },
    { path: HOOK_FILE, bytes: new TextEncoder().encode(sources.hook) },
    { path: PARSER_FILES.runtime, bytes: sources.parser.runtime },
    { path: PARSER_FILES.grammar, bytes: sources.parser.grammar },
  ];
}
