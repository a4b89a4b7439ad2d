import { deepStrictEqual, ok, throws } from "node:assert/strict";
import { compileEgressPolicy } from "./egress_policy.ts";

Deno.test("compile_egress_policy_parses_every_entry_in_order", () => {
  const policy = compileEgressPolicy([
    "github.com",
    "*.npmjs.org",
    "Example.COM.:8443",
    "127.0.0.1:8080",
    "[2001:DB8::1]:443",
  ]);
  deepStrictEqual(policy.rules, [
    { kind: "host", host: "github.com" },
    { kind: "suffix", suffix: "npmjs.org" },
    { kind: "host", host: "example.com", port: 8443 },
    { kind: "address", address: "127.0.0.1", port: 8080 },
    { kind: "address", address: "2001:db8::1", port: 443 },
  ]);
});

Deno.test("compile_egress_policy_of_no_entries_grants_nothing", () => {
  deepStrictEqual(compileEgressPolicy([]).rules, []);
});

Deno.test("compile_egress_policy_throws_on_an_invalid_entry_naming_it", () => {
  for (
    const entry of ["*", "127.1:80", "http://example.com", "example.com:0", "[fe80::1%eth0]:1"]
  ) {
    throws(
      () => compileEgressPolicy(["github.com", entry]),
      (error: Error) => error.message.includes(JSON.stringify(entry)),
      entry,
    );
  }
});

Deno.test("compiled_egress_policy_cannot_be_widened_after_compilation", () => {
  const policy = compileEgressPolicy(["github.com"]);
  ok(Object.isFrozen(policy));
  ok(Object.isFrozen(policy.rules));
  ok(Object.isFrozen(policy.rules[0]));
  throws(() => (policy.rules as unknown as string[]).push("evil.com"));
});
