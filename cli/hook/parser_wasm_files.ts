/**
 * Where the image keeps the hook's shell parser WebAssembly: beside the hook,
 * root-owned on the read-only image, read from files rather than embedded so
 * the hook's script stays small and starts faster.
 */
export const PARSER_WASM = {
  runtime: "/opt/bottle/lib/tree-sitter.wasm",
  grammar: "/opt/bottle/lib/tree-sitter-bash.wasm",
} as const;
