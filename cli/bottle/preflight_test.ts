import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import type { BottlePlan } from "./plan.ts";
import { describeEgressEntry, preflightJson, preflightLines, sealLines } from "./preflight.ts";
import { GUARDS } from "./testdata/test_plan.ts";

/** Values the host holds; none may ever appear in a preflight. */
const HOST: Readonly<Record<string, string>> = {
  CLAUDE_BOTTLE_OAUTH_TOKEN: "sk-ant-oat01-HOST-SENTINEL-credential-1b2c",
  GITHUB_TOKEN: "ghp_HOST-SENTINEL-grant-9d8e",
};
const hasEnv = (name: string) => name in HOST;

const LITERAL_SENTINEL = "LITERAL-SENTINEL-shown-4f5a";

const PLAN: BottlePlan = {
  name: "review-1",
  agent: "review",
  manifest: "/p/claude-bottle.json",
  image: "bottle-agent:latest",
  workspace: "/p",
  workspaceReadOnly: false,
  prompt: undefined,
  mode: "interactive",
  env: [
    { name: "GIT_AUTHOR_NAME", kind: "literal", value: LITERAL_SENTINEL },
    { name: "GH_TOKEN", kind: "fromHost", hostVariable: "GITHUB_TOKEN" },
    { name: "NPM_TOKEN", kind: "fromHost", hostVariable: "NPM_TOKEN" },
  ],
  skills: [{ name: "review", path: "/p/skills/review" }],
  egressAllow: ["api.github.com", "*.npmjs.org", "127.0.0.1:8080"],
  resources: { memory: "4g", cpus: 2, pids: 1024 },
  runtime: "runsc",
  auth: {
    type: "oauth",
    fromHost: "CLAUDE_BOTTLE_OAUTH_TOKEN",
    upstream: "https://api.anthropic.com",
  },
  ...GUARDS,
  mcpServers: ["github", "linear"],
};

Deno.test("preflightLines() shows the whole grant of a representative plan", () => {
  deepStrictEqual(preflightLines(PLAN, hasEnv), [
    'bottle review-1 (agent "review" from /p/claude-bottle.json)',
    "  image       bottle-agent:latest",
    "  workspace   /p → /workspace (read-write)",
    "  seal        walked 0 entries in 0 ms",
    "    masked (read as empty): none found",
    "    read-only (run by the host's tools): none found",
    "  runtime     runsc",
    "  syscalls    gVisor answers the bottle's system calls itself (no vsock, no io_uring); " +
    "bottle's seccomp profile is not applied",
    "  resources   memory 4g, 2 CPUs, 1024 processes",
    "  mode        interactive",
    "  prompt      (none)",
    "  credential  OAuth token from host variable CLAUDE_BOTTLE_OAUTH_TOKEN (set); the bottle " +
    "gets a phantom, the real one goes only to https://api.anthropic.com",
    "  env",
    `    GIT_AUTHOR_NAME="${LITERAL_SENTINEL}"`,
    "    GH_TOKEN ← host GITHUB_TOKEN (set; value not shown)",
    "    NPM_TOKEN ← host NPM_TOKEN (NOT SET; value not shown)",
    "  skills (read-only)",
    "    review  /p/skills/review",
    "  mcp         only these MCP servers may start, running the command their configuration " +
    "gives: github, linear",
    "  egress allowlist (everything else is refused)",
    "    api.github.com  (443 tunnels, 80 plain HTTP)",
    "    *.npmjs.org  (subdomains only; 443 tunnels, 80 plain HTTP)",
    "    127.0.0.1:8080  (exactly this address and port)",
    "  inspected   HTTPS decrypted by the supervisor, each request checked (allowlist, DLP on " +
    "head and body, credential swap): api.github.com, *.npmjs.org",
    "  not inspected  opaque tunnels, never decrypted: 127.0.0.1:8080 (an IP address)",
    "  CA          a per-bottle CA, key in memory only, may sign for: api.github.com, npmjs.org " +
    "(and names under them); the bottle trusts it through /etc/bottle/ca-bundle.pem",
    "  tool calls  checked by the policy hook: sensitive paths, shell tricks, binary identity; " +
    "inline code denied, changed binaries denied, new binaries trusted on first use",
    "  dlp         credentials leaving through the egress proxy are blocked",
    "  unicode     invisible characters are stripped from requests to the model",
    "  server tools none: web_fetch, web_search and code_execution are removed from model requests",
  ]);
});

