/**
 * The policy hook's entry point: the Node script at /opt/bottle/bin/bottle-hook
 * that Claude Code runs before every tool call (bundled by `deno task gen`).
 * It is the hook's only edge with the world: it reads the call from standard
 * input and the bottle's policy, trust store and hash manifest from their
 * read-only files, decides (decide_tool_call.ts), reports the decision to the
 * supervisor's hook socket, and prints Claude Code's PreToolUse answer.
 *
 * Fail closed: any failure — bad input, an unreadable policy, a decision that
 * throws, a supervisor that does not take the report — is a deny. A crash or a
 * timeout blocks too (the managed settings set `onFailure: "block"`).
 */
import "./node_compat.ts";
import { readFileSync } from "node:fs";
import { createConnection } from "node:net";
import process from "node:process";
import { HASH_MANIFEST_PATH, parseHashManifest } from "./binary/hash_manifest.ts";
import { EMPTY_TRUST_STORE, parseTrustStore, TRUST_STORE_PATH } from "./binary/trust_store.ts";
import type { TrustRecord } from "./binary/trust_store.ts";
import { decideToolCall } from "./decide_tool_call.ts";
import { HOOK_POLICY_PATH, parseHookPolicy } from "./hook_policy.ts";
import { HOOK_SOCKET_PATH, type HookReport, summarizeToolInput } from "./hook_wire.ts";
import { createNodeFsView, sha256File } from "./node_fs_view.ts";
import { createShellParser } from "./shell/shell_parser.ts";
import { parserFor } from "./shell/simple_parser.ts";
import { PARSER_WASM } from "./parser_wasm_files.ts";
import { denied, type Verdict } from "./verdict.ts";

/** How long the supervisor may take to acknowledge a report. */
const REPORT_TIMEOUT_MS = 2_000;

interface HookInput {
  readonly tool_name: string;
  readonly tool_input: unknown;
  readonly cwd: string;
}

function parseInput(text: string): HookInput {
  const value = JSON.parse(text) as Record<string, unknown>;
  if (value === null || typeof value !== "object") {
    throw new Error("the hook input is not an object");
  }
  const { tool_name: tool, tool_input: input, cwd } = value;
  if (typeof tool !== "string" || tool === "") throw new Error("the hook input has no tool_name");
  return { tool_name: tool, tool_input: input, cwd: typeof cwd === "string" ? cwd : "/workspace" };
}

function readTrustStore() {
  const text = (() => {
    try {
      return readFileSync(TRUST_STORE_PATH, "utf8");
    } catch (error) {
      if ((error as { code?: string }).code === "ENOENT") return undefined;
      throw error;
    }
  })();
  return text === undefined ? EMPTY_TRUST_STORE : parseTrustStore(JSON.parse(text));
}

async function decide(
  input: HookInput,
): Promise<{ verdict: Verdict; trust: readonly TrustRecord[] }> {
  const policy = parseHookPolicy(JSON.parse(readFileSync(HOOK_POLICY_PATH, "utf8")));
  const bash = input.tool_name === "Bash";
  const command = (input.tool_input as { command?: unknown } | null)?.command;
  return decideToolCall(
    { tool: input.tool_name, input: input.tool_input, cwd: input.cwd },
    {
      policy,
      fs: createNodeFsView(),
      hashFile: sha256File,
      // Only a Bash call runs executables: the others need neither manifest nor parser.
      manifest: bash ? parseHashManifest(readFileSync(HASH_MANIFEST_PATH, "utf8")) : new Map(),
      trust: bash ? readTrustStore() : EMPTY_TRUST_STORE,
      env: process.env as Record<string, string>,
      // Plain command lines need no WebAssembly at all (the parser's fast path).
      ...(bash && typeof command === "string"
        ? {
          parser: await parserFor(command, () =>
            createShellParser({
              runtime: readFileSync(PARSER_WASM.runtime),
              grammar: readFileSync(PARSER_WASM.grammar),
            })),
        }
        : {}),
    },
  );
}

/** Sends one report; resolves true once the supervisor acknowledged it. */
function report(line: string): Promise<boolean> {
  return new Promise((resolve) => {
    let answer = "";
    const socket = createConnection(HOOK_SOCKET_PATH);
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), REPORT_TIMEOUT_MS);
    socket.setEncoding("utf8");
    socket.on("connect", () => socket.write(line + "\n"));
    socket.on("data", (chunk: string) => {
      answer += chunk;
      if (answer.includes("\n")) done(answer.startsWith("ok"));
    });
    socket.on("error", () => done(false));
    socket.on("close", () => done(answer.startsWith("ok")));
  });
}

function readStdin(): string {
  return readFileSync(0, "utf8");
}

async function main(): Promise<void> {
  let tool = "unknown";
  let summary = "";
  let outcome: { verdict: Verdict; trust: readonly TrustRecord[] };
  try {
    const input = parseInput(readStdin());
    tool = input.tool_name;
    summary = summarizeToolInput(input.tool_name, input.tool_input);
    outcome = await decide(input);
  } catch (error) {
    outcome = {
      verdict: denied(
        "hook.error",
        `the policy hook failed: ${(error as Error)?.message ?? error}`,
      ),
      trust: [],
    };
  }
  let { verdict } = outcome;
  const reported: HookReport = {
    tool: /^[A-Za-z0-9_.:-]{1,128}$/.test(tool) ? tool : "unknown",
    summary,
    decision: verdict.action,
    rule: verdict.action === "allow" ? "allow" : verdict.rule,
    durationMs: Math.round(process.uptime() * 10_000) / 10,
    trust: outcome.trust,
  };
  // Every decision is audited before the tool may run; without the supervisor, nothing runs.
  if (!(await report(JSON.stringify(reported))) && verdict.action !== "deny") {
    verdict = denied(
      "hook.unreported",
      "the bottle's supervisor did not record this decision, so the call is refused",
    );
  }
  // An allow says nothing: Claude Code's own permission rules still apply after the hook.
  if (verdict.action === "allow") return;
  const output = {
    hookSpecificOutput: {
      hookEventName: "PreToolUse",
      permissionDecision: verdict.action,
      permissionDecisionReason: `bottle policy (${verdict.rule}): ${verdict.reason}`,
    },
  };
  process.stdout.write(JSON.stringify(output) + "\n");
}

main().catch((error) => {
  // Even the answer failed: exit 2 makes Claude Code block the call and show the reason.
  process.stderr.write(`bottle policy hook failed: ${(error as Error)?.message ?? error}\n`);
  process.exit(2);
});
