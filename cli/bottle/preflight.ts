/**
 * The preflight: exactly what a bottle is about to be granted, shown before
 * it starts. Literal env values are shown; values from the host never are —
 * only whether the host variable is set. Credentials show where their real
 * value comes from and where it may go, never the value or its phantom. The
 * egress section says which HTTPS the supervisor decrypts and checks per
 * request (inspected) and which stays an opaque tunnel, and what the bottle's
 * CA may sign for.
 */
import { parseEgressRule } from "../../proxy/egress_rule.ts";
import { egressGrants } from "./egress_grants.ts";
import { type EntryInspection, type Interception, interceptionOf } from "./interception.ts";
import type { BottlePlan } from "./plan.ts";
import { seccompApplies } from "./seccomp_profile.ts";

/** One line of the preflight's egress section. */
export function describeEgressEntry(entry: string): string {
  const parsed = parseEgressRule(entry);
  if (parsed.kind === "error") return `${entry} (invalid: ${parsed.reason})`;
  const rule = parsed.rule;
  switch (rule.kind) {
    case "address":
      return `${entry}  (exactly this address and port)`;
    case "suffix":
      return rule.port === undefined
        ? `${entry}  (subdomains only; 443 tunnels, 80 plain HTTP)`
        : `${entry}  (subdomains only)`;
    default:
      return rule.port === undefined ? `${entry}  (443 tunnels, 80 plain HTTP)` : entry;
  }
}

/** The preflight as text lines. `hasHostEnv` says whether a host variable is set. */
export function preflightLines(
  plan: BottlePlan,
  hasHostEnv: (name: string) => boolean,
): string[] {
  const set = (name: string) => hasHostEnv(name) ? "set" : "NOT SET";
  const lines = [
    `bottle ${plan.name} (agent "${plan.agent}" from ${plan.manifest ?? "the built-in default"})`,
    `  image       ${plan.image}`,
    `  workspace   ${plan.workspace} → /workspace (${
      plan.workspaceReadOnly ? "read-only" : "read-write"
    })`,
    ...sealLines(plan),
    `  runtime     ${plan.runtime}`,
    seccompLine(plan.runtime),
    `  resources   memory ${plan.resources.memory}, ${plan.resources.cpus} CPUs, ${plan.resources.pids} processes`,
    `  mode        ${plan.mode === "print" ? "print (claude -p, then exit)" : "interactive"}`,
    `  prompt      ${
      plan.prompt === undefined ? "(none)" : JSON.stringify(abbreviate(plan.prompt, 60))
    }`,
    `  credential  ${
      plan.auth.type === "oauth" ? "OAuth token" : "API key"
    } from host variable ${plan.auth.fromHost} (${
      set(plan.auth.fromHost)
    }); the bottle gets a phantom, the real one goes only to ${plan.auth.upstream}`,
  ];
  lines.push(plan.env.length === 0 ? "  env         (none)" : "  env");
  for (const entry of plan.env) {
    lines.push(
      entry.kind === "literal"
        ? `    ${entry.name}=${JSON.stringify(entry.value)}`
        : `    ${entry.name} ← host ${entry.hostVariable} (${set(entry.hostVariable)}; ${
          entry.secret === true ? "secret: blocked on the egress path; " : ""
        }value not shown)`,
    );
  }
  lines.push(...credentialLines(plan, set));
  lines.push(plan.skills.length === 0 ? "  skills      (none)" : "  skills (read-only)");
  for (const skill of plan.skills) lines.push(`    ${skill.name}  ${skill.path}`);
  lines.push(
    plan.mcpServers.length === 0
      ? "  mcp         no MCP server starts (a project .mcp.json is ignored)"
      : `  mcp         only these MCP servers may start, running the command their configuration gives: ${
        plan.mcpServers.join(", ")
      }`,
  );
  const grants = egressGrants(plan);
  lines.push(
    grants.length === 0
      ? "  egress      none: the bottle reaches only the model, through the API proxy"
      : "  egress allowlist (everything else is refused)",
  );
  for (const { entry, credentials } of grants) {
    const line = `    ${describeEgressEntry(entry)}`;
    lines.push(credentials.length === 0 ? line : `${line}  (credential ${credentials.join(", ")})`);
  }
  for (const [name, address] of Object.entries(plan.egressHosts)) {
    lines.push(
      `    pinned: ${name} → ${address} (dialled without DNS; this address for this name only)`,
    );
  }
  if (plan.egressTunnel.length > 0) {
    lines.push(
      `  not inspected  kept as opaque TLS tunnels (no DLP inside, no credential swap): ${
        plan.egressTunnel.join(", ")
      }`,
    );
  }
  if (grants.length > 0) lines.push(...interceptionLines(interceptionOf(plan)));
  lines.push(...guardLines(plan));
  return lines;
}

