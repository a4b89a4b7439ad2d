/**
 * `bottle lsp`: the language server editors start for claude-bottle.json
 * (the VS Code extension runs it). It speaks LSP on standard input and output
 * until the client exits; diagnostics are `bottle validate`'s own.
 */
import type { Command } from "commander";
import type { Context, Sink } from "../context.ts";
import { withExample } from "./_example.ts";

/** Adds `lsp` to the program. */
export function addLspCommand(program: Command, ctx: Context, sink: Sink): void {
  const command = program
    .command("lsp")
    .option(
      "--stdio",
      "talk over standard input and output (the only transport; accepted for editors that pass it)",
    )
    .summary("run the language server for claude-bottle.json (editors start it)")
    .description(
      "Runs a Language Server Protocol server on standard input and output for claude-bottle.json: " +
        "the problems `bottle validate` reports, as you type; completion of fields, values, egress " +
        "hosts and skill folders; hover text from the schema; quick fixes for common mistakes. " +
        "Host variables are only ever checked for being set, never read.",
    )
    .action(async () => {
      // Loaded here, not at the top: other commands should not pay for the LSP libraries.
      // (`--clientProcessId`, which some clients pass, is refused as an unknown option before
      // this runs: the Node LSP runtime would poll that pid with a signal bottle may not send,
      // fail, and end the server after 3 s.)
      const { serveLanguageServer } = await import("../lsp/serve_language_server.ts");
      const { realLspHost } = await import("../lsp/lsp_host.ts");
      const exitCode = await serveLanguageServer({
        // The protocol needs standard input as a stream; everything written goes through ctx.
        input: Deno.stdin.readable,
        write: ctx.stdout,
        host: realLspHost(ctx.env),
        cwd: ctx.cwd,
      });
      sink({ exitCode, result: {} });
    });
  withExample(command, "bottle lsp --stdio");
}
