import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { ALLOW, type Decision } from "../decision.ts";
import {
  decideAfterResolve,
  decideBeforeResolve,
  needsResolution,
  pinnedAddress,
} from "./decide_egress.ts";
import { compileEgressPolicy, type EgressPolicy } from "./egress_policy.ts";
import { parseAbsoluteTarget, parseConnectTarget, type Target } from "./parse_target.ts";

function connect(authority: string): Target {
  const result = parseConnectTarget(authority);
  if (result.kind === "refuse") throw new Error(`${authority}: ${JSON.stringify(result)}`);
  return result.target;
}

function plain(url: string): Target {
  const result = parseAbsoluteTarget(url);
  if (result.kind === "refuse") throw new Error(`${url}: ${JSON.stringify(result)}`);
  return result.target;
}

function denied(decision: Decision, code: string): string {
  ok(decision.kind === "deny", `expected ${code}, got allow`);
  strictEqual(decision.code, code, decision.reason);
  return decision.reason;
}

Deno.test("egress_denies_a_host_not_on_the_allowlist_naming_host_and_port", () => {
  const policy = compileEgressPolicy(["github.com"]);
  const reason = denied(
    decideBeforeResolve(policy, connect("evil.com:443"), 443),
    "egress.not_allowed",
  );
  ok(reason.includes("evil.com:443"), reason);
  deepStrictEqual(decideBeforeResolve(policy, connect("github.com:443"), 443), ALLOW);
});

Deno.test("egress_denies_an_allowed_host_on_another_port", () => {
  const policy = compileEgressPolicy(["github.com"]);
  const reason = denied(
    decideBeforeResolve(policy, connect("github.com:22"), 443),
    "egress.not_allowed",
  );
  ok(reason.includes("github.com:22"), reason);
  denied(decideBeforeResolve(policy, plain("http://github.com:443/"), 80), "egress.not_allowed");
  deepStrictEqual(decideBeforeResolve(policy, plain("http://github.com/"), 80), ALLOW);
});

Deno.test("egress_denies_an_ip_literal_without_an_exact_address_rule", () => {
  const policy = compileEgressPolicy(["example.com", "*.example.com", "8.8.8.8:53"]);
  for (const target of [connect("8.8.8.8:443"), connect("1.1.1.1:443"), connect("[::1]:443")]) {
    const reason = denied(decideBeforeResolve(policy, target, 443), "egress.not_allowed");
    ok(reason.includes("IP address"), reason);
  }
  const reason = denied(
    decideBeforeResolve(policy, connect("[2001:db8::1]:443"), 443),
    "egress.not_allowed",
  );
  ok(reason.includes("[2001:db8::1]:443"), reason);
});

Deno.test("egress_allows_an_ip_literal_granted_exactly_without_resolution", () => {
  const policy = compileEgressPolicy(["127.0.0.1:8080", "[::1]:3000"]);
  const v4 = connect("127.0.0.1:8080");
  const v6 = connect("[0:0:0:0:0:0:0:1]:3000");
  deepStrictEqual(decideBeforeResolve(policy, v4, 443), ALLOW);
  deepStrictEqual(decideBeforeResolve(policy, v6, 443), ALLOW);
  strictEqual(needsResolution(v4), false);
  strictEqual(needsResolution(v6), false);
  // Passed through the second step as its own "resolution", it is pinned as written.
  deepStrictEqual(decideAfterResolve(policy, v4, [v4.host]), {
    decision: ALLOW,
    pinned: "127.0.0.1",
  });
  deepStrictEqual(decideAfterResolve(policy, v6, [v6.host]), { decision: ALLOW, pinned: "::1" });
});

Deno.test("egress_needs_resolution_only_for_names", () => {
  strictEqual(needsResolution(connect("example.com:443")), true);
  strictEqual(needsResolution(plain("http://localhost/")), true);
  strictEqual(needsResolution(connect("8.8.8.8:443")), false);
  strictEqual(needsResolution(plain("http://[2606:4700::1111]/")), false);
});

// The content check moved onto the proxy's one DLP road: its tests are
// egress_dlp_* in proxy/egress/egress_proxy_policy_test.ts.