/** Why an entry is not inspected, in the preflight's words. */
const OPAQUE_WHY = {
  tunnel: "egress.tunnel",
  address: "an IP address",
  port: "not a TLS port",
} as const;

/** Which HTTPS is decrypted and checked, which is opaque, and what the CA may sign for. */
function interceptionLines(interception: Interception): string[] {
  const lines: string[] = [];
  const inspected = interception.entries.filter((e) => e.inspected).map((e) => e.entry);
  const opaque = interception.entries.filter((e) => !e.inspected && e.why !== "tunnel");
  lines.push(
    inspected.length === 0
      ? "  inspected   none: every CONNECT is an opaque tunnel"
      : `  inspected   HTTPS decrypted by the supervisor, each request checked (allowlist, DLP on head and body, credential swap): ${
        inspected.join(", ")
      }`,
  );
  if (opaque.length > 0) {
    lines.push(
      `  not inspected  opaque tunnels, never decrypted: ${
        opaque.map((e) => `${e.entry} (${OPAQUE_WHY[e.why ?? "port"]})`).join(", ")
      }`,
    );
  }
  lines.push(
    interception.caSubtrees.length === 0
      ? "  CA          none (nothing is intercepted)"
      : `  CA          a per-bottle CA, key in memory only, may sign for: ${
        interception.caSubtrees.join(", ")
      } (and names under them); the bottle trusts it through /etc/bottle/ca-bundle.pem`,
  );
  return lines;
}

/** The interception as data for `--json`. */
function interceptionJson(interception: Interception): Record<string, unknown> {
  const entry = (e: EntryInspection) => ({
    entry: e.entry,
    inspected: e.inspected,
    ...(e.why === undefined ? {} : { why: e.why }),
  });
  return {
    tlsPorts: interception.tlsPorts,
    egress: interception.entries.map(entry),
    ca: interception.caSubtrees.length === 0
      ? null
      : { keyInMemoryOnly: true, maySignFor: interception.caSubtrees },
  };
}

/** The credentials section: where each real value comes from and may go; nothing when none. */
function credentialLines(plan: BottlePlan, set: (name: string) => string): string[] {
  if (plan.credentials.length === 0) return [];
  return [
    "  credentials the bottle holds phantoms; the supervisor swaps in each real value only toward its hosts",
    ...plan.credentials.map((c) =>
      `    ${c.name} ← host ${c.fromHost} (${set(c.fromHost)}; value not shown) → ${
        c.hosts.join(", ")
      }${c.paths.length === 0 ? "" : `, paths ${c.paths.join(", ")}`}`
    ),
  ];
}

/** The one preflight line about the bottle's seccomp profile. */
export function seccompLine(runtime: string): string {
  return seccompApplies(runtime)
    ? "  syscalls    the engine's default filter, and refused: sockets other than unix/IPv4/IPv6 " +
      "(vsock), io_uring, userfaultfd, bpf, perf events, keyrings, kexec, open_by_handle_at"
    : "  syscalls    gVisor answers the bottle's system calls itself (no vsock, no io_uring); " +
      "bottle's seccomp profile is not applied";
}

/** How many paths of a list the text preflight names before "and N more". */
const SHOWN_PATHS = 6;

/** The workspace seal: what is masked, what is read-only, what the walk covered. */
export function sealLines(plan: BottlePlan): string[] {
  const { seal } = plan;
  const lines: string[] = [];
  if (plan.broadWorkspace !== undefined) {
    lines.push(
      `  WARNING     broad workspace allowed by --allow-broad-workspace: ${plan.broadWorkspace}`,
    );
  }
  const names = (paths: readonly string[]) =>
    paths.length <= SHOWN_PATHS
      ? paths.join(", ")
      : `${paths.slice(0, SHOWN_PATHS).join(", ")} and ${paths.length - SHOWN_PATHS} more`;
  const { walk } = seal;
  lines.push(
    `  seal        walked ${walk.entries} entries in ${walk.ms} ms${
      walk.skipped.length === 0 ? "" : `, not walked: ${names(walk.skipped)}`
    }`,
  );
  lines.push(
    seal.masked.length === 0
      ? "    masked (read as empty): none found"
      : `    masked (read as empty): ${seal.masked.length} — ${
        names(seal.masked.map((e) => e.path))
      }`,
  );
  if (!plan.workspaceReadOnly) {
    const readOnly = seal.readOnly.map((e) => e.path);
    lines.push(
      readOnly.length === 0
        ? "    read-only (run by the host's tools): none found"
        : `    read-only (run by the host's tools): ${readOnly.length} — ${names(readOnly)}`,
    );
  }
  if (plan.gitIdentity?.name !== undefined || plan.gitIdentity?.email !== undefined) {
    lines.push(
      `    git commits as ${plan.gitIdentity.name ?? "(no name)"} <${
        plan.gitIdentity.email ?? "no email"
      }> (from the host's git config)`,
    );
  }
  return lines;
}

