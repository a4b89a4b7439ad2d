import { deepStrictEqual, strictEqual } from "node:assert/strict";
import type { Bottle, Manifest } from "./manifest_types.generated.ts";
import {
  BUILTIN_MANIFEST,
  DEFAULT_BOTTLE_NAME,
  mergeBottle,
  resolveBottles,
  type ResolveContext,
  type ResolvedBottle,
} from "./resolve_bottles.ts";

const CONTEXT: ResolveContext = {
  baseDir: "/proj",
  defaultWorkspace: "/cwd",
  home: "/home/u",
};

function only(manifest: Manifest, context: ResolveContext = CONTEXT): ResolvedBottle {
  const resolved = resolveBottles(manifest, context);
  strictEqual(resolved.length, 1);
  return resolved[0]!;
}

Deno.test("mergeBottle() lets the bottle win for single values", () => {
  const merged = mergeBottle(
    { image: "d-image", workspace: "d-ws", prompt: "d-prompt", runtime: "runsc" },
    { image: "b-image", prompt: "b-prompt" },
  );
  strictEqual(merged.image, "b-image");
  strictEqual(merged.prompt, "b-prompt");
  strictEqual(merged.workspace, "d-ws");
  strictEqual(merged.runtime, "runsc");
});

Deno.test("mergeBottle() merges env, resources and auth key by key, the bottle winning", () => {
  const merged = mergeBottle(
    {
      env: { TZ: "UTC", LANG: "C", TOKEN: { fromHost: "D_TOKEN" } },
      resources: { memory: "2g", pids: 512 },
      auth: { type: "apiKey", upstream: "https://gw.example.com" },
    },
    {
      env: { TZ: "Europe/Paris", TOKEN: { fromHost: "B_TOKEN" }, EXTRA: "1" },
      resources: { memory: "1g", cpus: 1.5 },
      auth: { fromHost: "MY_KEY" },
    },
  );
  deepStrictEqual(merged.env, {
    TZ: "Europe/Paris",
    LANG: "C",
    TOKEN: { fromHost: "B_TOKEN" },
    EXTRA: "1",
  });
  deepStrictEqual(merged.resources, { memory: "1g", pids: 512, cpus: 1.5 });
  deepStrictEqual(merged.auth, {
    type: "apiKey",
    upstream: "https://gw.example.com",
    fromHost: "MY_KEY",
  });
});

Deno.test("mergeBottle() joins skills and egress.allow defaults first, without duplicates", () => {
  const merged = mergeBottle(
    { skills: ["./a", "./b"], egress: { allow: ["github.com", "registry.npmjs.org"] } },
    { skills: ["./c", "./a"], egress: { allow: ["registry.npmjs.org", "*.example.com"] } },
  );
  deepStrictEqual(merged.skills, ["./a", "./b", "./c"]);
  deepStrictEqual(merged.egress, {
    allow: ["github.com", "registry.npmjs.org", "*.example.com"],
  });
});

Deno.test("mergeBottle() joins mcpServers grants defaults first, without duplicates", () => {
  const merged = mergeBottle({ mcpServers: ["github", "docs"] }, {
    mcpServers: ["docs", "linear"],
  });
  deepStrictEqual(merged.mcpServers, ["github", "docs", "linear"]);
  deepStrictEqual(mergeBottle({}, {}).mcpServers, []);
});

Deno.test("mergeBottle() keeps lists from either side when the other has none", () => {
  deepStrictEqual(mergeBottle({ skills: ["./a"] }, {}).skills, ["./a"]);
  deepStrictEqual(mergeBottle({}, { skills: ["./a", "./a"] }).skills, ["./a"]);
  deepStrictEqual(mergeBottle({ egress: { allow: ["x.com"] } }, { egress: {} }).egress, {
    allow: ["x.com"],
  });
  deepStrictEqual(mergeBottle({}, {}).egress, { allow: [] });
});

