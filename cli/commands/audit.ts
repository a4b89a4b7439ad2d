/** `bottle audit NAME [--follow] [--json]`: every proxy decision of a bottle, as a table or raw JSON lines. */
import type { Command } from "commander";
import { stateLayout } from "../bottle/state_layout.ts";
import type { Context, Outcome, Sink } from "../context.ts";
import { splitLines } from "../engine/split_lines.ts";
import { UsageError } from "../errors.ts";
import { supervisorAlive } from "../supervisor/liveness.ts";
import { checkName, requireStateRoot } from "./_bottle_lookup.ts";
import { withExample } from "./_example.ts";
import { readLog } from "./_follow_file.ts";
import { globalsOf } from "./_globals.ts";

/** Adds `audit` to the program. */
export function addAuditCommand(program: Command, ctx: Context, sink: Sink): void {
  const command = program
    .command("audit")
    .argument("<name>", "the bottle")
    .option("-f, --follow", "keep printing new events until the bottle ends", false)
    .summary("show a bottle's audit log: every egress and API decision")
    .description(
      "One line per decision of the bottle's proxies and policy hook: time, channel " +
        "(egress/api/hook), decision, " +
        "status, method, destination, reason code. A tunnel has a line when it opens and one " +
        "when it closes (with its bytes and duration). With --json, the raw JSON lines. The log " +
        "never holds a credential, a header value or a body; it stays after the bottle is gone.",
    )
    .action(async (name: string, flags: { follow: boolean }, cmd: Command) =>
      sink(await audit(ctx, name, flags.follow, globalsOf(cmd).json))
    );
  withExample(command, "bottle audit review-1 --follow");
}

async function audit(ctx: Context, name: string, follow: boolean, json: boolean): Promise<Outcome> {
  checkName(name);
  const layout = stateLayout(requireStateRoot(ctx), name);
  let pending = "";
  let events = 0;
  const found = await readLog(
    layout.auditLog,
    (text) => {
      const { lines, rest } = splitLines(pending + text);
      pending = rest;
      for (const line of lines) {
        if (line.trim() === "") continue;
        events++;
        ctx.stdout(json ? `${line}\n` : `${formatAuditLine(line)}\n`);
      }
    },
    follow ? { stillWriting: () => supervisorAlive(layout.controlSocket) } : undefined,
  );
  if (!found) {
    throw new UsageError("no_audit_log", `bottle ${name} has no audit log`, {
      hint: "`bottle ls` lists the bottles",
    });
  }
  // Under --json the lines above are the output; a summary line would break `jq`.
  return { exitCode: 0, result: { name, events }, jsonWritten: json };
}

/** One audit event as a readable line; a line that is not an event is shown as it is. */
export function formatAuditLine(line: string): string {
  let event: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(line);
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) return line;
    event = parsed as Record<string, unknown>;
  } catch {
    return line;
  }
  if (event.channel === "hook") {
    // A policy-hook decision: the tool and what it was asked to do, then the rule.
    return [
      String(event.time ?? "").replace("T", " ").replace(/\.\d+Z$/, "Z"),
      "hook  ",
      String(event.decision ?? "").padEnd(5),
      "   ",
      String(event.tool ?? "").padEnd(7),
      String(event.summary ?? ""),
      String(event.reason ?? ""),
    ].join("  ");
  }
  const target = event.channel === "api"
    ? String(event.path ?? "")
    : `${event.host ?? "?"}:${event.port ?? "?"}${event.path ?? ""}`;
  return [
    String(event.time ?? "").replace("T", " ").replace(/\.\d+Z$/, "Z"),
    String(event.channel ?? "").padEnd(6),
    String(event.decision ?? "").padEnd(5),
    String(event.status ?? "").padEnd(3),
    String(event.method ?? "").padEnd(7),
    target,
    String(event.reason ?? "") + tunnelTotals(event),
  ].join("  ");
}

/**
 * What a tunnel's closing line adds (the opening line was written when it was
 * decided): what ended it, the bytes each way and how long it lasted.
 */
function tunnelTotals(event: Record<string, unknown>): string {
  if (event.reason !== "egress.tunnel_close") return "";
  const number = (value: unknown) => typeof value === "number" ? value : "?";
  return ` (${String(event.ended ?? "?")}; ${number(event.bytesUp)} B up, ` +
    `${number(event.bytesDown)} B down; ${number(event.durationMs)} ms)`;
}
