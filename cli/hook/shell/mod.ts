/**
 * The Bash tool's check in the in-bottle hook: a real bash parser
 * (tree-sitter-bash, embedded as WebAssembly), a walker that finds every
 * command a command line could run, and the rules that judge them.
 *
 * Use: `const parser = await loadShellParser();` once per process, then
 * `decideBash(command, { parser, cwd, env, judgePath, judgeCommand, listDir, modes })`
 * for each call (synchronous).
 */

export { type BashContext, decideBash, MAX_SHELL_NESTING } from "./decide_bash.ts";
export {
  isSyntaxError,
  loadShellParser,
  type ShellParser,
  type ShellSyntaxError,
} from "./shell_parser.ts";
export { type ListDir, MAX_GLOB_MATCHES } from "./expand_globs.ts";
export { type CommandSink, walkShell } from "./walk_shell.ts";
export type { ShellAssignment, ShellCommand, ShellRedirect, StdinSource } from "./shell_command.ts";
export { ShellScope } from "./shell_scope.ts";
export { isDangerousAssignment } from "./dangerous_env.ts";
export type { ParsedShell, SyntaxNode } from "./syntax_node.ts";