Deno.test("egress_policy_that_throws_denies", () => {
  const throwing: EgressPolicy = {
    get rules(): never {
      throw new Error("allowlist unreadable");
    },
    pins: [],
  };
  const target = connect("example.com:443");
  const reason = denied(decideBeforeResolve(throwing, target, 443), "policy.error");
  ok(reason.includes("allowlist unreadable"), reason);
  denied(decideAfterResolve(throwing, target, ["10.0.0.1"]).decision, "policy.error");
});

Deno.test("egress_denies_private_ip_after_resolution", () => {
  const policy = compileEgressPolicy(["internal.example.com"]);
  const target = connect("internal.example.com:443");
  deepStrictEqual(decideBeforeResolve(policy, target, 443), ALLOW);
  for (
    const [address, category] of [
      ["10.0.0.5", "private"],
      ["192.168.1.1", "private"],
      ["172.20.0.1", "private"],
      ["127.0.0.1", "loopback"],
      ["169.254.169.254", "metadata"],
      ["100.100.100.200", "cgnat"],
      ["0.0.0.0", "unspecified"],
      ["::1", "loopback"],
      ["fd00::1", "unique-local"],
      ["::ffff:127.0.0.1", "loopback via ipv4-mapped"],
      ["64:ff9b::a9fe:a9fe", "metadata via nat64"],
      ["2002:7f00:1::", "loopback via 6to4"],
      ["2001:0:4136:e378:8000:63bf:80ff:fffe", "loopback via teredo"],
    ] as const
  ) {
    const result = decideAfterResolve(policy, target, [address]);
    const reason = denied(result.decision, "egress.private_address");
    ok(reason.includes(category), reason);
    ok(reason.includes(address), reason);
    strictEqual(result.pinned, undefined);
    ok(!("pinned" in result));
  }
});

Deno.test("egress_denies_when_any_resolved_address_is_private", () => {
  const policy = compileEgressPolicy(["example.com"]);
  const target = connect("example.com:443");
  for (
    const addresses of [
      ["93.184.216.34", "10.0.0.1"],
      ["10.0.0.1", "93.184.216.34"],
      ["93.184.216.34", "2606:2800:220:1::1", "::1"],
      ["8.8.8.8", "not-an-address"],
    ]
  ) {
    const result = decideAfterResolve(policy, target, addresses);
    denied(result.decision, "egress.private_address");
    strictEqual(result.pinned, undefined);
  }
});

Deno.test("egress_allows_exactly_granted_loopback_address", () => {
  const policy = compileEgressPolicy(["localhost:8080", "127.0.0.1:8080"]);
  const target = connect("localhost:8080");
  deepStrictEqual(decideBeforeResolve(policy, target, 443), ALLOW);
  deepStrictEqual(decideAfterResolve(policy, target, ["127.0.0.1"]), {
    decision: ALLOW,
    pinned: "127.0.0.1",
  });
  // Only that address: another loopback address, or ::1, is still refused.
  denied(
    decideAfterResolve(policy, target, ["127.0.0.1", "::1"]).decision,
    "egress.private_address",
  );
  denied(decideAfterResolve(policy, target, ["127.0.0.2"]).decision, "egress.private_address");
  // Only that port.
  const otherPort = compileEgressPolicy(["localhost:8081", "127.0.0.1:8080"]);
  denied(
    decideAfterResolve(otherPort, connect("localhost:8081"), ["127.0.0.1"]).decision,
    "egress.private_address",
  );
});

Deno.test("egress_grant_for_a_forbidden_address_is_named_in_the_deny", () => {
  const policy = compileEgressPolicy(["dev.local:3000"]);
  const reason = denied(
    decideAfterResolve(policy, connect("dev.local:3000"), ["FD00::0:1"]).decision,
    "egress.private_address",
  );
  ok(reason.includes('"[fd00::1]:3000"'), reason);
});

