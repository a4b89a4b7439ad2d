import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import { RESERVED_ENV } from "../manifest/reserved_env.ts";
import { CA_TRUST_ENV } from "./ca_trust_env.ts";
import { PINNED_ENV } from "../manifest/pinned_env.ts";
import {
  AGENT_HOME,
  agentEnv,
  API_RELAY_PORT,
  EGRESS_RELAY_PORT,
  envFileProblem,
  HOST_PASSTHROUGH,
  renderEnvFile,
  sealedEnv,
} from "./agent_env.ts";
import type { BottlePlan, PlannedEnv } from "./plan.ts";
import { GUARDS } from "./testdata/test_plan.ts";

const PHANTOM = "sk-ant-oat01-phantomPHANTOMphantomAA";

function plan(env: readonly PlannedEnv[], type: "oauth" | "apiKey" = "oauth"): BottlePlan {
  return {
    name: "dev-1",
    agent: "dev",
    manifest: null,
    image: "bottle-agent:latest",
    workspace: "/w",
    workspaceReadOnly: false,
    prompt: undefined,
    mode: "interactive",
    env,
    skills: [],
    egressAllow: [],
    resources: { memory: "4g", cpus: 2, pids: 1024 },
    runtime: "runc",
    auth: {
      type,
      fromHost: type === "oauth" ? "CLAUDE_BOTTLE_OAUTH_TOKEN" : "ANTHROPIC_API_KEY",
      upstream: "https://api.anthropic.com",
    },
    ...GUARDS,
  };
}

/** A host where every variable is set (to `host:NAME`), recording which were read. */
function everythingSetHost(): { read: Set<string>; env: (name: string) => string } {
  const read = new Set<string>();
  return {
    read,
    env: (name) => {
      read.add(name);
      return `host:${name}`;
    },
  };
}

Deno.test("sealedEnv() points the API and every proxy variable at the in-bottle relays", () => {
  const proxy = `http://127.0.0.1:${EGRESS_RELAY_PORT}`;
  deepStrictEqual(sealedEnv(), {
    ANTHROPIC_BASE_URL: `http://127.0.0.1:${API_RELAY_PORT}`,
    HTTPS_PROXY: proxy,
    https_proxy: proxy,
    HTTP_PROXY: proxy,
    http_proxy: proxy,
    NO_PROXY: "127.0.0.1,localhost",
    no_proxy: "127.0.0.1,localhost",
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
    DISABLE_TELEMETRY: "1",
    DISABLE_ERROR_REPORTING: "1",
    DISABLE_AUTOUPDATER: "1",
  });
});

Deno.test("every sealing variable is one a manifest may not set", () => {
  for (const name of Object.keys(sealedEnv())) ok(RESERVED_ENV.has(name), name);
});

Deno.test("the host passthrough list holds no reserved variable (no credential, proxy or path)", () => {
  deepStrictEqual(HOST_PASSTHROUGH.filter((name) => RESERVED_ENV.has(name)), []);
  for (const name of HOST_PASSTHROUGH) {
    ok(/^(TERM|COLORTERM|TZ|LANG|LANGUAGE|LC_[A-Z]+)$/.test(name));
  }
});

Deno.test("agentEnv() lets sealing variables win over manifest and host values", () => {
  const hostile: PlannedEnv[] = Object.keys(sealedEnv()).map((name) => ({
    name,
    kind: "literal",
    value: "http://evil.example:1",
  }));
  hostile.push({ name: "https_proxy", kind: "fromHost", hostVariable: "EVIL" });
  // The host sets every sealing variable too (the terminal ones aside, which it may pass).
  const env = agentEnv(
    plan(hostile),
    PHANTOM,
    (name) => HOST_PASSTHROUGH.includes(name) ? undefined : "http://evil.example:2",
  );
  for (const [name, value] of Object.entries(sealedEnv())) strictEqual(env[name], value, name);
  ok(!Object.values(env).some((v) => v.includes("evil")));
});

Deno.test("agentEnv() puts an oauth phantom under CLAUDE_CODE_OAUTH_TOKEN only", () => {
  const env = agentEnv(plan([], "oauth"), PHANTOM, () => undefined);
  strictEqual(env["CLAUDE_CODE_OAUTH_TOKEN"], PHANTOM);
  ok(!("ANTHROPIC_API_KEY" in env));
  ok(!("ANTHROPIC_AUTH_TOKEN" in env));
  deepStrictEqual(Object.keys(env).filter((k) => env[k] === PHANTOM), ["CLAUDE_CODE_OAUTH_TOKEN"]);
});

