/**
 * The bottle's seccomp profile: the engine's default profile (moby's, Docker
 * 20.10, see tools/gen_default_seccomp.ts) with a few more refusals. The
 * first reason is vsock: an AF_VSOCK socket reaches the hypervisor without
 * touching any interface, so `--network none` does not stop it and no proxy
 * sees it. `socket` and `socketpair` may create only unix, IPv4 and IPv6
 * sockets; io_uring, userfaultfd, bpf, perf events, the kernel keyring, kexec
 * and open_by_handle_at are refused outright (EPERM). Pure: profile in,
 * profile out.
 */
import engineDefault from "./moby_default_seccomp.generated.json" with { type: "json" };

/** One argument comparison of a seccomp rule, in the engine's JSON format. */
export interface SeccompArg {
  readonly index: number;
  readonly value: number;
  readonly valueTwo: number;
  readonly op: string;
}

/** Conditions under which the engine applies a rule (capabilities, architectures, kernel). */
export interface SeccompFilter {
  readonly caps?: readonly string[];
  readonly arches?: readonly string[];
  readonly minKernel?: string;
}

/** One rule of a profile, in the engine's JSON format. */
export interface SeccompRule {
  readonly names: readonly string[];
  readonly action: string;
  readonly args?: readonly SeccompArg[] | null;
  readonly errnoRet?: number;
  readonly comment?: string;
  readonly includes?: SeccompFilter;
  readonly excludes?: SeccompFilter;
}

/** A seccomp profile as `docker run --security-opt seccomp=FILE` reads it. */
export interface SeccompProfile {
  readonly defaultAction: string;
  readonly defaultErrnoRet?: number;
  readonly archMap?: readonly unknown[];
  readonly syscalls: readonly SeccompRule[];
}

/** EPERM: what every refusal returns, so programs see "not permitted" rather than "no such call". */
export const EPERM = 1;

/** The address families `socket` and `socketpair` may use; every other one is refused. */
export const ALLOWED_SOCKET_FAMILIES: ReadonlyArray<
  { readonly name: string; readonly value: number }
> = [
  { name: "AF_UNIX", value: 1 },
  { name: "AF_INET", value: 2 },
  { name: "AF_INET6", value: 10 },
];

/**
 * `socket(AF_NETLINK, …, NETLINK_ROUTE)` only: Node's `os.networkInterfaces()`
 * and Python's `if_nameindex()` list interfaces through it (dev servers print
 * their addresses at start and crash without it). It shows the bottle's one
 * interface, `lo`; changing a route or an address needs CAP_NET_ADMIN, which a
 * bottle lacks. Every other netlink protocol (audit, uevents, …) is refused.
 */
export const NETLINK_ROUTE = { family: 16, protocol: 0 } as const;

/** The calls whose first argument (the address family) is checked against ALLOWED_SOCKET_FAMILIES. */
export const FAMILY_CHECKED_CALLS: readonly string[] = ["socket", "socketpair"];

/** Calls refused outright, each group with why. */
export const REFUSED_CALLS: ReadonlyArray<
  { readonly names: readonly string[]; readonly why: string }
> = [
  {
    names: ["socketcall"],
    why: "the 32-bit socket multiplexer passes the family behind a pointer the filter cannot read",
  },
  {
    names: ["io_uring_setup", "io_uring_enter", "io_uring_register"],
    why: "io_uring performs I/O the filter never sees, and is a frequent kernel bug surface",
  },
  { names: ["userfaultfd"], why: "lets a process stall the kernel mid-copy: an exploit primitive" },
  { names: ["bpf"], why: "loads programs into the kernel" },
  { names: ["perf_event_open"], why: "kernel profiling: side channels and a kernel bug surface" },
  {
    names: ["keyctl", "add_key", "request_key"],
    why: "the kernel keyring is not namespaced per container",
  },
  { names: ["kexec_load", "kexec_file_load"], why: "loads a new kernel" },
  { names: ["open_by_handle_at"], why: "opens host files by handle, around the mounts" },
];

/** The engine's default profile, as shipped in this binary (without its provenance note). */
export function engineDefaultProfile(): SeccompProfile {
  const { "//": _provenance, ...profile } = engineDefault;
  return profile as SeccompProfile;
}

/**
 * The bottle's profile: `base` with every checked or refused call taken out of
 * its rules, then `socket`/`socketpair` allowed only per allowed family and
 * the refused calls given one explicit EPERM rule. Anything unmatched falls
 * to the default action, whose errno is set to EPERM here.
 */
export function bottleSeccompProfile(base: SeccompProfile): SeccompProfile {
  const refused = REFUSED_CALLS.flatMap((group) => group.names);
  const managed = new Set([...refused, ...FAMILY_CHECKED_CALLS]);
  const kept = base.syscalls
    .map((rule) => ({ ...rule, names: rule.names.filter((name) => !managed.has(name)) }))
    .filter((rule) => rule.names.length > 0);
  const families: SeccompRule[] = ALLOWED_SOCKET_FAMILIES.map((family) => ({
    names: FAMILY_CHECKED_CALLS,
    action: "SCMP_ACT_ALLOW",
    args: [{ index: 0, value: family.value, valueTwo: 0, op: "SCMP_CMP_EQ" }],
    comment:
      `bottle: ${family.name} sockets; every other family (AF_VSOCK, AF_PACKET, …) is refused`,
  }));
  const netlinkRoute: SeccompRule = {
    names: ["socket"],
    action: "SCMP_ACT_ALLOW",
    args: [
      { index: 0, value: NETLINK_ROUTE.family, valueTwo: 0, op: "SCMP_CMP_EQ" },
      { index: 2, value: NETLINK_ROUTE.protocol, valueTwo: 0, op: "SCMP_CMP_EQ" },
    ],
    comment: "bottle: AF_NETLINK with NETLINK_ROUTE only (interface listing)",
  };
  const refusal: SeccompRule = {
    names: refused,
    action: "SCMP_ACT_ERRNO",
    errnoRet: EPERM,
    comment: "bottle: refused in every bottle (see REFUSED_CALLS in cli/bottle/seccomp_profile.ts)",
  };
  return {
    ...base,
    defaultAction: base.defaultAction,
    defaultErrnoRet: EPERM,
    syscalls: [...kept, ...families, netlinkRoute, refusal],
  };
}

/**
 * Whether a bottle on `runtime` gets the profile: every runtime but gVisor's
 * `runsc`, which answers the bottle's system calls with its own kernel (no
 * vsock, no io_uring) and does not apply an OCI seccomp profile by default.
 */
export function seccompApplies(runtime: string): boolean {
  return runtime !== "runsc";
}

/** The profile file's text, written to the bottle's state folder at start. */
export function bottleSeccompJson(): string {
  return JSON.stringify(bottleSeccompProfile(engineDefaultProfile()), null, 2) + "\n";
}
