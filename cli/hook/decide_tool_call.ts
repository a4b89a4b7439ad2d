/**
 * The policy hook's whole decision on one tool call, as pure data flow over
 * injected facts (the filesystem view, the image's hash manifest, the trust
 * store): invisible Unicode in any argument first, then the Bash analysis or
 * the file-tool rules, with binary identity for every command that would run.
 * Never throws: a failure anywhere denies.
 */
import { compileEgressPolicy } from "../../proxy/policy/mod.ts";
import { createCommandJudge, type HashManifest, type TrustRecord } from "./binary/mod.ts";
import type { TrustStore } from "./binary/trust_store.ts";
import type { HookPolicy } from "./hook_policy.ts";
import { judgeInvisibleInInput } from "./invisible/mod.ts";
import { createPathPolicy, type FsView } from "./paths/mod.ts";
import { decideBash, type ShellParser } from "./shell/mod.ts";
import { judgeToolInput } from "./tools/mod.ts";
import { denied, type Verdict } from "./verdict.ts";

/** The part of Claude Code's PreToolUse input the policy reads. */
export interface ToolCall {
  readonly tool: string;
  readonly input: unknown;
  /** The tool call's working folder. */
  readonly cwd: string;
}

/** Everything the decision may consult. */
export interface DecisionFacts {
  readonly policy: HookPolicy;
  readonly fs: FsView;
  /** Hex SHA-256 of a file (read through the real filesystem). */
  readonly hashFile: (path: string) => string;
  readonly manifest: HashManifest;
  readonly trust: TrustStore;
  /** The environment commands will see (the hook inherits the agent's). */
  readonly env: Readonly<Record<string, string>>;
  /** Loaded only for Bash calls (its WebAssembly grammar costs start-up time). */
  readonly parser?: ShellParser;
}

/** The verdict, and the first runs of executables outside the image to record. */
export interface ToolCallDecision {
  readonly verdict: Verdict;
  readonly trust: readonly TrustRecord[];
}

/** Decides one tool call. */
export function decideToolCall(call: ToolCall, facts: DecisionFacts): ToolCallDecision {
  try {
    return decide(call, facts);
  } catch (error) {
    return {
      verdict: denied(
        "hook.error",
        `the policy check failed: ${(error as Error)?.message ?? error}`,
      ),
      trust: [],
    };
  }
}

function decide(call: ToolCall, facts: DecisionFacts): ToolCallDecision {
  const invisible = judgeInvisibleInInput(call.tool, call.input);
  if (invisible.action !== "allow") return { verdict: invisible, trust: [] };
  const { policy, fs } = facts;
  const paths = createPathPolicy(policy, fs);
  if (call.tool !== "Bash") {
    const egress = compileEgressPolicy(policy.egress);
    return {
      verdict: judgeToolInput(call.tool, call.input, { cwd: call.cwd, paths, egress }),
      trust: [],
    };
  }
  const command = (call.input as { command?: unknown } | null)?.command;
  if (typeof command !== "string") {
    return { verdict: denied("tool.bad_input", "Bash needs a command string"), trust: [] };
  }
  if (facts.parser === undefined) {
    return { verdict: denied("hook.error", "the shell parser is not loaded"), trust: [] };
  }
  const identity = createCommandJudge({
    fs,
    hashFile: facts.hashFile,
    manifest: facts.manifest,
    trust: facts.trust,
    modes: policy.modes,
    home: { home: policy.home, user: "agent" },
  });
  const verdict = decideBash(command, {
    parser: facts.parser,
    cwd: call.cwd,
    env: facts.env,
    judgePath: paths.judgePath,
    judgeTree: paths.judgeTree,
    judgeCommand: identity.judge,
    listDir: (dir) => fs.readDir(dir)?.map((entry) => entry.name),
    modes: policy.modes,
  });
  // A denied command never runs, so none of its executables had a first run.
  return { verdict, trust: verdict.action === "allow" ? identity.pendingTrust() : [] };
}
