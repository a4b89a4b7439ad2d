/**
 * The bottle commands the extension uses, each run with `--json` and read
 * into plain values. bottle's errors are thrown as `BottleFailure`s with its
 * message and hint. The process is reached only through a `RunCli`, so every
 * command line here is unit-tested.
 */
import { BottleFailure } from "./bottle_failure.ts";
import { type AuditEvent, parseAuditLog } from "./parse_audit_log.ts";
import { type BottleRow, parseBottleList } from "./parse_bottle_list.ts";
import { errorOf, failureFromStderr, lastLine, parseCliResult } from "./parse_cli_result.ts";
import { parseValidation, type Validation } from "./parse_validation.ts";
import type { RunCli } from "./run_cli.ts";

/** Which bottle to start, for which folder, under which name. */
export interface StartRequest {
  readonly agent: string;
  /** The workspace folder: bottle runs there and mounts it at /workspace. */
  readonly folder: string;
  readonly name: string;
}

/** The typed commands. */
export interface BottleCli {
  /** `bottle ls`: every bottle the engine has. */
  readonly list: () => Promise<BottleRow[]>;
  /** `bottle validate [FILE]` run in `cwd`: the manifest bottle uses there, and its problems. */
  readonly validate: (cwd: string, file?: string) => Promise<Validation>;
  /** The preflight lines of a start, without starting anything. */
  readonly preflight: (request: StartRequest) => Promise<string[]>;
  /** `bottle start --detach --yes`: resolves with the bottle's name once it is ready. */
  readonly start: (
    request: StartRequest,
    onLine?: (line: string) => void,
  ) => Promise<string>;
  /** `bottle stop NAME`. */
  readonly stop: (name: string) => Promise<void>;
  /** `bottle init` in `folder`: resolves with the new manifest's path. */
  readonly init: (folder: string) => Promise<string>;
  /** `bottle audit NAME`: the events of its audit log. */
  readonly audit: (name: string) => Promise<AuditEvent[]>;
  /** `bottle image build`: builds the agent image (a cache hit when it exists). */
  readonly buildImage: (onLine?: (line: string) => void) => Promise<void>;
}

/** How long a listing may take before the view reports the engine as not answering. */
export const LIST_TIMEOUT_MS = 30_000;

function startArgs(request: StartRequest): string[] {
  return [
    "start",
    request.agent,
    "--workspace",
    request.folder,
    "--detach",
    "--name",
    request.name,
    "--json",
  ];
}

/** The commands, run through `run`. */
export function bottleCli(run: RunCli): BottleCli {
  return {
    list: async () => {
      const result = parseCliResult(
        await run(["ls", "--json"], { timeoutMs: LIST_TIMEOUT_MS }),
        "bottle ls",
      );
      return parseBottleList(result.result);
    },
    validate: async (cwd, file) => {
      const args = file === undefined ? ["validate", "--json"] : ["validate", file, "--json"];
      return parseValidation(
        parseCliResult(await run(args, { cwd }), "bottle validate").result,
      );
    },
    preflight: async (request) => {
      // A dry run does every check a start does and prints the preflight, but starts nothing.
      const result = parseCliResult(
        await run([...startArgs(request), "--dry-run"], { cwd: request.folder }),
        "bottle start --dry-run",
      );
      const lines = result.result.preflightLines;
      if (
        result.result.dryRun !== true || !Array.isArray(lines) || lines.length === 0 ||
        !lines.every((line) => typeof line === "string")
      ) {
        throw new BottleFailure(
          "extension.no_preflight",
          "bottle printed no preflight, so there is nothing to confirm",
          "is bottle.path an up-to-date bottle (one that knows `bottle start --dry-run`)?",
          result.exitCode,
        );
      }
      return lines as string[];
    },
    start: async (request, onLine) => {
      const options = onLine === undefined
        ? { cwd: request.folder }
        : { cwd: request.folder, onStderrLine: onLine };
      const result = parseCliResult(
        await run([...startArgs(request), "--yes"], options),
        "bottle start",
      );
      return typeof result.result.name === "string" ? result.result.name : request.name;
    },
    stop: async (name) => {
      parseCliResult(await run(["stop", name, "--json"]), "bottle stop");
    },
    init: async (folder) => {
      const result = parseCliResult(
        await run(["init", "--json"], { cwd: folder }),
        "bottle init",
      );
      const path = result.result.manifest;
      if (typeof path !== "string") {
        throw new BottleFailure(
          "extension.unreadable_output",
          "bottle init did not say where it wrote the manifest",
          undefined,
          result.exitCode,
        );
      }
      return path;
    },
    audit: async (name) => {
      const result = await run(["audit", name, "--json"]);
      if (result.exitCode !== 0) {
        throw errorOf(lastLine(result.stdout), result.exitCode) ??
          failureFromStderr(result, "bottle audit");
      }
      return parseAuditLog(result.stdout);
    },
    buildImage: async (onLine) => {
      const options = onLine === undefined ? {} : { onStderrLine: onLine };
      parseCliResult(
        await run(["image", "build", "--json"], options),
        "bottle image build",
      );
    },
  };
}
