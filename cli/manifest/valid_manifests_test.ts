/**
 * The valid-manifest corpus: each must produce no error (and exactly the
 * warnings listed), and hand out the typed manifest.
 */
import { deepStrictEqual, ok } from "node:assert/strict";
import { STARTER_MANIFEST } from "./starter_manifest.ts";
import { analyzeManifestBytes, analyzeManifestText } from "./analyze_manifest.ts";
import { TEST_HOST } from "./test_host.ts";

interface Case {
  readonly name: string;
  readonly text: string;
  readonly warnings?: readonly string[];
}

const VALID_CASES: readonly Case[] = [
  { name: "minimal", text: '{ "bottles": { "dev": {} } }' },
  { name: "starter_written_by_init", text: STARTER_MANIFEST },
  {
    name: "comments_and_trailing_commas",
    text:
      '// top\n{\n  /* block */ "bottles": {\n    "dev": { "prompt": "hi", }, // end\n  },\n}\n',
  },
  {
    name: "every_field",
    text: JSON.stringify({
      $schema: "./schemas/claude-bottle.schema.json",
      defaults: { resources: { memory: "2g" }, egress: { allow: ["registry.npmjs.org"] } },
      bottles: {
        dev: {
          image: "bottle-agent:latest",
          workspace: ".",
          prompt: "Run the tests and fix what fails.",
          env: { NODE_ENV: "development", GH: { fromHost: "SET_VAR" } },
          skills: ["./skills/review"],
          mcpServers: ["github", "linear_issues", "docs-search"],
          egress: { allow: ["github.com", "*.example.com", "api.example.org:8443"] },
          resources: { memory: "1.5g", cpus: 1.5, pids: 256 },
          runtime: "runsc",
          auth: { type: "oauth", fromHost: "SET_VAR", upstream: "https://api.anthropic.com" },
        },
      },
    }),
  },
  {
    name: "exact_local_addresses",
    text: '{ "bottles": { "t": { "egress": { "allow": ["127.0.0.1:8080", "[::1]:9000"] } } } }',
  },
  {
    name: "unicode_host_and_trailing_dot",
    text: '{ "bottles": { "t": { "egress": { "allow": ["bücher.example", "github.com."] } } } }',
  },
  {
    name: "narrow_wildcard_with_port",
    text: '{ "bottles": { "t": { "egress": { "allow": ["*.corp.example.com:8443"] } } } }',
  },
  {
    name: "several_bottles_with_defaults",
    text: JSON.stringify({
      defaults: { env: { TZ: "UTC" }, resources: { pids: 512 } },
      bottles: { a: {}, "b.review": { env: { TZ: "Europe/Paris" } }, c_3: { runtime: "crun" } },
    }),
  },
  {
    name: "api_key_with_loopback_gateway",
    text:
      '{ "bottles": { "t": { "auth": { "type": "apiKey", "upstream": "http://127.0.0.1:9999" } } } }',
  },
  {
    name: "home_relative_skill_folder_is_resolved",
    text: '{ "bottles": { "t": { "workspace": "/proj", "skills": ["/proj/other/review"] } } }',
  },
  {
    name: "unset_host_variable_is_only_a_warning",
    text: '{ "bottles": { "t": { "env": { "TOKEN": { "fromHost": "NOT_SET" } } } } }',
    warnings: [
      "1:55: warning: host variable NOT_SET (for bottles.t.env.TOKEN) is not set; bottle start will refuse until it is",
    ],
  },
  {
    name: "unset_credential_variable_is_only_a_warning",
    text: '{ "bottles": { "t": { "auth": { "fromHost": "MY_TOKEN" } } } }',
    warnings: [
      "1:45: warning: host variable MY_TOKEN (the Anthropic credential) is not set; bottle start will refuse until it is",
    ],
  },
  {
    name: "credentials_tunnels_and_pins",
    text: JSON.stringify({
      defaults: {
        credentials: { NPM_TOKEN: { fromHost: "SET_VAR", hosts: ["registry.npmjs.org"] } },
        egress: { tunnel: ["pinned.example.org"] },
      },
      bottles: {
        dev: {
          env: { NODE_ENV: "development" },
          credentials: {
            GH_TOKEN: { fromHost: "SET_VAR", hosts: ["github.com", "*.github.com"] },
            INTERNAL_TOKEN: {
              fromHost: "SET_VAR",
              hosts: ["git.example.test:8443"],
              paths: ["/api/", "/@myorg/"],
            },
          },
          egress: {
            allow: ["git.example.test:8443", "pinned.example.org"],
            tunnel: ["*.mtls.example.org"],
            hosts: { "git.example.test": "127.0.0.1", "svc.internal": "::1" },
          },
        },
      },
    }),
  },
  {
    name: "unset_credential_host_variable_is_only_a_warning",
    text:
      '{ "bottles": { "t": { "credentials": { "GH_TOKEN": { "fromHost": "GH_TOKEN", "hosts": ["github.com"] } } } } }',
    warnings: [
      "1:66: warning: host variable GH_TOKEN (the real value of bottles.t.credentials.GH_TOKEN) is not set; bottle start will refuse until it is",
    ],
  },
];

for (const c of VALID_CASES) {
  Deno.test(`analyzeManifest() accepts ${c.name}`, () => {
    const analysis = analyzeManifestText(c.text, TEST_HOST);
    const got = analysis.diagnostics.map((d) =>
      `${d.line}:${d.column}: ${d.severity}: ${d.message}`
    );
    deepStrictEqual(got, c.warnings ?? []);
    ok(analysis.manifest !== undefined, "a valid manifest is handed out");
  });
}

Deno.test("analyzeManifest() accepts a leading byte-order mark and keeps columns right", () => {
  const bytes = new TextEncoder().encode('\uFEFF{ "bottles": { "dev": { "egres": 1 } } }');
  const [d] = analyzeManifestBytes(bytes, TEST_HOST).diagnostics;
  deepStrictEqual(`${d?.line}:${d?.column}`, "1:26");
  ok(
    analyzeManifestBytes(new TextEncoder().encode('\uFEFF{"bottles":{"a":{}}}'), TEST_HOST)
      .manifest,
  );
});

Deno.test("analyzeManifest() reports bytes that are not UTF-8 at their line and column", () => {
  const bytes = new Uint8Array([...new TextEncoder().encode('{\n  "bottles": { "d'), 0xff, 0x22]);
  const got = analyzeManifestBytes(bytes, TEST_HOST).diagnostics.map((d) =>
    `${d.line}:${d.column}: ${d.message}`
  );
  deepStrictEqual(got, ["2:18: the manifest is not valid UTF-8 (byte 0xff at byte offset 19)"]);
});

Deno.test("analyzeManifest() refuses a manifest over 1 MiB without parsing it", () => {
  const big = new Uint8Array(1024 * 1024 + 1).fill(0x20);
  const got = analyzeManifestBytes(big, TEST_HOST).diagnostics.map((d) =>
    `${d.line}:${d.column}: ${d.message}`
  );
  deepStrictEqual(got, ["1:1: the manifest is 1048577 bytes; the limit is 1048576 (1 MiB)"]);
});

Deno.test("the valid corpus has at least 10 cases", () => {
  ok(VALID_CASES.length >= 10);
});