Deno.test("mergeBottle() does not change its inputs", () => {
  const defaults: Bottle = { env: { A: "1" }, skills: ["./a"], egress: { allow: ["a.com"] } };
  const bottle: Bottle = { env: { B: "2" }, skills: ["./b"], egress: { allow: ["b.com"] } };
  const before = structuredClone({ defaults, bottle });
  mergeBottle(defaults, bottle);
  deepStrictEqual({ defaults, bottle }, before);
});

Deno.test("resolveBottles() applies the safe defaults to an empty bottle", () => {
  deepStrictEqual(only({ bottles: { dev: {} } }), {
    name: "dev",
    image: undefined,
    workspace: "/cwd",
    workspaceReadOnly: false,
    prompt: undefined,
    env: {},
    credentials: [],
    skills: [],
    mcpServers: [],
    egressAllow: [],
    egressTunnel: [],
    egressHosts: {},
    resources: { memory: "4g", cpus: 2, pids: 1024 },
    runtime: "runc",
    auth: {
      type: "oauth",
      fromHost: "CLAUDE_BOTTLE_OAUTH_TOKEN",
      upstream: "https://api.anthropic.com",
    },
    policy: {
      denyPaths: [],
      denyWritePaths: [],
      allowPaths: [],
      removeDefaults: [],
      inlineCode: "deny",
      changedBinary: "deny",
      unknownBinary: "trust",
    },
    dlp: { mode: "block", redactModelInput: false },
    sanitizeUnicode: true,
    serverTools: [],
  });
});

Deno.test("resolveBottles() merges the hook rules of defaults and bottle: lists joined, modes overridden", () => {
  const [b] = resolveBottles({
    defaults: { policy: { denyPaths: ["secrets"], inlineCode: "ask" }, dlp: { mode: "log" } },
    bottles: {
      dev: {
        policy: { denyPaths: ["*.p12"], removeDefaults: ["*.key"], inlineCode: "deny" },
        sanitizeUnicode: false,
      },
    },
  }, CONTEXT);
  deepStrictEqual(b?.policy.denyPaths, ["secrets", "*.p12"]);
  deepStrictEqual(b?.policy.removeDefaults, ["*.key"]);
  deepStrictEqual(b?.policy.inlineCode, "deny");
  deepStrictEqual(b?.dlp, { mode: "log", redactModelInput: false });
  deepStrictEqual(b?.sanitizeUnicode, false);
});

Deno.test("resolveBottles() resolves the built-in manifest to one default bottle", () => {
  const resolved = only(BUILTIN_MANIFEST);
  strictEqual(resolved.name, DEFAULT_BOTTLE_NAME);
  strictEqual(resolved.workspace, "/cwd");
  deepStrictEqual(resolved.egressAllow, []);
});

Deno.test("resolveBottles() takes the credential variable from the auth type", () => {
  const cases: readonly [Bottle["auth"], ResolvedBottle["auth"]][] = [
    [undefined, {
      type: "oauth",
      fromHost: "CLAUDE_BOTTLE_OAUTH_TOKEN",
      upstream: "https://api.anthropic.com",
    }],
    [{ type: "oauth" }, {
      type: "oauth",
      fromHost: "CLAUDE_BOTTLE_OAUTH_TOKEN",
      upstream: "https://api.anthropic.com",
    }],
    [{ type: "apiKey" }, {
      type: "apiKey",
      fromHost: "ANTHROPIC_API_KEY",
      upstream: "https://api.anthropic.com",
    }],
    [{ type: "apiKey", fromHost: "MY_KEY", upstream: "http://127.0.0.1:4000" }, {
      type: "apiKey",
      fromHost: "MY_KEY",
      upstream: "http://127.0.0.1:4000",
    }],
    [{ fromHost: "MY_TOKEN" }, {
      type: "oauth",
      fromHost: "MY_TOKEN",
      upstream: "https://api.anthropic.com",
    }],
  ];
  for (const [auth, expected] of cases) {
    const bottle: Bottle = auth === undefined ? {} : { auth };
    deepStrictEqual(only({ bottles: { b: bottle } }).auth, expected, JSON.stringify(auth));
  }
});

