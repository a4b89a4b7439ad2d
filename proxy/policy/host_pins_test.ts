import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import { compileHostPins, parseHostPin, pinnedAddressOf } from "./host_pins.ts";

function reason(name: string, address: string): string {
  const parsed = parseHostPin(name, address);
  ok(parsed.kind === "error", `${name} → ${address} was accepted`);
  return parsed.reason;
}

Deno.test("parse_host_pin_normalises_the_name_and_the_address", () => {
  deepStrictEqual(parseHostPin("Git.Example.TEST.", "127.0.0.1"), {
    kind: "pin",
    pin: { host: "git.example.test", address: "127.0.0.1" },
  });
  deepStrictEqual(parseHostPin("svc.internal", "0:0:0:0:0:0:0:1"), {
    kind: "pin",
    pin: { host: "svc.internal", address: "::1" },
  });
  deepStrictEqual(parseHostPin("db.corp", "10.0.0.5"), {
    kind: "pin",
    pin: { host: "db.corp", address: "10.0.0.5" },
  });
});

Deno.test("parse_host_pin_refuses_wildcards_and_ip_names", () => {
  ok(reason("*.example.test", "127.0.0.1").includes("wildcard"));
  ok(reason("127.0.0.1", "127.0.0.1").includes("IP address"));
  ok(reason("0x7f.1", "127.0.0.1").includes("IP address"));
  ok(reason("bad..name", "127.0.0.1").includes("empty label"));
});

Deno.test("parse_host_pin_refuses_addresses_that_are_not_canonical_ips", () => {
  for (const address of ["127.1", "localhost", "2130706433", "0177.0.0.1", "fe80::1%eth0", ""]) {
    ok(reason("svc.test", address).includes("not an IP address"), address);
  }
  ok(reason("svc.test", "[::1]").includes("without brackets"));
});

Deno.test("parse_host_pin_refuses_addresses_no_service_listens_on", () => {
  for (const address of ["0.0.0.0", "::", "224.0.0.1", "255.255.255.255", "240.0.0.1"]) {
    ok(reason("svc.test", address).includes("no service listens on"), address);
  }
});

Deno.test("compile_host_pins_gives_a_frozen_list_and_looks_names_up_exactly", () => {
  const pins = compileHostPins({ "git.example.test": "127.0.0.1", "API.example.test": "::1" });
  ok(Object.isFrozen(pins));
  ok(Object.isFrozen(pins[0]));
  strictEqual(pinnedAddressOf(pins, "git.example.test"), "127.0.0.1");
  strictEqual(pinnedAddressOf(pins, "api.example.test"), "::1");
  strictEqual(pinnedAddressOf(pins, "example.test"), undefined);
  strictEqual(pinnedAddressOf(pins, "x.git.example.test"), undefined);
  deepStrictEqual(compileHostPins({}), []);
});

Deno.test("compile_host_pins_throws_on_an_invalid_entry_or_two_addresses_for_one_name", () => {
  throws(() => compileHostPins({ "svc.test": "127.1" }), /"svc\.test" is invalid/);
  throws(
    () => compileHostPins({ "svc.test": "127.0.0.1", "SVC.test": "127.0.0.2" }),
    /two addresses/,
  );
});
