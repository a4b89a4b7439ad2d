/**
 * The Bash tool's check in the in-bottle hook: a real bash parser
 * (tree-sitter-bash as WebAssembly, which the hook reads from /opt/bottle/lib),
 * a walker that finds every command a command line could run, and the rules
 * that judge them.
 *
 * Use: `const parser = await parserFor(command, loadShellParser);` (a plain
 * command line such as `git status` needs no WebAssembly; anything else loads
 * the real parser, once per process — or pass `() => createShellParser({ runtime,
 * grammar })` with the two .wasm files read from beside the hook, which starts
 * faster than decoding the embedded copy), then `decideBash(command, { parser,
 * cwd, env, judgePath, judgeCommand, listDir, modes })`, which is synchronous
 * and never throws.
 */

export type { BashContext, TreeJudge } from "./bash_context.ts";
export { decideBash, MAX_SHELL_NESTING } from "./decide_bash.ts";
export {
  createShellParser,
  isSyntaxError,
  type ParserWasm,
  type ShellParser,
  type ShellSyntaxError,
} from "./shell_parser.ts";
export { embeddedParserWasm, loadShellParser } from "./load_shell_parser.ts";
export { parserFor, parseSimpleCommand, SIMPLE_PARSER } from "./simple_parser.ts";
export { type ListDir, MAX_GLOB_MATCHES } from "./expand_globs.ts";
export type { CommandSink } from "./walk_frame.ts";
export { walkShell } from "./walk_shell.ts";
export type { ShellAssignment, ShellCommand, ShellRedirect, StdinSource } from "./shell_command.ts";
export { ShellScope } from "./shell_scope.ts";
export { isDangerousAssignment } from "./dangerous_env.ts";
export type { ParsedShell, SyntaxNode } from "./syntax_node.ts";
