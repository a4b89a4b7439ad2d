/** Test fixtures shared by the plan tests: the guards every plan carries, at their defaults. */
import { DEFAULT_POLICY } from "../../manifest/resolve_bottles.ts";
import { NO_SEAL } from "../../seal/workspace_seal.ts";

/**
 * A plan's hook, MCP, DLP, Unicode, server-tool, credential and tunnel
 * settings when the manifest leaves them out.
 */
export const GUARDS = {
  credentials: [],
  egressTunnel: [],
  egressHosts: {},
  mcpServers: [],
  policy: DEFAULT_POLICY,
  dlp: { mode: "block", redactModelInput: false },
  sanitizeUnicode: true,
  serverTools: [],
  seal: NO_SEAL,
  broadWorkspace: undefined,
  gitIdentity: undefined,
} as const;
