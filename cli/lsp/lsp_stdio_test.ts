/**
 * `bottle lsp` over a real stdio JSON-RPC connection, spawned exactly as the
 * binary runs (`deno run -P=bottle cli/main.ts lsp`). One server serves every
 * document: the diagnostics it publishes must equal `bottle validate --json`
 * on the same files, and completion, hover, quick fixes, debounced changes and
 * the shutdown/exit lifecycle are exercised through the same connection.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { join } from "node:path";
import { INVALID_CASES } from "../manifest/testdata/invalid_corpus.ts";
import { STARTER_MANIFEST } from "../manifest/starter_manifest.ts";
import type { Context } from "../context.ts";
import { runCli } from "../program.ts";
import { LspClient, type Published } from "../../tests/helpers/lsp_client.ts";
import { runBottle } from "../../tests/helpers/run_bottle.ts";

/** Values of host variables that must never appear in anything the server sends. */
const SECRET = "sk-ant-oat01-NEVER-SHOWN-7f3a9c";
const OTHER_SECRET = "ghp_AlsoNeverShown0000000000000000";

const VALID_CASES: ReadonlyArray<readonly [string, string]> = [
  ["valid_minimal", '{ "bottles": { "dev": {} } }'],
  ["valid_starter", STARTER_MANIFEST],
  [
    "valid_comments_trailing_commas",
    '// top\n{\n  /* block */ "bottles": {\n    "dev": { "prompt": "hi", }, // end\n  },\n}\n',
  ],
  [
    "valid_every_field",
    JSON.stringify(
      {
        $schema: "https://bottle.dev/schemas/claude-bottle.schema.json",
        defaults: { resources: { memory: "2g" }, egress: { allow: ["registry.npmjs.org"] } },
        bottles: {
          dev: {
            image: "bottle-agent:latest",
            workspace: ".",
            prompt: "Run the tests and fix what fails.",
            env: { NODE_ENV: "development", GH: { fromHost: "GH_TOKEN" } },
            skills: ["./skills/review"],
            egress: { allow: ["github.com", "*.example.com", "api.example.org:8443"] },
            resources: { memory: "1.5g", cpus: 1.5, pids: 256 },
            runtime: "runsc",
            auth: { type: "oauth", fromHost: "SET_VAR", upstream: "https://api.anthropic.com" },
          },
        },
      },
      null,
      2,
    ),
  ],
  [
    "valid_local_addresses",
    '{ "bottles": { "t": { "egress": { "allow": ["127.0.0.1:8080"] } } } }',
  ],
  [
    "valid_unset_variable_warns",
    '{ "bottles": { "t": { "env": { "T": { "fromHost": "NOT_SET" } } } } }',
  ],
  ["valid_crlf", '{\r\n  "bottles": {\r\n    "dev": { "runtime": "runc" }\r\n  }\r\n}\r\n'],
  ["invalid_crlf", '{\r\n  "bottles": {\r\n    "dev": { "egres": {} }\r\n  }\r\n}\r\n'],
  ["invalid_after_emoji", '{ "bottles": { "dev": { "prompt": "héllo 🎉🎉", "egres": 1 } } }'],
  [
    "invalid_many_lines_unicode",
    '{\n  "bottles": {\n    "cafés": {},\n    "dev": {\n      "prompt": "日本語",\n      "auth": { "type": "oath" }\n    }\n  }\n}\n',
  ],
];

/** One diagnostic in the shape both sides are compared in (validate's --json fields). */
interface Compared {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly severity: string;
  readonly code: string;
  readonly message: string;
  readonly pointer: string;
}

function fromLsp(published: Published): Compared[] {
  return published.diagnostics.map((d) => ({
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
    severity: d.severity === 1 ? "error" : d.severity === 2 ? "warning" : `severity ${d.severity}`,
    code: String(d.code),
    message: d.message,
    pointer: (d.data as { pointer: string }).pointer,
  }));
}

function fromValidate(result: Record<string, unknown>): Compared[] {
  return (result.diagnostics as Array<Compared & { file: string }>).map((d) => ({
    line: d.line,
    column: d.column,
    endLine: d.endLine,
    endColumn: d.endColumn,
    severity: d.severity,
    code: d.code,
    message: d.message,
    pointer: d.pointer,
  }));
}