Deno.test("preflightLines() names the seccomp refusals on runc and crun", () => {
  for (const runtime of ["runc", "crun"]) {
    const line = preflightLines({ ...PLAN, runtime }, hasEnv).find((l) => l.includes("syscalls"));
    ok(line?.includes("(vsock), io_uring"), line);
  }
});

Deno.test("preflightLines() spells out every weakened guard", () => {
  const text = preflightLines({
    ...PLAN,
    policy: {
      ...PLAN.policy,
      removeDefaults: ["*.key"],
      denyPaths: ["secrets"],
      inlineCode: "ask",
      unknownBinary: "deny",
    },
    dlp: { mode: "log", redactModelInput: true },
    sanitizeUnicode: false,
    env: [{ name: "T", kind: "fromHost", hostVariable: "T", secret: true }],
  }, hasEnv).join("\n");
  ok(text.includes("DEFAULT PROTECTIONS REMOVED: *.key"));
  ok(text.includes("also denied: secrets"));
  ok(text.includes("inline code ASKS"));
  ok(text.includes("new binaries denied"));
  ok(text.includes("LOG ONLY"));
  ok(text.includes("redacted"));
  ok(text.includes("unicode     OFF"));
  ok(text.includes("secret: blocked on the egress path"));
});

Deno.test("preflight never shows a host value, though it shows literal values", () => {
  const text = preflightLines(PLAN, hasEnv).join("\n");
  const json = JSON.stringify(preflightJson(PLAN, hasEnv));
  for (const value of Object.values(HOST)) {
    ok(!text.includes(value), "text shows a host value");
    ok(!json.includes(value), "json shows a host value");
    ok(!text.includes("SENTINEL-grant") && !text.includes("SENTINEL-credential"));
  }
  // The same search finds a value that is rendered, so the check above can fail.
  ok(text.includes(LITERAL_SENTINEL));
  ok(json.includes(LITERAL_SENTINEL));
});

Deno.test("preflight of an apiKey bottle names the API key and NOT SET when it is missing", () => {
  const plan: BottlePlan = {
    ...PLAN,
    auth: { type: "apiKey", fromHost: "ANTHROPIC_API_KEY", upstream: "https://gw.example.com" },
    ...GUARDS,
  };
  const line = preflightLines(plan, hasEnv).find((l) => l.startsWith("  credential"));
  strictEqual(
    line,
    "  credential  API key from host variable ANTHROPIC_API_KEY (NOT SET); the bottle gets a " +
      "phantom, the real one goes only to https://gw.example.com",
  );
});

Deno.test("preflight marks a read-only workspace", () => {
  const lines = preflightLines({ ...PLAN, workspaceReadOnly: true }, hasEnv);
  ok(lines.includes("  workspace   /p → /workspace (read-only)"));
  strictEqual(
    preflightJson({ ...PLAN, workspaceReadOnly: true }, hasEnv)["workspaceReadOnly"],
    true,
  );
});

Deno.test("preflight of a bottle granting nothing says so for env, skills, MCP and egress", () => {
  const lines = preflightLines(
    { ...PLAN, manifest: null, env: [], skills: [], mcpServers: [], egressAllow: [] },
    hasEnv,
  );
  ok(lines.includes("  mcp         no MCP server starts (a project .mcp.json is ignored)"));
  strictEqual(lines[0], 'bottle review-1 (agent "review" from the built-in default)');
  ok(lines.includes("  env         (none)"));
  ok(lines.includes("  skills      (none)"));
  ok(
    lines.includes("  egress      none: the bottle reaches only the model, through the API proxy"),
  );
});

