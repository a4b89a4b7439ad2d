/**
 * The Messages API's server tools that reach outside the bottle: the API
 * itself runs them, so a request carrying one makes Anthropic's servers fetch
 * URLs, search the web or run code on the bottle's behalf — outside the
 * egress allowlist and its DLP. Each is named by the `type` prefix of its
 * tools entry (`web_fetch_20250910`) and the prefix of its `anthropic-beta`
 * value (`web-fetch-2025-09-10`). Removed from every request unless the
 * bottle's manifest grants it by name (`api.serverTools`).
 */

/** One server tool the API guard knows. */
export interface ServerTool {
  /** The name a manifest grants it by. */
  readonly name: string;
  /** Its tools entries' `type`, before the version date (`web_fetch_`). */
  readonly typePrefix: string;
  /** Its `anthropic-beta` values, before the version date (`web-fetch-`). */
  readonly betaPrefix: string;
}

/**
 * Every server tool the guard removes unless granted. `web_fetch` fetches any
 * URL (and any URL the model finds in what it fetched); `web_search` sends
 * queries to a search engine and reads result pages; `code_execution` runs
 * code in Anthropic's sandbox with files uploaded to it (no network of its
 * own, but a compute and storage place outside the bottle's audit, and the
 * newer web tools run their filtering through it).
 */
export const SERVER_TOOLS: readonly ServerTool[] = [
  { name: "web_fetch", typePrefix: "web_fetch_", betaPrefix: "web-fetch-" },
  { name: "web_search", typePrefix: "web_search_", betaPrefix: "web-search-" },
  { name: "code_execution", typePrefix: "code_execution_", betaPrefix: "code-execution-" },
];

/** Names a manifest may grant. */
export const SERVER_TOOL_NAMES: readonly string[] = SERVER_TOOLS.map((tool) => tool.name);

/** The server tools removed when `granted` are let through (unknown names grant nothing). */
export function deniedServerTools(granted: readonly string[] = []): readonly ServerTool[] {
  return SERVER_TOOLS.filter((tool) => !granted.includes(tool.name));
}

/** The denied tool a tools entry of `type` is, if any (compared ignoring case). */
export function serverToolOfType(
  type: string,
  denied: readonly ServerTool[],
): ServerTool | undefined {
  const lower = type.toLowerCase();
  return denied.find((tool) => lower.startsWith(tool.typePrefix));
}

/**
 * An `anthropic-beta` value without the betas of denied tools: the kept
 * values (comma-separated, as sent, trimmed) and the removed ones.
 */
export function filterBetaValue(
  value: string,
  denied: readonly ServerTool[],
): { readonly kept: string; readonly removed: readonly string[] } {
  const kept: string[] = [];
  const removed: string[] = [];
  for (const part of value.split(",")) {
    const beta = part.trim();
    if (beta === "") continue;
    const lower = beta.toLowerCase();
    if (denied.some((tool) => lower.startsWith(tool.betaPrefix))) removed.push(beta);
    else kept.push(beta);
  }
  return { kept: kept.join(","), removed };
}
