/**
 * bottle's entry point: the only place that touches the real process — it
 * wires standard streams, runs the command tree and exits with its status.
 */
import { runCli } from "./program.ts";
import type { Context } from "./context.ts";

const encoder = new TextEncoder();

function writer(stream: { writeSync(p: Uint8Array): number }): (text: string) => void {
  return (text) => {
    const bytes = encoder.encode(text);
    let written = 0;
    while (written < bytes.length) written += stream.writeSync(bytes.subarray(written));
  };
}

if (import.meta.main) {
  const ctx: Context = {
    stdout: writer(Deno.stdout),
    stderr: writer(Deno.stderr),
    cwd: Deno.cwd(),
    env: (name) => Deno.env.get(name),
    interactive: Deno.stdin.isTerminal() && Deno.stdout.isTerminal(),
  };
  Deno.exit(await runCli(Deno.args, ctx));
}