Deno.test("preflight shows print mode and a prompt flattened and cut to 60 characters", () => {
  const prompt = "review\n\nthe   diff " + "x".repeat(100);
  const lines = preflightLines({ ...PLAN, mode: "print", prompt }, hasEnv);
  ok(lines.includes("  mode        print (claude -p, then exit)"));
  const shown = lines.find((l) => l.startsWith("  prompt"))!;
  const quoted = JSON.parse(shown.slice("  prompt      ".length)) as string;
  strictEqual(quoted.length, 60);
  ok(quoted.startsWith("review the diff x"));
  ok(quoted.endsWith("…"));
  ok(
    preflightLines({ ...PLAN, prompt: "short one" }, hasEnv).includes('  prompt      "short one"'),
  );
});

Deno.test("preflight quotes literal values, so a line break cannot forge a preflight line", () => {
  const plan: BottlePlan = {
    ...PLAN,
    env: [{ name: "X", kind: "literal", value: "a\n  egress      none" }],
  };
  const lines = preflightLines(plan, hasEnv);
  ok(lines.includes('    X="a\\n  egress      none"'));
  ok(lines.every((l) => !l.includes("\n")));
});

Deno.test("describeEgressEntry() states the port semantics of each kind of entry", () => {
  strictEqual(
    describeEgressEntry("api.github.com"),
    "api.github.com  (443 tunnels, 80 plain HTTP)",
  );
  strictEqual(describeEgressEntry("example.com:8443"), "example.com:8443");
  strictEqual(
    describeEgressEntry("*.example.com"),
    "*.example.com  (subdomains only; 443 tunnels, 80 plain HTTP)",
  );
  strictEqual(describeEgressEntry("*.example.com:8443"), "*.example.com:8443  (subdomains only)");
  strictEqual(
    describeEgressEntry("10.0.0.5:5432"),
    "10.0.0.5:5432  (exactly this address and port)",
  );
  strictEqual(describeEgressEntry("[::1]:8080"), "[::1]:8080  (exactly this address and port)");
  ok(/^http:\/\/x\.com \(invalid: .+\)$/.test(describeEgressEntry("http://x.com")));
  ok(describeEgressEntry("*").startsWith("* (invalid: "));
});

Deno.test("preflightJson() gives names and set-ness for host grants, values for literals", () => {
  deepStrictEqual(preflightJson(PLAN, hasEnv), {
    name: "review-1",
    agent: "review",
    manifest: "/p/claude-bottle.json",
    image: "bottle-agent:latest",
    workspace: "/p",
    workspaceReadOnly: false,
    runtime: "runsc",
    seccompProfile: false,
    resources: { memory: "4g", cpus: 2, pids: 1024 },
    mode: "interactive",
    credential: {
      type: "oauth",
      fromHost: "CLAUDE_BOTTLE_OAUTH_TOKEN",
      set: true,
      upstream: "https://api.anthropic.com",
    },
    env: [
      { name: "GIT_AUTHOR_NAME", value: LITERAL_SENTINEL },
      { name: "GH_TOKEN", fromHost: "GITHUB_TOKEN", set: true, secret: false },
      { name: "NPM_TOKEN", fromHost: "NPM_TOKEN", set: false, secret: false },
    ],
    credentials: [],
    skills: [{ name: "review", path: "/p/skills/review" }],
    mcpServers: ["github", "linear"],
    egressAllow: ["api.github.com", "*.npmjs.org", "127.0.0.1:8080"],
    egressTunnel: [],
    egressHosts: {},
    interception: {
      tlsPorts: [443],
      egress: [
        { entry: "api.github.com", inspected: true },
        { entry: "*.npmjs.org", inspected: true },
        { entry: "127.0.0.1:8080", inspected: false, why: "address" },
      ],
      ca: { keyInMemoryOnly: true, maySignFor: ["api.github.com", "npmjs.org"] },
    },
    policy: GUARDS.policy,
    dlp: GUARDS.dlp,
    sanitizeUnicode: true,
    serverTools: [],
    seal: GUARDS.seal,
    broadWorkspace: null,
    gitIdentity: null,
  });
});

