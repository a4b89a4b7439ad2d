/** Test fixtures shared by the plan tests: the guards every plan carries, at their defaults. */
import { DEFAULT_POLICY } from "../manifest/resolve_bottles.ts";

/** A plan's hook, MCP, DLP and Unicode settings when the manifest leaves them out. */
export const GUARDS = {
  mcpServers: [],
  policy: DEFAULT_POLICY,
  dlp: { mode: "block", redactModelInput: false },
  sanitizeUnicode: true,
} as const;
