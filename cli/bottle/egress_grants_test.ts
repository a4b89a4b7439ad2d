import { deepStrictEqual } from "node:assert/strict";
import {
  compileEgressPolicy,
  decideBeforeResolve,
  parseConnectTarget,
  pinnedAddress,
  type Target,
} from "../../proxy/policy/mod.ts";
import { egressEntries, egressGrants, egressPolicyOf } from "./egress_grants.ts";

const credential = (name: string, hosts: string[]) => ({ name, fromHost: name, hosts, paths: [] });

Deno.test("egress_grants_allow_each_credential_host_on_443_only_unless_a_port_is_written", () => {
  const plan = {
    egressAllow: ["registry.npmjs.org"],
    credentials: [
      credential("GH_TOKEN", ["github.com", "*.github.com"]),
      credential("LOCAL_TOKEN", ["git.example.test:8443"]),
    ],
  };
  deepStrictEqual(egressEntries(plan), [
    "registry.npmjs.org",
    "github.com:443",
    "*.github.com:443",
    "git.example.test:8443",
  ]);
  // Port 443 only: a credential host is never granted plain HTTP.
  const policy = compileEgressPolicy(egressEntries(plan));
  deepStrictEqual(policy.rules.slice(1, 3), [
    { kind: "host", host: "github.com", port: 443 },
    { kind: "suffix", suffix: "github.com", port: 443 },
  ]);
});

Deno.test("egress_grants_name_the_credentials_behind_each_entry_once", () => {
  deepStrictEqual(
    egressGrants({
      egressAllow: ["github.com:443"],
      credentials: [
        credential("A", ["GitHub.com", "api.github.com"]),
        credential("B", ["api.github.com:443"]),
      ],
    }),
    [
      { entry: "github.com:443", credentials: ["A"] },
      { entry: "api.github.com:443", credentials: ["A", "B"] },
    ],
  );
  deepStrictEqual(egressEntries({ egressAllow: [], credentials: [] }), []);
});

function connect(authority: string): Target {
  const parsed = parseConnectTarget(authority);
  if (parsed.kind === "refuse") throw new Error(authority);
  return parsed.target;
}

Deno.test("egress_policy_of_a_plan_allows_its_credential_hosts_and_holds_its_pins", () => {
  const policy = egressPolicyOf({
    egressAllow: [],
    credentials: [credential("GIT_TOKEN", ["git.example.test:8443"])],
    egressHosts: { "git.example.test": "127.0.0.1" },
  });
  const target = connect("git.example.test:8443");
  deepStrictEqual(decideBeforeResolve(policy, target, 443), { kind: "allow" });
  deepStrictEqual(pinnedAddress(policy, target), "127.0.0.1");
  deepStrictEqual(decideBeforeResolve(policy, connect("git.example.test:443"), 443).kind, "deny");
});
