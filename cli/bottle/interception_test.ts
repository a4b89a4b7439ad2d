import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { isPermitted } from "../../proxy/tls/permitted_names.ts";
import { matchAllowlist } from "../../proxy/policy/match_allowlist.ts";
import { egressPolicyOf } from "./egress_grants.ts";
import { interceptionOf, interceptsOf } from "./interception.ts";
import type { PlannedCredential } from "./plan.ts";

function plan(
  egressAllow: readonly string[],
  egressTunnel: readonly string[] = [],
  credentials: readonly PlannedCredential[] = [],
) {
  return { egressAllow, egressTunnel, credentials, egressHosts: {} };
}

const GH: PlannedCredential = {
  name: "GH_TOKEN",
  fromHost: "GH_TOKEN",
  hosts: ["github.com", "*.github.com", "git.example.test:8443"],
  paths: [],
};

Deno.test("every_allowed_name_on_a_tls_port_is_intercepted_unless_kept_as_a_tunnel", () => {
  const interception = interceptionOf(
    plan(
      [
        "api.example.com",
        "*.cdn.example.com",
        "pinning.example.com",
        "10.0.0.1:443",
        "x.test:8080",
      ],
      ["pinning.example.com"],
    ),
  );
  deepStrictEqual(
    interception.entries.map(({ entry, inspected, why }) => [entry, inspected, why]),
    [
      ["api.example.com", true, undefined],
      ["*.cdn.example.com", true, undefined],
      ["pinning.example.com", false, "tunnel"],
      ["10.0.0.1:443", false, "address"],
      ["x.test:8080", false, "port"],
    ],
  );
  deepStrictEqual(interception.caHosts, ["api.example.com", "*.cdn.example.com"]);
  deepStrictEqual(interception.caSubtrees, ["api.example.com", "cdn.example.com"]);
  deepStrictEqual(interception.tlsPorts, [443]);
});

Deno.test("nothing_to_intercept_means_no_ca_hosts", () => {
  strictEqual(interceptionOf(plan([])).caHosts.length, 0);
  strictEqual(interceptionOf(plan(["127.0.0.1:8443", "a.test:80"])).caHosts.length, 0);
  strictEqual(interceptionOf(plan(["*.a.test"], ["*.a.test"])).caHosts.length, 0);
  // A wildcard tunnel keeps a wildcard grant below it opaque, and a name one label down too.
  const below = interceptionOf(plan(["*.x.a.test", "y.a.test"], ["*.a.test"]));
  deepStrictEqual(below.caHosts, []);
});

Deno.test("a_credential_port_becomes_a_tls_port_for_every_name_allowed_on_it", () => {
  const interception = interceptionOf(plan(["other.test:8443", "plain.test:9000"], [], [GH]));
  deepStrictEqual(interception.tlsPorts, [443, 8443]);
  deepStrictEqual(interception.caHosts, [
    "other.test",
    "github.com",
    "*.github.com",
    "git.example.test",
  ]);
  const intercepts = interceptsOf(plan(["other.test:8443"], [], [GH]));
  strictEqual(intercepts("git.example.test", 8443), true);
  strictEqual(intercepts("other.test", 8443), true);
  strictEqual(intercepts("plain.test", 9000), false);
});

Deno.test("intercepts_says_no_to_a_tunnel_name_at_any_depth_and_to_non_tls_ports", () => {
  const intercepts = interceptsOf(
    plan(["*.example.com", "a.test:8080"], ["api.example.com", "*.pinned.example.com"]),
  );
  strictEqual(intercepts("www.example.com", 443), true);
  strictEqual(intercepts("api.example.com", 443), false);
  strictEqual(intercepts("x.api.example.com", 443), true, "a host tunnel entry is that name only");
  strictEqual(intercepts("a.pinned.example.com", 443), false);
  strictEqual(intercepts("a.b.pinned.example.com", 443), false);
  strictEqual(intercepts("a.test", 8080), false);
});

Deno.test("every_name_the_proxy_would_intercept_is_one_the_ca_may_sign_for", () => {
  // The proxy asks `intercepts` only for names the allowlist allowed: each such name on a
  // TLS port must be inside the CA's nameConstraints, or its connection would fail.
  const cases = [
    plan(["api.example.com", "*.example.org", "x.test:8443"], ["www.example.org"], [GH]),
    plan(["*.a.b.test", "b.test"], ["*.c.b.test"]),
    plan([], [], [GH]),
  ];
  const names = [
    "api.example.com",
    "www.example.org",
    "deep.www.example.org",
    "x.test",
    "github.com",
    "api.github.com",
    "git.example.test",
    "b.test",
    "q.a.b.test",
    "z.c.b.test",
  ];
  let checked = 0;
  for (const p of cases) {
    const interception = interceptionOf(p);
    const intercepts = interceptsOf(p);
    const policy = egressPolicyOf(p);
    for (const name of names) {
      for (const port of interception.tlsPorts) {
        const target = { kind: "name" as const, host: name, port, path: "" };
        if (matchAllowlist(policy, target, 443) === undefined || !intercepts(name, port)) continue;
        checked++;
        ok(isPermitted(name, interception.caSubtrees), `${name}:${port} outside the CA`);
      }
    }
  }
  ok(checked >= 8, `only ${checked} names checked`);
});