Deno.test("egress_denies_when_resolution_returns_nothing", () => {
  const policy = compileEgressPolicy(["example.com"]);
  const result = decideAfterResolve(policy, connect("example.com:443"), []);
  denied(result.decision, "egress.resolve_failed");
  ok(!("pinned" in result));
});

Deno.test("egress_pins_the_first_resolved_address_in_canonical_form", () => {
  const policy = compileEgressPolicy(["example.com"]);
  const target = connect("example.com:443");
  deepStrictEqual(decideAfterResolve(policy, target, ["1.1.1.1", "8.8.8.8"]), {
    decision: ALLOW,
    pinned: "1.1.1.1",
  });
  deepStrictEqual(decideAfterResolve(policy, target, ["2606:4700:4700:0:0:0:0:1111", "1.1.1.1"]), {
    decision: ALLOW,
    pinned: "2606:4700:4700::1111",
  });
  deepStrictEqual(decideAfterResolve(policy, target, ["::ffff:8.8.8.8"]), {
    decision: ALLOW,
    pinned: "::ffff:808:808",
  });
});

Deno.test("deny_when_policy_throws", () => {
  const target = connect("example.com:443");
  const throwing = {
    get rules(): never {
      throw new Error("policy store unavailable");
    },
    pins: [],
  } as EgressPolicy;
  const broken = { rules: null } as unknown as EgressPolicy;
  for (const policy of [throwing, broken]) {
    denied(decideBeforeResolve(policy, target, 443), "policy.error");
    denied(decideBeforeResolve(policy, connect("127.0.0.1:80"), 80), "policy.error");
    // After resolution the grant check reads the rules only for a forbidden address.
    const result = decideAfterResolve(policy, target, ["127.0.0.1"]);
    denied(result.decision, "policy.error");
    ok(!("pinned" in result));
  }
  const throwingAddresses = new Proxy([], {
    get() {
      throw new Error("resolver result unreadable");
    },
  }) as readonly string[];
  const result = decideAfterResolve(compileEgressPolicy([]), target, throwingAddresses);
  denied(result.decision, "policy.error");
  ok(!("pinned" in result));
});

Deno.test("egress_hosts_pin_passes_the_address_guard_for_exactly_its_name_and_address", () => {
  const policy = compileEgressPolicy(["git.example.test:8443", "other.test:8443"], {
    "git.example.test": "127.0.0.1",
  });
  const pinned = connect("git.example.test:8443");
  strictEqual(pinnedAddress(policy, pinned), "127.0.0.1");
  deepStrictEqual(decideAfterResolve(policy, pinned, ["127.0.0.1"]), {
    decision: ALLOW,
    pinned: "127.0.0.1",
  });
  // Another loopback address for the pinned name is not the pin.
  denied(decideAfterResolve(policy, pinned, ["127.0.0.2"]).decision, "egress.private_address");
  // Another name resolving to the pinned address gets nothing from the pin.
  const other = connect("other.test:8443");
  strictEqual(pinnedAddress(policy, other), undefined);
  denied(decideAfterResolve(policy, other, ["127.0.0.1"]).decision, "egress.private_address");
  // The pinned address written as an IP is still only granted by an exact address rule.
  const literal = connect("127.0.0.1:8443");
  strictEqual(pinnedAddress(policy, literal), undefined);
  denied(decideBeforeResolve(policy, literal, 443), "egress.not_allowed");
});

Deno.test("egress_hosts_pin_does_not_put_its_name_on_the_allowlist", () => {
  const policy = compileEgressPolicy([], { "git.example.test": "127.0.0.1" });
  denied(decideBeforeResolve(policy, connect("git.example.test:443"), 443), "egress.not_allowed");
  denied(decideBeforeResolve(policy, plain("http://git.example.test/"), 80), "egress.not_allowed");
});

Deno.test("egress_hosts_pin_applies_to_plain_http_targets_too", () => {
  const policy = compileEgressPolicy(["svc.internal"], { "svc.internal": "::1" });
  const target = plain("http://svc.internal/x");
  strictEqual(pinnedAddress(policy, target), "::1");
  deepStrictEqual(decideAfterResolve(policy, target, ["::1"]), { decision: ALLOW, pinned: "::1" });
});
