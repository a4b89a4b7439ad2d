/**
 * The file tool checks of the in-bottle hook: Read, Write, Edit, MultiEdit,
 * NotebookEdit, Grep, Glob, LS and WebFetch by their own rules, MCP and
 * unknown tools by the generic path check. Bash goes to cli/hook/shell/.
 */

export {
  isGenericTool,
  judgeToolInput,
  KNOWN_TOOLS,
  type ToolContext,
} from "./judge_tool_input.ts";
export { judgeWebFetchUrl } from "./judge_web_fetch.ts";
export { judgeGenericInput, MAX_GENERIC_STRINGS, pathLike } from "./judge_generic.ts";
export { globToRegExp, grepFilter } from "./grep_filter.ts";
export { globBase } from "./glob_base.ts";