Deno.test("agentEnv() puts an apiKey phantom under ANTHROPIC_API_KEY only", () => {
  const env = agentEnv(plan([], "apiKey"), PHANTOM, () => undefined);
  strictEqual(env["ANTHROPIC_API_KEY"], PHANTOM);
  ok(!("CLAUDE_CODE_OAUTH_TOKEN" in env));
  deepStrictEqual(Object.keys(env).filter((k) => env[k] === PHANTOM), ["ANTHROPIC_API_KEY"]);
});

Deno.test("agentEnv() lets the phantom win over a manifest value for the credential variable", () => {
  for (const type of ["oauth", "apiKey"] as const) {
    const variable = type === "oauth" ? "CLAUDE_CODE_OAUTH_TOKEN" : "ANTHROPIC_API_KEY";
    const env = agentEnv(
      plan([{ name: variable, kind: "literal", value: "sk-ant-real" }], type),
      PHANTOM,
      () => "sk-ant-real-from-host",
    );
    strictEqual(env[variable], PHANTOM);
  }
});

Deno.test("agentEnv() reads from the host only the passthrough list and the fromHost grants", () => {
  const host = everythingSetHost();
  const env = agentEnv(
    plan([
      { name: "GH_TOKEN", kind: "fromHost", hostVariable: "GITHUB_TOKEN" },
      { name: "MODE", kind: "literal", value: "ci" },
    ]),
    PHANTOM,
    host.env,
  );
  deepStrictEqual([...host.read].sort(), [...HOST_PASSTHROUGH, "GITHUB_TOKEN"].sort());
  const fromHost = Object.entries(env).filter(([, v]) => v.startsWith("host:")).map(([k]) => k);
  deepStrictEqual(fromHost.sort(), [...HOST_PASSTHROUGH, "GH_TOKEN"].sort());
  strictEqual(env["GH_TOKEN"], "host:GITHUB_TOKEN");
  strictEqual(env["MODE"], "ci");
  ok(!Object.values(env).includes("host:CLAUDE_BOTTLE_OAUTH_TOKEN"), "the real credential");
});

Deno.test("agentEnv() gives a fixed base (HOME, PATH, USER, SHELL, TERM) when the host sets nothing", () => {
  const env = agentEnv(plan([]), PHANTOM, () => undefined);
  deepStrictEqual(env, {
    PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    HOME: AGENT_HOME,
    USER: "agent",
    SHELL: "/bin/bash",
    TERM: "xterm-256color",
    ...PINNED_ENV,
    ...sealedEnv(),
    CLAUDE_CODE_OAUTH_TOKEN: PHANTOM,
  });
});

Deno.test("agentEnv() takes the host's TERM and leaves out unset fromHost grants", () => {
  const host: Record<string, string> = { TERM: "screen-256color", LANG: "fr_FR.UTF-8" };
  const env = agentEnv(
    plan([{ name: "GH_TOKEN", kind: "fromHost", hostVariable: "GITHUB_TOKEN" }]),
    PHANTOM,
    (name) => host[name],
  );
  strictEqual(env["TERM"], "screen-256color");
  strictEqual(env["LANG"], "fr_FR.UTF-8");
  ok(!("GH_TOKEN" in env));
  ok(!("LC_ALL" in env));
});

Deno.test("agentEnv() lets a manifest literal override a passthrough variable", () => {
  const env = agentEnv(
    plan([{ name: "TZ", kind: "literal", value: "UTC" }]),
    PHANTOM,
    (name) => name === "TZ" ? "Europe/Paris" : undefined,
  );
  strictEqual(env["TZ"], "UTC");
});

Deno.test("renderEnvFile() writes one NAME=value line per variable, values verbatim", () => {
  strictEqual(
    renderEnvFile({ A: "1", B: 'with spaces = and "quotes" #not-a-comment', C: "" }),
    'A=1\nB=with spaces = and "quotes" #not-a-comment\nC=\n',
  );
  strictEqual(renderEnvFile({}), "");
});

Deno.test("renderEnvFile() and envFileProblem() refuse a value with LF, CR or NUL", () => {
  for (const bad of ["a\nINJECTED=1", "a\rb", "a\0b", "\n"]) {
    const env = { OK: "fine", BAD: bad };
    const problem = envFileProblem(env);
    ok(problem !== undefined, JSON.stringify(bad));
    ok(problem.includes("BAD"), problem);
    throws(() => renderEnvFile(env), { message: problem });
  }
  strictEqual(envFileProblem({ OK: "tabs\tand unicode é are fine" }), undefined);
});

Deno.test("envFileProblem() names the variable but never echoes its value", () => {
  const secret = "sk-ant-oat01-SECRET\nvalue";
  const problem = envFileProblem({ TOKEN: secret });
  ok(problem !== undefined);
  ok(!problem.includes("SECRET"), problem);
});

