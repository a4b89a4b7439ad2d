/**
 * Names and comments that outlived what they described: each test reads the
 * source and fails if one comes back.
 */
import { ok } from "node:assert/strict";

const root = new URL("../../", import.meta.url);
const read = (path: string) => Deno.readTextFile(new URL(path, root));

Deno.test("the init signals readiness only through the ready socket: no ready marker to print or filter", async () => {
  const init = await read("cli/bottle/bottle_init.sh");
  ok(init.includes("/run/bottle/ready.sock"), "the init no longer connects to the ready socket");
  ok(!init.includes("bottle-init: ready"), "the init prints a ready marker nobody needs");
  ok(!(await read("cli/supervisor/run_bottle.ts")).includes("READY_MARKER"));
});

Deno.test("cli/main.ts names the supervise command by SUPERVISE_COMMAND, as the command tree does", async () => {
  const main = await read("cli/main.ts");
  ok(main.includes("SUPERVISE_COMMAND"), "main.ts does not use the shared constant");
  ok(!main.includes('"supervise"'), "main.ts spells the command name itself");
});

Deno.test("proxy/dlp/detector.ts exports no unused alphabet (BASE64URL)", async () => {
  ok(!(await read("proxy/dlp/detector.ts")).includes("BASE64URL"));
});

Deno.test("no comment says the hook's parser WebAssembly is embedded in the hook (it is read from /opt/bottle/lib)", async () => {
  const stale = [
    "embedded so the hook is one file",
    "hook can be one self-contained",
    "tree-sitter-bash, embedded as WebAssembly",
  ];
  for (
    const path of [
      "cli/hook/shell/parser_wasm.generated.ts",
      "cli/hook/shell/load_shell_parser.ts",
      "cli/hook/shell/mod.ts",
      "tools/gen_parser_wasm.ts",
    ]
  ) {
    const text = (await read(path)).slice(0, 4000);
    for (const phrase of stale) ok(!text.includes(phrase), `${path}: "${phrase}"`);
  }
});