Deno.test("resolveBottles() fills each omitted resource limit on its own", () => {
  const cases: readonly [Bottle["resources"], ResolvedBottle["resources"]][] = [
    [{ memory: "1g" }, { memory: "1g", cpus: 2, pids: 1024 }],
    [{ cpus: 0.5 }, { memory: "4g", cpus: 0.5, pids: 1024 }],
    [{ pids: 64 }, { memory: "4g", cpus: 2, pids: 64 }],
    [{ memory: "512m", cpus: 4, pids: 2048 }, { memory: "512m", cpus: 4, pids: 2048 }],
  ];
  for (const [resources, expected] of cases) {
    const bottle: Bottle = resources === undefined ? {} : { resources };
    deepStrictEqual(only({ bottles: { b: bottle } }).resources, expected);
  }
});

Deno.test("resolveBottles() applies defaults under each bottle's own values", () => {
  const [a, b] = resolveBottles({
    defaults: {
      runtime: "runsc",
      prompt: "default prompt",
      env: { TZ: "UTC" },
      resources: { pids: 512 },
      egress: { allow: ["registry.npmjs.org"] },
      auth: { type: "apiKey" },
    },
    bottles: {
      a: {},
      b: {
        runtime: "crun",
        env: { TZ: "Europe/Paris" },
        resources: { memory: "1g" },
        egress: { allow: ["github.com", "registry.npmjs.org"] },
      },
    },
  }, CONTEXT);
  strictEqual(a?.runtime, "runsc");
  strictEqual(a?.prompt, "default prompt");
  deepStrictEqual(a?.env, { TZ: "UTC" });
  deepStrictEqual(a?.resources, { memory: "4g", cpus: 2, pids: 512 });
  deepStrictEqual(a?.egressAllow, ["registry.npmjs.org"]);
  deepStrictEqual(a?.auth.fromHost, "ANTHROPIC_API_KEY");
  strictEqual(b?.runtime, "crun");
  strictEqual(b?.prompt, "default prompt");
  deepStrictEqual(b?.env, { TZ: "Europe/Paris" });
  deepStrictEqual(b?.resources, { memory: "1g", cpus: 2, pids: 512 });
  deepStrictEqual(b?.egressAllow, ["registry.npmjs.org", "github.com"]);
});

Deno.test("resolveBottles() resolves the workspace against baseDir and home", () => {
  const cases: readonly [string | undefined, string][] = [
    [undefined, "/cwd"],
    [".", "/proj"],
    ["./", "/proj"],
    ["src", "/proj/src"],
    ["./src/", "/proj/src"],
    ["../other", "/other"],
    ["/abs/path", "/abs/path"],
    ["/abs/./x/../y/", "/abs/y"],
    ["~", "/home/u"],
    ["~/code/app", "/home/u/code/app"],
    ["~other/x", "/proj/~other/x"],
  ];
  for (const [workspace, expected] of cases) {
    const bottle: Bottle = workspace === undefined ? {} : { workspace };
    strictEqual(only({ bottles: { b: bottle } }).workspace, expected, String(workspace));
  }
});

Deno.test("resolveBottles() takes the workspace from defaults when the bottle has none", () => {
  strictEqual(only({ defaults: { workspace: "app" }, bottles: { b: {} } }).workspace, "/proj/app");
  strictEqual(
    only({ defaults: { workspace: "app" }, bottles: { b: { workspace: "/w" } } }).workspace,
    "/w",
  );
});

Deno.test("resolveBottles() resolves skill folders against baseDir and home", () => {
  const resolved = only({
    defaults: { skills: ["./skills/review"] },
    bottles: { b: { skills: ["~/skills/test", "/opt/skills/lint", "../shared/docs"] } },
  });
  deepStrictEqual(resolved.skills, [
    "/proj/skills/review",
    "/home/u/skills/test",
    "/opt/skills/lint",
    "/shared/docs",
  ]);
});