Deno.test("renderEnvFile() of a whole agent env round-trips line by line", () => {
  const env = agentEnv(
    plan([{ name: "X", kind: "literal", value: "a=b=c" }]),
    PHANTOM,
    () => undefined,
  );
  const lines = renderEnvFile(env).split("\n");
  strictEqual(lines.pop(), "");
  const back = Object.fromEntries(
    lines.map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]),
  );
  deepStrictEqual(back, env);
});

Deno.test("agentEnv() keeps the pinned values even when a plan names them", () => {
  const env = agentEnv(
    plan([
      { name: "BASH_ENV", kind: "literal", value: "/workspace/plant.sh" },
      { name: "GIT_CONFIG_GLOBAL", kind: "literal", value: "/workspace/gitconfig" },
    ]),
    PHANTOM,
    () => undefined,
  );
  strictEqual(env["BASH_ENV"], "");
  strictEqual(env["GIT_CONFIG_GLOBAL"], "/dev/null");
  for (const [name, value] of Object.entries(PINNED_ENV)) strictEqual(env[name], value, name);
});

Deno.test("agent_env_holds_each_credential_phantom_under_its_name_and_never_reads_its_real_value", () => {
  const withCredential: BottlePlan = {
    ...plan([]),
    credentials: [{
      name: "GH_TOKEN",
      fromHost: "HOST_GH_TOKEN",
      hosts: ["github.com"],
      paths: [],
    }],
  };
  const host = everythingSetHost();
  const env = agentEnv(withCredential, PHANTOM, host.env, [
    { name: "GH_TOKEN", phantom: "ghp_phantomPHANTOMphantomPHANTOM123456" },
  ]);
  strictEqual(env.GH_TOKEN, "ghp_phantomPHANTOMphantomPHANTOM123456");
  // The credential's host variable is read by the start (into the supervisor's input), never here.
  ok(!host.read.has("HOST_GH_TOKEN"));
  ok(!Object.values(env).includes("host:HOST_GH_TOKEN"));
  ok(!("HOST_GH_TOKEN" in env));
});

Deno.test("agent_env_keeps_sealing_variables_over_a_credential_phantom_of_the_same_name", () => {
  const env = agentEnv(plan([]), PHANTOM, () => undefined, [
    { name: "HTTPS_PROXY", phantom: "x_phantom" },
  ]);
  strictEqual(env.HTTPS_PROXY, sealedEnv().HTTPS_PROXY);
});

Deno.test("agent_env_points_every_trust_variable_at_the_bottle_ca_only_when_it_has_one", () => {
  const host = everythingSetHost();
  const none = agentEnv(plan([]), PHANTOM, host.env);
  for (const name of Object.keys(CA_TRUST_ENV)) strictEqual(none[name], undefined, name);
  const intercepting = agentEnv(
    { ...plan([]), egressAllow: ["api.github.com"] },
    PHANTOM,
    host.env,
  );
  deepStrictEqual(
    Object.fromEntries(Object.keys(CA_TRUST_ENV).map((name) => [name, intercepting[name]])),
    {
      SSL_CERT_FILE: "/etc/bottle/ca-bundle.pem",
      CURL_CA_BUNDLE: "/etc/bottle/ca-bundle.pem",
      REQUESTS_CA_BUNDLE: "/etc/bottle/ca-bundle.pem",
      PIP_CERT: "/etc/bottle/ca-bundle.pem",
      GIT_SSL_CAINFO: "/etc/bottle/ca-bundle.pem",
      NODE_EXTRA_CA_CERTS: "/etc/bottle/bottle-ca.pem",
      DENO_CERT: "/etc/bottle/bottle-ca.pem",
    },
  );
  // Every host a tunnel: nothing intercepted, no CA, the image's trust store stands.
  const tunnelled = agentEnv(
    { ...plan([]), egressAllow: ["api.github.com"], egressTunnel: ["api.github.com"] },
    PHANTOM,
    host.env,
  );
  strictEqual(tunnelled.SSL_CERT_FILE, undefined);
});

Deno.test("agent_env_trust_variables_are_reserved_and_win_over_a_manifest_value", () => {
  for (const name of Object.keys(CA_TRUST_ENV)) ok(RESERVED_ENV.has(name), name);
  const env = agentEnv(
    {
      ...plan([{ name: "CURL_CA_BUNDLE", kind: "literal", value: "/workspace/mine.pem" }]),
      egressAllow: ["api.github.com"],
    },
    PHANTOM,
    () => undefined,
  );
  strictEqual(env.CURL_CA_BUNDLE, "/etc/bottle/ca-bundle.pem");
});