/** `bottle validate FILE --json` run in-process, with the environment the server has. */
async function validateJson(
  file: string,
  env: Readonly<Record<string, string>>,
): Promise<Record<string, unknown>> {
  let stdout = "";
  const ctx: Context = {
    stdout: (t) => stdout += t,
    stderr: () => {},
    cwd: "/",
    env: (name) => env[name],
    interactive: false,
    confirm: () => Promise.resolve(false),
    readStdin: () => Promise.resolve(new Uint8Array()),
  };
  await runCli(["validate", file, "--json"], ctx);
  return JSON.parse(stdout) as Record<string, unknown>;
}

/** The offset of `marker` in `text` as an LSP position, and the text without it. */
function cursor(text: string, marker = "|"): { text: string; line: number; character: number } {
  const at = text.indexOf(marker);
  const before = text.slice(0, at).split("\n");
  return {
    text: text.slice(0, at) + text.slice(at + marker.length),
    line: before.length - 1,
    character: before.at(-1)!.length,
  };
}

interface Fixture {
  readonly root: string;
  readonly project: string;
  readonly env: Record<string, string>;
}

async function makeFixture(): Promise<Fixture> {
  const root = await Deno.makeTempDir({ prefix: "bottle-lsp-" });
  const project = join(root, "proj");
  const home = join(root, "home");
  for (const folder of ["skills/review", "skills/empty", "other/review", ".claude/skills/lint"]) {
    await Deno.mkdir(join(project, folder), { recursive: true });
  }
  for (const file of ["skills/review", "other/review", ".claude/skills/lint"]) {
    await Deno.writeTextFile(join(project, file, "SKILL.md"), "# skill\n");
  }
  await Deno.mkdir(join(home, ".claude/skills/mine"), { recursive: true });
  await Deno.writeTextFile(join(home, ".claude/skills/mine/SKILL.md"), "# skill\n");
  const env = {
    HOME: home,
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    SET_VAR: SECRET,
    GH_TOKEN: OTHER_SECRET,
  };
  return { root, project, env };
}

async function open(client: LspClient, uri: string, text: string): Promise<Published> {
  await client.notify("textDocument/didOpen", {
    textDocument: { uri, languageId: "claude-bottle", version: 1, text },
  });
  return await client.diagnostics(uri, 1);
}

