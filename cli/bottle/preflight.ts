/**
 * The preflight: exactly what a bottle is about to be granted, shown before
 * it starts. Literal env values are shown; values from the host never are —
 * only whether the host variable is set.
 */
import { parseEgressRule } from "../../proxy/egress_rule.ts";
import type { BottlePlan } from "./plan.ts";

/** One line of the preflight's egress section. */
export function describeEgressEntry(entry: string): string {
  const parsed = parseEgressRule(entry);
  if (!parsed.ok) return `${entry} (invalid: ${parsed.reason})`;
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
    `  runtime     ${plan.runtime}`,
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
        : `    ${entry.name} ← host ${entry.hostVariable} (${
          set(entry.hostVariable)
        }; value not shown)`,
    );
  }
  lines.push(plan.skills.length === 0 ? "  skills      (none)" : "  skills (read-only)");
  for (const skill of plan.skills) lines.push(`    ${skill.name}  ${skill.path}`);
  lines.push(
    plan.egressAllow.length === 0
      ? "  egress      none: the bottle reaches only the model, through the API proxy"
      : "  egress allowlist (everything else is refused)",
  );
  for (const entry of plan.egressAllow) lines.push(`    ${describeEgressEntry(entry)}`);
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
    resources: plan.resources,
    mode: plan.mode,
    credential: {
      type: plan.auth.type,
      fromHost: plan.auth.fromHost,
      set: hasHostEnv(plan.auth.fromHost),
      upstream: plan.auth.upstream,
    },
    env: plan.env.map((e) =>
      e.kind === "literal"
        ? { name: e.name, value: e.value }
        : { name: e.name, fromHost: e.hostVariable, set: hasHostEnv(e.hostVariable) }
    ),
    skills: plan.skills,
    egressAllow: plan.egressAllow,
  };
}

function abbreviate(text: string, max: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}