/** The policy hook, DLP and Unicode lines: the defaults in one line each, every change spelled out. */
function guardLines(plan: BottlePlan): string[] {
  const { policy, dlp } = plan;
  const lines = [
    `  tool calls  checked by the policy hook: sensitive paths, shell tricks, binary identity; inline code ${
      policy.inlineCode === "ask" ? "ASKS" : "denied"
    }, changed binaries ${policy.changedBinary === "ask" ? "ASK" : "denied"}, new binaries ${
      policy.unknownBinary === "trust"
        ? "trusted on first use"
        : policy.unknownBinary === "ask"
        ? "ASK"
        : "denied"
    }`,
  ];
  const list = (label: string, entries: readonly string[]) => {
    if (entries.length > 0) lines.push(`    ${label}: ${entries.join(", ")}`);
  };
  list("also denied", policy.denyPaths);
  list("also read-only", policy.denyWritePaths);
  list("allowed exceptions", policy.allowPaths);
  list("DEFAULT PROTECTIONS REMOVED", policy.removeDefaults);
  lines.push(
    dlp.mode === "block"
      ? "  dlp         credentials leaving through the egress proxy are blocked"
      : "  dlp         LOG ONLY: credentials leaving through the egress proxy are audited, not blocked",
  );
  if (dlp.redactModelInput) lines.push("    credentials in requests to the model are redacted");
  lines.push(
    plan.sanitizeUnicode
      ? "  unicode     invisible characters are stripped from requests to the model"
      : "  unicode     OFF: invisible characters reach the model unchanged",
  );
  lines.push(
    plan.serverTools.length === 0
      ? "  server tools none: web_fetch, web_search and code_execution are removed from model requests"
      : `  server tools GRANTED, run by the API outside the egress allowlist: ${
        plan.serverTools.join(", ")
      }`,
  );
  return lines;
}

/** The preflight as data for `--json`. */
export function preflightJson(
  plan: BottlePlan,
  hasHostEnv: (name: string) => boolean,
): Record<string, unknown> {
  return {
    name: plan.name,
    agent: plan.agent,
    manifest: plan.manifest,
    image: plan.image,
    workspace: plan.workspace,
    workspaceReadOnly: plan.workspaceReadOnly,
    runtime: plan.runtime,
    seccompProfile: seccompApplies(plan.runtime),
    resources: plan.resources,
    mode: plan.mode,
    credential: {
      type: plan.auth.type,
      fromHost: plan.auth.fromHost,
      set: hasHostEnv(plan.auth.fromHost),
      upstream: plan.auth.upstream,
    },
    env: plan.env.map((e) =>
      e.kind === "literal" ? { name: e.name, value: e.value } : {
        name: e.name,
        fromHost: e.hostVariable,
        set: hasHostEnv(e.hostVariable),
        secret: e.secret === true,
      }
    ),
    credentials: plan.credentials.map((c) => ({
      name: c.name,
      fromHost: c.fromHost,
      set: hasHostEnv(c.fromHost),
      hosts: c.hosts,
      paths: c.paths,
    })),
    skills: plan.skills,
    mcpServers: plan.mcpServers,
    egressAllow: plan.egressAllow,
    egressTunnel: plan.egressTunnel.map((host) => ({ host, inspected: false })),
    egressHosts: plan.egressHosts,
    interception: interceptionJson(interceptionOf(plan)),
    policy: plan.policy,
    dlp: plan.dlp,
    sanitizeUnicode: plan.sanitizeUnicode,
    serverTools: plan.serverTools,
    seal: plan.seal,
    broadWorkspace: plan.broadWorkspace ?? null,
    gitIdentity: plan.gitIdentity ?? null,
  };
}

function abbreviate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
