import { deepStrictEqual } from "node:assert/strict";
import { analyzeManifestText } from "./analyze_manifest.ts";
import { TEST_HOST } from "./test_host.ts";

function problems(manifest: unknown): string[] {
  return analyzeManifestText(JSON.stringify(manifest), TEST_HOST).diagnostics.map((d) =>
    `${d.pointer}: ${d.code}`
  );
}

Deno.test("credential_clash_inside_defaults_is_reported_once_not_in_every_bottle", () => {
  deepStrictEqual(
    problems({
      defaults: {
        env: { TOKEN: { fromHost: "SET_VAR" } },
        credentials: { GH_TOKEN: { fromHost: "SET_VAR", hosts: ["github.com"] } },
      },
      bottles: { a: {}, b: {} },
    }),
    ["/defaults/credentials/GH_TOKEN/fromHost: credential-in-env"],
  );
});

Deno.test("credential_clash_across_defaults_and_a_bottle_is_reported_at_the_bottles_entry", () => {
  deepStrictEqual(
    problems({
      defaults: { credentials: { GH_TOKEN: { fromHost: "SET_VAR", hosts: ["github.com"] } } },
      bottles: {
        a: { env: { GH_TOKEN: "literal" } },
        b: { egress: { tunnel: ["github.com"] } },
        c: {},
      },
    }),
    [
      "/bottles/a/env/GH_TOKEN: credential-env-clash",
      "/bottles/b/egress/tunnel/0: credential-tunnel-clash",
    ],
  );
});

Deno.test("credential_of_a_bottle_overrides_the_defaults_one_of_the_same_name", () => {
  // The bottle's GH_TOKEN replaces the defaults' one: the defaults' tunnel no longer clashes.
  deepStrictEqual(
    problems({
      defaults: {
        credentials: { GH_TOKEN: { fromHost: "SET_VAR", hosts: ["github.com"] } },
        egress: { tunnel: ["gitlab.com"] },
      },
      bottles: {
        a: { credentials: { GH_TOKEN: { fromHost: "SET_VAR", hosts: ["gitlab.com"] } } },
      },
    }),
    ["/bottles/a/credentials/GH_TOKEN: credential-tunnel-clash"],
  );
});

Deno.test("egress_hosts_refuses_one_host_pinned_twice_by_spelling", () => {
  deepStrictEqual(
    problems({
      bottles: {
        a: { egress: { hosts: { "git.example.test": "127.0.0.1", "GIT.example.test.": "::1" } } },
      },
    }),
    ["/bottles/a/egress/hosts/GIT.example.test.: invalid-host-pin"],
  );
});
