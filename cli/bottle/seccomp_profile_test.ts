/**
 * The bottle's seccomp profile, judged by a small reading of the profile the
 * way the engine applies it (rules whose capability or architecture
 * conditions do not hold are skipped; argument comparisons must all hold).
 * The same checks run against the engine's default show they can fail.
 */
import { deepStrictEqual, equal, ok, throws } from "node:assert/strict";
import {
  bottleSeccompJson,
  bottleSeccompProfile,
  engineDefaultProfile,
  EPERM,
  REFUSED_CALLS,
  seccompApplies,
  type SeccompProfile,
  type SeccompRule,
} from "./seccomp_profile.ts";

/** What a call gets from a profile: allowed, or refused with an errno. */
type Outcome = "allow" | `errno ${number}`;

/** A bottle's conditions: no capabilities, x86_64 (docker's "amd64"). */
const BOTTLE = { caps: [] as readonly string[], arch: "amd64" };

function applies(rule: SeccompRule): boolean {
  const inc = rule.includes ?? {};
  const exc = rule.excludes ?? {};
  if (inc.caps?.some((c) => !BOTTLE.caps.includes(c))) return false;
  if (inc.arches !== undefined && inc.arches.length > 0 && !inc.arches.includes(BOTTLE.arch)) {
    return false;
  }
  if (exc.caps?.some((c) => BOTTLE.caps.includes(c))) return false;
  if (exc.arches?.includes(BOTTLE.arch)) return false;
  return true;
}

/** What `name(args…)` gets from `profile`; throws when two applicable rules disagree. */
function decide(profile: SeccompProfile, name: string, args: readonly number[] = []): Outcome {
  const outcomes = new Set<Outcome>();
  for (const rule of profile.syscalls) {
    if (!rule.names.includes(name) || !applies(rule)) continue;
    const holds = (rule.args ?? []).every((arg) => {
      const value = args[arg.index] ?? 0;
      if (arg.op === "SCMP_CMP_EQ") return value === arg.value;
      if (arg.op === "SCMP_CMP_NE") return value !== arg.value;
      if (arg.op === "SCMP_CMP_MASKED_EQ") return (value & arg.value) === arg.valueTwo;
      throw new Error(`op ${arg.op} not read by this test`);
    });
    if (!holds) continue;
    outcomes.add(
      rule.action === "SCMP_ACT_ALLOW"
        ? "allow"
        : `errno ${rule.errnoRet ?? profile.defaultErrnoRet ?? EPERM}`,
    );
  }
  if (outcomes.size > 1) throw new Error(`${name}: rules disagree: ${[...outcomes]}`);
  const [only] = outcomes;
  if (only !== undefined) return only;
  equal(profile.defaultAction, "SCMP_ACT_ERRNO");
  return `errno ${profile.defaultErrnoRet ?? EPERM}`;
}

const AF = { UNIX: 1, INET: 2, INET6: 10, NETLINK: 16, PACKET: 17, BLUETOOTH: 31, VSOCK: 40 };
const REFUSED = REFUSED_CALLS.flatMap((group) => group.names);

/** The refusals the bottle profile promises, as (what, call, args). */
const PROMISED: ReadonlyArray<readonly [string, string, readonly number[]]> = [
  ["vsock socket", "socket", [AF.VSOCK, 1, 0]],
  ["vsock socketpair", "socketpair", [AF.VSOCK, 1, 0]],
  ["netlink audit socket", "socket", [AF.NETLINK, 3, 9]],
  ["netlink uevent socket", "socket", [AF.NETLINK, 2, 15]],
  ["packet socket", "socket", [AF.PACKET, 3, 0]],
  ["bluetooth socket", "socket", [AF.BLUETOOTH, 1, 0]],
  ["32-bit socketcall", "socketcall", [1, 0]],
  ["io_uring_setup", "io_uring_setup", []],
  ["io_uring_enter", "io_uring_enter", []],
  ["io_uring_register", "io_uring_register", []],
  ["userfaultfd", "userfaultfd", []],
  ["bpf", "bpf", []],
  ["perf_event_open", "perf_event_open", []],
  ["keyctl", "keyctl", []],
  ["add_key", "add_key", []],
  ["request_key", "request_key", []],
  ["kexec_load", "kexec_load", []],
  ["kexec_file_load", "kexec_file_load", []],
  ["open_by_handle_at", "open_by_handle_at", []],
];

/** The promised refusals `profile` does not make. */
function missingRefusals(profile: SeccompProfile): string[] {
  return PROMISED.filter(([, call, args]) => decide(profile, call, args) !== `errno ${EPERM}`)
    .map(([what]) => what);
}

const BOTTLE_PROFILE = bottleSeccompProfile(engineDefaultProfile());

