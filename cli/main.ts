/**
 * bottle's entry point: the only place that touches the real process — it
 * wires standard streams, runs the command tree and exits with its status.
 */
import type { Context } from "./context.ts";
import { SUPERVISE_COMMAND } from "./supervisor/supervise_command.ts";

const encoder = new TextEncoder();

function writer(stream: { writeSync(p: Uint8Array): number }): (text: string) => void {
  return (text) => {
    const bytes = encoder.encode(text);
    let written = 0;
    while (written < bytes.length) written += stream.writeSync(bytes.subarray(written));
  };
}

/** One line from standard input (without reading past it). */
async function readLine(): Promise<string> {
  const bytes: number[] = [];
  const one = new Uint8Array(1);
  while (bytes.length < 1024) {
    const n = await Deno.stdin.read(one);
    if (n === null || one[0] === 0x0a) break;
    bytes.push(one[0]!);
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

if (import.meta.main) {
  // `bottle start` gets a head start: the engine's listing (and a detached start's supervisor)
  // begin now, while the command tree below is still loading.
  const headStart = Deno.args.includes("start")
    ? (await import("./head_start.ts")).beginHeadStart(Deno.args, (name) => Deno.env.get(name))
    : undefined;
  const ctx: Context = {
    stdout: writer(Deno.stdout),
    stderr: writer(Deno.stderr),
    cwd: Deno.cwd(),
    env: (name) => Deno.env.get(name),
    interactive: Deno.stdin.isTerminal() && Deno.stdout.isTerminal(),
    confirm: async (question) => {
      writer(Deno.stderr)(`${question} [y/N] `);
      return /^y(es)?$/i.test((await readLine()).trim());
    },
    readStdin: async () => new Uint8Array(await new Response(Deno.stdin.readable).arrayBuffer()),
    ...(headStart === undefined ? {} : { headStart }),
  };
  // A detached supervisor skips the command tree: its start-up is on the critical path of
  // `bottle start --detach`, and it needs neither commander nor the manifest validator.
  if (Deno.args.length === 1 && Deno.args[0] === SUPERVISE_COMMAND) {
    const { supervise } = await import("./supervisor/supervise.ts");
    Deno.exit((await supervise(ctx)).exitCode);
  }
  const { runCli } = await import("./program.ts");
  const exitCode = await runCli(Deno.args, ctx);
  await headStart?.release();
  Deno.exit(exitCode);
}
