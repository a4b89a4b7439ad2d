import { deepStrictEqual, ok } from "node:assert/strict";
import { parseEgressRule } from "../../proxy/egress_rule.ts";
import { COMMON_EGRESS_HOSTS, commonHostsUnder } from "./common_egress_hosts.ts";

Deno.test("every common egress host is one exact, valid host entry, listed once", () => {
  const hosts = COMMON_EGRESS_HOSTS.map((h) => h.host);
  deepStrictEqual(new Set(hosts).size, hosts.length);
  for (const host of hosts) {
    const parsed = parseEgressRule(host);
    ok(parsed.kind === "rule" && parsed.rule.kind === "host", `${host} is an exact host`);
  }
});

Deno.test("commonHostsUnder() finds hosts strictly under a suffix", () => {
  deepStrictEqual(commonHostsUnder("githubusercontent.com").map((h) => h.host), [
    "objects.githubusercontent.com",
    "raw.githubusercontent.com",
    "pkg-containers.githubusercontent.com",
  ]);
  deepStrictEqual(commonHostsUnder("github.io"), []);
  deepStrictEqual(commonHostsUnder("pypi.org"), [], "the suffix itself is not under itself");
});