Deno.test("bottle_seccomp_refuses_vsock_sockets_with_eperm", () => {
  equal(decide(BOTTLE_PROFILE, "socket", [AF.VSOCK, 1, 0]), "errno 1");
  equal(decide(BOTTLE_PROFILE, "socketpair", [AF.VSOCK, 1, 0]), "errno 1");
});

Deno.test("bottle_seccomp_makes_every_promised_refusal_with_eperm", () => {
  deepStrictEqual(missingRefusals(BOTTLE_PROFILE), []);
});

Deno.test("bottle_seccomp_checks_can_fail: the engine default makes none of the socket or io_uring refusals", () => {
  const missing = missingRefusals(engineDefaultProfile());
  for (
    const what of ["vsock socket", "netlink audit socket", "io_uring_setup", "32-bit socketcall"]
  ) {
    ok(missing.includes(what), `the engine default was expected to allow ${what}`);
  }
});

Deno.test("bottle_seccomp_checks_can_fail: a profile without the vsock rule is caught", () => {
  // The bottle profile with `socket` allowed for any family again, as the engine default does.
  const withoutFamilyCheck: SeccompProfile = {
    ...BOTTLE_PROFILE,
    syscalls: [
      ...BOTTLE_PROFILE.syscalls.filter((r) => !r.names.includes("socket")),
      { names: ["socket", "socketpair"], action: "SCMP_ACT_ALLOW" },
    ],
  };
  deepStrictEqual(missingRefusals(withoutFamilyCheck), [
    "vsock socket",
    "vsock socketpair",
    "netlink audit socket",
    "netlink uevent socket",
    "packet socket",
    "bluetooth socket",
  ]);
});

Deno.test("bottle_seccomp_allows_netlink_for_interface_listing_only", () => {
  equal(decide(BOTTLE_PROFILE, "socket", [AF.NETLINK, 3, 0]), "allow");
  equal(decide(BOTTLE_PROFILE, "socket", [AF.NETLINK, 3, 9]), `errno ${EPERM}`);
  equal(decide(BOTTLE_PROFILE, "socketpair", [AF.NETLINK, 3, 0]), `errno ${EPERM}`);
});

Deno.test("bottle_seccomp_still_allows_unix_ipv4_and_ipv6_sockets", () => {
  for (const family of [AF.UNIX, AF.INET, AF.INET6]) {
    equal(decide(BOTTLE_PROFILE, "socket", [family, 1, 0]), "allow", `socket ${family}`);
    equal(decide(BOTTLE_PROFILE, "socketpair", [family, 1, 0]), "allow", `socketpair ${family}`);
  }
});

Deno.test("bottle_seccomp_is_the_engine_default_plus_refusals_only", () => {
  const engine = engineDefaultProfile();
  const names = new Set(engine.syscalls.flatMap((rule) => rule.names));
  const changed = [...names].filter((name) =>
    decide(engine, name, [AF.UNIX]) !== decide(BOTTLE_PROFILE, name, [AF.UNIX])
  );
  // Only the refused calls change (socket and socketpair stay allowed for AF_UNIX).
  deepStrictEqual(changed.sort(), REFUSED.filter((n) => decide(engine, n) === "allow").sort());
  deepStrictEqual(BOTTLE_PROFILE.archMap, engine.archMap);
  equal(BOTTLE_PROFILE.defaultAction, engine.defaultAction);
});

Deno.test("bottle_seccomp_has_no_conflicting_rules_for_any_call", () => {
  const names = new Set(BOTTLE_PROFILE.syscalls.flatMap((rule) => rule.names));
  for (const name of names) decide(BOTTLE_PROFILE, name, [AF.VSOCK]);
  // The reader does notice a conflict (the check can fail).
  throws(() =>
    decide({
      defaultAction: "SCMP_ACT_ERRNO",
      syscalls: [
        { names: ["bpf"], action: "SCMP_ACT_ALLOW" },
        { names: ["bpf"], action: "SCMP_ACT_ERRNO" },
      ],
    }, "bpf")
  );
});

Deno.test("engineDefaultProfile() is moby's default: refuses by default, allows read and clone", () => {
  const engine = engineDefaultProfile();
  equal(engine.defaultAction, "SCMP_ACT_ERRNO");
  equal(decide(engine, "read"), "allow");
  equal(decide(engine, "io_uring_setup"), "allow");
  equal(decide(engine, "mount"), "errno 1");
  ok(!("//" in engine), "the provenance note is not part of the profile");
});

Deno.test("bottleSeccompJson() is the bottle profile as JSON, without the provenance note", () => {
  const text = bottleSeccompJson();
  deepStrictEqual(JSON.parse(text), BOTTLE_PROFILE);
  ok(!text.includes("GENERATED"));
});

Deno.test("seccompApplies() is true for runc and crun, false for gVisor's runsc", () => {
  equal(seccompApplies("runc"), true);
  equal(seccompApplies("crun"), true);
  equal(seccompApplies("runsc"), false);
});