Deno.test("preflight_lists_masked_and_read_only_paths_with_counts", () => {
  const masked = Array.from({ length: 8 }, (_, i) => ({
    path: `s${i}/.env`,
    kind: "file" as const,
    pattern: ".env",
  }));
  const lines = sealLines({
    ...PLAN,
    seal: {
      masked,
      readOnly: [{ path: ".git/config", kind: "file", pattern: ".git/config" }],
      gitFolders: [".git"],
      created: [],
      walk: { entries: 523, ms: 4, skipped: ["node_modules"] },
    },
    gitIdentity: { name: "Ada", email: "ada@example.com" },
  });
  deepStrictEqual(lines, [
    "  seal        walked 523 entries in 4 ms, not walked: node_modules",
    "    masked (read as empty): 8 — s0/.env, s1/.env, s2/.env, s3/.env, s4/.env, s5/.env and 2 more",
    "    read-only (run by the host's tools): 1 — .git/config",
    "    git commits as Ada <ada@example.com> (from the host's git config)",
  ]);
});

Deno.test("preflight_warns_about_an_allowed_broad_workspace", () => {
  const lines = sealLines({ ...PLAN, broadWorkspace: "it is your home folder" });
  ok(lines[0]!.includes("WARNING") && lines[0]!.includes("it is your home folder"));
});

/** A plan granting two credentials, a tunnel and a pin; the host holds GH_REAL only. */
const CREDENTIALS_PLAN: BottlePlan = {
  ...PLAN,
  env: [],
  egressAllow: ["registry.npmjs.org"],
  credentials: [
    {
      name: "GH_TOKEN",
      fromHost: "GITHUB_TOKEN",
      hosts: ["github.com", "*.github.com"],
      paths: [],
    },
    {
      name: "NPM_TOKEN",
      fromHost: "NPM_TOKEN",
      hosts: ["registry.npmjs.org"],
      paths: ["/-/", "/@myorg/"],
    },
  ],
  egressTunnel: ["pinned.example.org"],
  egressHosts: { "git.example.test": "127.0.0.1" },
};

Deno.test("preflight_lists_each_credential_its_source_hosts_and_paths_never_its_value", () => {
  const lines = preflightLines(CREDENTIALS_PLAN, hasEnv);
  const from = lines.indexOf(
    "  credentials the bottle holds phantoms; the supervisor swaps in each real value only toward its hosts",
  );
  ok(from !== -1, lines.join("\n"));
  deepStrictEqual(lines.slice(from + 1, from + 3), [
    "    GH_TOKEN ← host GITHUB_TOKEN (set; value not shown) → github.com, *.github.com",
    "    NPM_TOKEN ← host NPM_TOKEN (NOT SET; value not shown) → registry.npmjs.org, paths /-/, /@myorg/",
  ]);
  const egress = lines.indexOf("  egress allowlist (everything else is refused)");
  deepStrictEqual(lines.slice(egress + 1, egress + 6), [
    "    registry.npmjs.org  (443 tunnels, 80 plain HTTP)",
    "    github.com:443  (credential GH_TOKEN)",
    "    *.github.com:443  (subdomains only)  (credential GH_TOKEN)",
    "    registry.npmjs.org:443  (credential NPM_TOKEN)",
    "    pinned: git.example.test → 127.0.0.1 (dialled without DNS; this address for this name only)",
  ]);
  deepStrictEqual(
    lines[egress + 6],
    "  not inspected  kept as opaque TLS tunnels (no DLP inside, no credential swap): pinned.example.org",
  );
  const text = lines.join("\n");
  for (const value of Object.values(HOST)) ok(!text.includes(value), "text shows a host value");
});