Deno.test("resolveBottles() mounts one folder once however it is spelt", () => {
  const resolved = only({
    defaults: { skills: ["./skills/a"] },
    bottles: { b: { skills: ["skills/a", "/proj/skills/a/", "skills/b"] } },
  });
  deepStrictEqual(resolved.skills, ["/proj/skills/a", "/proj/skills/b"]);
});

Deno.test("resolveBottles() leaves ~ alone when home is unknown", () => {
  const resolved = only(
    { bottles: { b: { workspace: "~/w", skills: ["~/s"] } } },
    { baseDir: "/proj", defaultWorkspace: "/cwd", home: undefined },
  );
  strictEqual(resolved.workspace, "/proj/~/w");
  deepStrictEqual(resolved.skills, ["/proj/~/s"]);
});

Deno.test("resolveBottles() keeps the manifest's order of bottles", () => {
  const names = ["zeta", "alpha", "m.id", "b_2", "a-1"];
  const bottles = Object.fromEntries(names.map((n) => [n, {}]));
  deepStrictEqual(resolveBottles({ bottles }, CONTEXT).map((b) => b.name), names);
});

Deno.test("resolveBottles() returns nothing for a manifest without bottles", () => {
  deepStrictEqual(resolveBottles({ bottles: {} }, CONTEXT), []);
});

Deno.test("resolveBottles() passes image, prompt and env values through unchanged", () => {
  const resolved = only({
    bottles: {
      b: {
        image: "bottle-agent:1.2",
        prompt: "Run the tests.\nFix what fails.",
        env: { NODE_ENV: "development", GH_TOKEN: { fromHost: "GH_TOKEN" } },
      },
    },
  });
  strictEqual(resolved.image, "bottle-agent:1.2");
  strictEqual(resolved.prompt, "Run the tests.\nFix what fails.");
  deepStrictEqual(resolved.env, { NODE_ENV: "development", GH_TOKEN: { fromHost: "GH_TOKEN" } });
});

Deno.test("mergeBottle() merges credentials and egress.hosts per name and joins egress.tunnel", () => {
  const merged = mergeBottle(
    {
      credentials: {
        GH_TOKEN: { fromHost: "A", hosts: ["github.com"] },
        NPM_TOKEN: { fromHost: "N", hosts: ["registry.npmjs.org"] },
      },
      egress: { tunnel: ["a.example"], hosts: { "x.test": "127.0.0.1", "y.test": "::1" } },
    },
    {
      credentials: { GH_TOKEN: { fromHost: "B", hosts: ["api.github.com"] } },
      egress: { tunnel: ["b.example", "a.example"], hosts: { "x.test": "10.0.0.2" } },
    },
  );
  deepStrictEqual(merged.credentials, {
    GH_TOKEN: { fromHost: "B", hosts: ["api.github.com"] },
    NPM_TOKEN: { fromHost: "N", hosts: ["registry.npmjs.org"] },
  });
  deepStrictEqual(merged.egress, {
    allow: [],
    tunnel: ["a.example", "b.example"],
    hosts: { "x.test": "10.0.0.2", "y.test": "::1" },
  });
});

Deno.test("resolveBottles() resolves credentials with no paths to every path", () => {
  const [b] = resolveBottles({
    bottles: {
      dev: {
        credentials: {
          GH_TOKEN: { fromHost: "GH_TOKEN", hosts: ["github.com"] },
          NPM_TOKEN: { fromHost: "NPM", hosts: ["registry.npmjs.org"], paths: ["/-/"] },
        },
        egress: { tunnel: ["pinned.example"], hosts: { "git.test": "127.0.0.1" } },
      },
    },
  }, CONTEXT);
  deepStrictEqual(b?.credentials, [
    { name: "GH_TOKEN", fromHost: "GH_TOKEN", hosts: ["github.com"], paths: [] },
    { name: "NPM_TOKEN", fromHost: "NPM", hosts: ["registry.npmjs.org"], paths: ["/-/"] },
  ]);
  deepStrictEqual(b?.egressTunnel, ["pinned.example"]);
  deepStrictEqual(b?.egressHosts, { "git.test": "127.0.0.1" });
});