Deno.test({
  name: "bottle lsp: diagnostics equal validate --json; completion, hover, fixes, lifecycle",
  sanitizeResources: false,
  sanitizeOps: false,
  fn: async (t) => {
    const fixture = await makeFixture();
    const { project, env } = fixture;
    const client = await LspClient.spawn({ cwd: project, env, args: ["--stdio"] });
    const started = performance.now();
    try {
      const init = await client.request<{ capabilities: Record<string, unknown> }>(
        "initialize",
        {
          // A real client sends its pid; the server must not poll it (that needs a permission
          // bottle's set does not grant, and the Node runtime would then end the server).
          processId: Deno.pid,
          rootUri: `file://${project}`,
          capabilities: {
            textDocument: { completion: { completionItem: { snippetSupport: true } } },
          },
        },
      );
      ok(init.capabilities.hoverProvider, "hover is offered");
      ok(init.capabilities.completionProvider, "completion is offered");
      ok(init.capabilities.codeActionProvider, "quick fixes are offered");
      await client.notify("initialized", {});

      await t.step(
        "publishDiagnostics equals bottle validate --json for every manifest",
        async () => {
          const cases = [
            ...INVALID_CASES.map((c) => [c.name, c.text] as const),
            ...VALID_CASES,
          ];
          ok(cases.length >= 20);
          let withProblems = 0;
          for (const [name, text] of cases) {
            const file = join(project, `${name}.json`);
            await Deno.writeTextFile(file, text);
            const published = await open(client, `file://${file}`, text);
            const expected = fromValidate(await validateJson(file, env));
            deepStrictEqual(fromLsp(published), expected, name);
            if (expected.length > 0) withProblems++;
          }
          ok(withProblems >= INVALID_CASES.length, "the corpus really has problems to compare");
        },
      );

      await t.step("in-process validate --json is what the binary prints", async () => {
        const file = join(project, "many_problems_at_once.json");
        const binary = await runBottle(["validate", "--json", file], { cwd: project, env });
        strictEqual(binary.code, 3, binary.stderr);
        deepStrictEqual(
          fromValidate(JSON.parse(binary.stdout.trim().split("\n").at(-1)!)),
          fromValidate(await validateJson(file, env)),
        );
      });

      await t.step("completion offers schema properties with their descriptions", async () => {
        const c = cursor('{ "bottles": { "dev": { "workspace": ".", | } } }');
        const uri = `file://${project}/complete/claude-bottle.json`;
        await open(client, uri, c.text);
        const items = await client.request<Array<Record<string, unknown>>>(
          "textDocument/completion",
          { textDocument: { uri }, position: c },
        );
        const labels = items.map((i) => i.label);
        ok(labels.includes("egress") && labels.includes("skills") && labels.includes("auth"));
        ok(!labels.includes("workspace"), "a key already present is not offered again");
        const egress = items.find((i) => i.label === "egress")!;
        ok(
          String((egress.documentation as { value: string }).value).startsWith(
            "Where the bottle may connect to",
          ),
        );
        deepStrictEqual((egress.textEdit as { newText: string }).newText, '"egress": {$1}');
      });

      await t.step("completion offers enum values, egress hosts and skill folders", async () => {
        const ask = async (marked: string, name: string) => {
          const c = cursor(marked);
          const uri = `file://${project}/complete-${name}/claude-bottle.json`;
          await Deno.mkdir(join(project, `complete-${name}`), { recursive: true });
          await open(client, uri, c.text);
          const items = await client.request<Array<{ label: string }>>(
            "textDocument/completion",
            { textDocument: { uri }, position: c },
          );
          return items.map((i) => i.label);
        };
        deepStrictEqual(
          await ask('{ "bottles": { "dev": { "auth": { "type": "|" } } } }', "enum"),
          ["oauth", "apiKey"],
        );
        const hosts = await ask(
          '{ "bottles": { "dev": { "egress": { "allow": ["github.com", "|"] } } } }',
          "hosts",
        );
        ok(hosts.includes("registry.npmjs.org") && hosts.includes("pypi.org"));
        ok(!hosts.includes("github.com"), "a host already listed is not offered again");
        // Skills are found from the manifest's folder: write it where the skills are.
        const c = cursor('{ "bottles": { "dev": { "skills": [|] } } }');
        const uri = `file://${project}/claude-bottle.json`;
        await open(client, uri, c.text);
        const skills = await client.request<Array<{ label: string }>>(
          "textDocument/completion",
          { textDocument: { uri }, position: c },
        );
        deepStrictEqual(skills.map((i) => i.label), [
          "./skills/review",
          "./.claude/skills/lint",
          "~/.claude/skills/mine",
        ]);
      });

      await t.step("hover shows the description and whether a host variable is set", async () => {
        const text =
          '{ "bottles": { "dev": { "env": { "A": { "fromHost": "GH_TOKEN" }, "B": { "fromHost": "NOPE" } }, "auth": { "fromHost": "SET_VAR" } } } }';
        const uri = `file://${project}/hover/claude-bottle.json`;
        await open(client, uri, text);
        const hover = async (needle: string) => {
          const at = text.indexOf(needle) + 2;
          const result = await client.request<{ contents: { value: string } } | null>(
            "textDocument/hover",
            { textDocument: { uri }, position: { line: 0, character: at } },
          );
          return result?.contents.value ?? "";
        };
        const set = await hover('"GH_TOKEN"');
        ok(set.includes("Name of the host environment variable to copy."), set);
        ok(set.includes("Host variable `GH_TOKEN` is set on this host."), set);
        ok((await hover('"NOPE"')).includes("`NOPE` is **not set** on this host"));
        const auth = await hover('"SET_VAR"');
        ok(auth.includes("Host variable `SET_VAR` is set"), auth);
        ok((await hover('"auth"')).includes("comes from host variable `SET_VAR`, which is set"));
      });

      await t.step(
        "a quick fix renames a misspelt key, and the edit clears the error",
        async () => {
          const uri = `file://${project}/fix/claude-bottle.json`;
          const text = '{\n  "bottles": {\n    "dev": { "egres": { "allow": [] } }\n  }\n}\n';
          const before = await open(client, uri, text);
          deepStrictEqual(before.diagnostics.map((d) => d.code), ["unknown-key"]);
          const actions = await client.request<
            Array<
              {
                title: string;
                isPreferred?: boolean;
                edit: {
                  changes: Record<
                    string,
                    Array<{ range: Published["diagnostics"][0]["range"]; newText: string }>
                  >;
                };
              }
            >
          >("textDocument/codeAction", {
            textDocument: { uri },
            range: before.diagnostics[0]!.range,
            context: { diagnostics: before.diagnostics },
          });
          deepStrictEqual(actions.map((a) => [a.title, a.isPreferred]), [
            ['Rename "egres" to "egress"', true],
          ]);
          const [edit] = actions[0]!.edit.changes[uri]!;
          // Apply the fix as an editor would: an incremental change, then typing noise.
          await client.notify("textDocument/didChange", {
            textDocument: { uri, version: 2 },
            contentChanges: [{ range: edit!.range, text: edit!.newText }],
          });
          await client.notify("textDocument/didChange", {
            textDocument: { uri, version: 3 },
            contentChanges: [{
              range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } },
              text: " ",
            }],
          });
          await client.notify("textDocument/didChange", {
            textDocument: { uri, version: 4 },
            contentChanges: [{
              range: { start: { line: 5, character: 0 }, end: { line: 5, character: 1 } },
              text: "",
            }],
          });
          const after = await client.diagnostics(uri, 4);
          deepStrictEqual(after.diagnostics, [], "the fixed buffer has no problem");
          deepStrictEqual(
            client.published(uri).map((p) => p.version),
            [1, 4],
            "changes in quick succession are checked once, after the pause",
          );
        },
      );

      await t.step("a quick fix narrows an over-broad wildcard", async () => {
        const uri = `file://${project}/wild/claude-bottle.json`;
        const text =
          '{ "bottles": { "dev": { "egress": { "allow": ["*.githubusercontent.com"] } } } }';
        const before = await open(client, uri, text);
        deepStrictEqual(before.diagnostics.map((d) => d.code), ["broad-wildcard"]);
        const actions = await client.request<Array<{ title: string }>>("textDocument/codeAction", {
          textDocument: { uri },
          range: before.diagnostics[0]!.range,
          context: { diagnostics: before.diagnostics },
        });
        ok(
          actions.some((a) =>
            a.title === 'Narrow "*.githubusercontent.com" to "raw.githubusercontent.com"'
          ),
          JSON.stringify(actions.map((a) => a.title)),
        );
        ok(actions.some((a) => a.title.startsWith('Remove "*.githubusercontent.com"')));
      });

      await t.step("closing a document clears its diagnostics", async () => {
        const uri = `file://${project}/empty_file.json`;
        await client.notify("textDocument/didClose", { textDocument: { uri } });
        await client.notification(
          (m) =>
            m.method === "textDocument/publishDiagnostics" &&
            (m.params as Published).uri === uri &&
            (m.params as Published).diagnostics.length === 0,
          "cleared diagnostics",
        );
      });

      // Outlive the 3 s parent-pid poll the Node runtime would have started on initialize.
      const waited = performance.now() - started;
      if (waited < 3500) await new Promise((r) => setTimeout(r, 3500 - waited));

      await t.step("shutdown then exit ends the server with status 0", async () => {
        strictEqual(await client.request("shutdown", null), null);
        await client.notify("exit", null);
        const { code, stderr } = await client.finish();
        strictEqual(code, 0, stderr);
        strictEqual(client.protocolError, undefined, "stdout carried only framed messages");
        ok(!stderr.includes(SECRET) && !stderr.includes(OTHER_SECRET));
      });

      await t.step("no host variable's value appears in any message", () => {
        const transcript = client.transcript();
        ok(transcript.includes("GH_TOKEN") && transcript.includes("SET_VAR"), "names do");
        ok(!transcript.includes(SECRET), "the credential's value never does");
        ok(!transcript.includes(OTHER_SECRET), "nor any other variable's value");
      });
    } finally {
      client.kill();
      await Deno.remove(fixture.root, { recursive: true });
    }
  },
});