Deno.test("preflight_json_lists_credentials_set_or_not_and_tunnels_as_not_inspected", () => {
  const json = preflightJson(CREDENTIALS_PLAN, hasEnv);
  deepStrictEqual(json.credentials, [
    {
      name: "GH_TOKEN",
      fromHost: "GITHUB_TOKEN",
      set: true,
      hosts: ["github.com", "*.github.com"],
      paths: [],
    },
    {
      name: "NPM_TOKEN",
      fromHost: "NPM_TOKEN",
      set: false,
      hosts: ["registry.npmjs.org"],
      paths: ["/-/", "/@myorg/"],
    },
  ]);
  deepStrictEqual(json.egressTunnel, [{ host: "pinned.example.org", inspected: false }]);
  deepStrictEqual(json.egressHosts, { "git.example.test": "127.0.0.1" });
  for (const value of Object.values(HOST)) ok(!JSON.stringify(json).includes(value));
});

Deno.test("preflight_of_credentials_alone_shows_their_hosts_as_the_allowlist", () => {
  const lines = preflightLines({ ...CREDENTIALS_PLAN, egressAllow: [], egressHosts: {} }, hasEnv);
  ok(!lines.some((l) => l.startsWith("  egress      none")), lines.join("\n"));
  ok(lines.includes("    github.com:443  (credential GH_TOKEN)"));
});

Deno.test("preflight_shows_each_https_host_inspected_or_opaque_and_what_the_ca_may_sign_for", () => {
  const lines = preflightLines({
    ...CREDENTIALS_PLAN,
    egressAllow: ["registry.npmjs.org", "*.pinned.example.org", "10.0.0.5:5432", "db.test:5432"],
    egressTunnel: ["*.pinned.example.org"],
  }, hasEnv);
  const from = lines.findIndex((l) => l.startsWith("  inspected"));
  deepStrictEqual(lines.slice(from, from + 3), [
    "  inspected   HTTPS decrypted by the supervisor, each request checked (allowlist, DLP on " +
    "head and body, credential swap): registry.npmjs.org, github.com:443, *.github.com:443, " +
    "registry.npmjs.org:443",
    "  not inspected  opaque tunnels, never decrypted: 10.0.0.5:5432 (an IP address), " +
    "db.test:5432 (not a TLS port)",
    "  CA          a per-bottle CA, key in memory only, may sign for: github.com, " +
    "registry.npmjs.org (and names under them); the bottle trusts it through " +
    "/etc/bottle/ca-bundle.pem",
  ]);
  ok(lines.includes(
    "  not inspected  kept as opaque TLS tunnels (no DLP inside, no credential swap): *.pinned.example.org",
  ));
});

Deno.test("preflight_says_there_is_no_ca_when_every_host_is_a_tunnel", () => {
  const plan = { ...PLAN, egressAllow: ["api.github.com"], egressTunnel: ["api.github.com"] };
  const lines = preflightLines(plan, hasEnv);
  ok(lines.includes("  inspected   none: every CONNECT is an opaque tunnel"), lines.join("\n"));
  ok(lines.includes("  CA          none (nothing is intercepted)"));
  deepStrictEqual(preflightJson(plan, hasEnv).interception, {
    tlsPorts: [443],
    egress: [{ entry: "api.github.com", inspected: false, why: "tunnel" }],
    ca: null,
  });
  // No egress at all: no interception lines.
  const none = preflightLines({ ...PLAN, egressAllow: [] }, hasEnv);
  ok(!none.some((l) => l.startsWith("  inspected") || l.startsWith("  CA")), none.join("\n"));
});

Deno.test("preflight_json_marks_credential_ports_as_tls_ports_and_their_hosts_inspected", () => {
  const json = preflightJson({
    ...CREDENTIALS_PLAN,
    egressAllow: ["example.com:8443"],
    credentials: [{ name: "T", fromHost: "T", hosts: ["git.example.test:8443"], paths: [] }],
  }, hasEnv);
  deepStrictEqual(json.interception, {
    tlsPorts: [443, 8443],
    egress: [
      { entry: "example.com:8443", inspected: true },
      { entry: "git.example.test:8443", inspected: true },
    ],
    ca: { keyInMemoryOnly: true, maySignFor: ["example.com", "git.example.test"] },
  });
});
