/**
 * TLS interception end to end: real clients in a real bottle (curl, git,
 * Python's urllib, Node) reach a loopback HTTPS server through the egress
 * proxy, which terminates their TLS with the bottle's own CA, checks each
 * request, swaps the granted credential's phantom for the real value only
 * toward its hosts and paths, and verifies the server against a test CA
 * (made with openssl at test start, trusted through the supervisor's
 * BOTTLE_TEST_UPSTREAM_CA test seam). The names are mapped to 127.0.0.1 with
 * `egress.hosts`: nothing resolves a real name, nothing leaves loopback.
 */
import { deepStrictEqual, equal, match, notEqual, ok } from "node:assert/strict";
import { join } from "node:path";
import { runDocker } from "../../cli/engine/docker.ts";
import { AGENT_LATEST } from "../../cli/image/image_tag.ts";
import { crc32Base62 } from "../../proxy/dlp/crc32_base62.ts";
import { type BottleFixture, bottleFixture } from "../helpers/bottle_fixture.ts";
import { engineGate } from "../helpers/docker_available.ts";
import { jsonResult } from "../helpers/run_bottle.ts";
import {
  basicPassword,
  commitSubjects,
  gitHttpBackend,
  makeBareRepository,
  makeTestPki,
  type NamedTlsServer,
  startNamedTlsServer,
  type TestPki,
} from "../helpers/tls_upstream.ts";

const engine = await engineGate([AGENT_LATEST]);
const opts = { ignore: engine.ignore, sanitizeOps: false, sanitizeResources: false };

const API = "api.example.test";
const GIT = "git.example.test";
const OTHER = "other.example.test";
const TUNNEL = "tunnel.example.test";
const REGISTRY = "registry.example.test";

/** The granted credential's fake real value: GitHub-shaped, with a valid checksum. */
const REAL_BODY = "REALinterceptE2Etoken9b7d5f3a1";
const REAL_TOKEN = `ghp_${REAL_BODY}${crc32Base62(REAL_BODY)}`;
/** The npm credential's fake real value: npm-shaped, with a valid checksum. */
const NPM_BODY = "REALnpmE2Etoken7c5e3a1b9d0f2h4";
const REAL_NPM = `npm_${NPM_BODY}${crc32Base62(NPM_BODY)}`;

/** A one-version package document, as a registry answers `GET /mypkg`. */
const PACKUMENT = JSON.stringify({
  name: "mypkg",
  "dist-tags": { latest: "1.0.0" },
  versions: {
    "1.0.0": {
      name: "mypkg",
      version: "1.0.0",
      dist: { tarball: "https://registry.example.test/mypkg/-/mypkg-1.0.0.tgz", shasum: "0" },
    },
  },
});

/** A synthetic AWS key pair in the documented formats (never a live credential). */
const AWS_KEY_ID = "AKIAQ3EGT2VNJ5X4LRMB";
const AWS_SECRET = "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";

/** One bottle's world: the fixture, the test CA, the loopback server and the bare repository. */
interface World {
  readonly f: BottleFixture;
  readonly pki: TestPki;
  readonly server: NamedTlsServer;
  readonly bare: string;
  /** `https://NAME:PORT` of the loopback server. */
  readonly url: (name: string) => string;
  /** Runs `sh -c SCRIPT` in the bottle; stdout and the exit code. */
  readonly sh: (script: string, ...args: string[]) => Promise<{ code: number; out: string }>;
  readonly audit: () => Promise<Record<string, unknown>[]>;
  readonly close: () => Promise<void>;
}

/**
 * A started bottle `name` granted GH_TOKEN (real value on the host only) for
 * the API (paths /v1/) and git hosts, another intercepted host, and a host
 * kept as a tunnel — all one TLS server on 127.0.0.1.
 */
async function world(name: string): Promise<World> {
  const f = await bottleFixture("bottle-intercept-");
  const dir = join(f.home, "pki");
  await Deno.mkdir(dir);
  const pki = await makeTestPki(dir, [API, GIT, OTHER, TUNNEL, REGISTRY]);
  const repos = join(f.home, "repos");
  await Deno.mkdir(repos);
  const bare = await makeBareRepository(repos, "repo");
  const server = startNamedTlsServer(pki, {
    [API]: (request) =>
      request.headers.get("authorization") === `Bearer ${REAL_TOKEN}`
        ? new Response("hello from the api")
        : new Response("who are you", { status: 401 }),
    [GIT]: (request, body) =>
      basicPassword(request.headers.get("authorization")) === REAL_TOKEN
        ? gitHttpBackend(request, body, repos, "agent")
        : new Response("who are you", {
          status: 401,
          headers: { "www-authenticate": 'Basic realm="git"' },
        }),
    [REGISTRY]: (request) =>
      request.headers.get("authorization") === `Bearer ${REAL_NPM}`
        ? new Response(PACKUMENT, { headers: { "content-type": "application/json" } })
        : new Response('{"error":"who are you"}', { status: 401 }),
    [OTHER]: () => new Response("other"),
    [TUNNEL]: () => new Response("tunnel"),
  });
  const port = server.port;
  await f.manifest({
    egress: {
      allow: [`${OTHER}:${port}`, `${TUNNEL}:${port}`],
      tunnel: [TUNNEL],
      hosts: {
        [API]: "127.0.0.1",
        [GIT]: "127.0.0.1",
        [OTHER]: "127.0.0.1",
        [TUNNEL]: "127.0.0.1",
        [REGISTRY]: "127.0.0.1",
      },
    },
    credentials: {
      GH_TOKEN: {
        fromHost: "HOST_GH_TOKEN",
        hosts: [`${API}:${port}`, `${GIT}:${port}`],
        paths: ["/v1/", "/repo.git/"],
      },
      NPM_TOKEN: { fromHost: "HOST_NPM_TOKEN", hosts: [`${REGISTRY}:${port}`], paths: ["/mypkg"] },
    },
  });
  const hostEnv = {
    HOST_GH_TOKEN: REAL_TOKEN,
    HOST_NPM_TOKEN: REAL_NPM,
    BOTTLE_TEST_UPSTREAM_CA: pki.caFile,
  };
  const started = await f.bottle(["start", "--detach", "--yes", "--name", name], hostEnv);
  if (started.code !== 0) {
    await f.close();
    await server.close();
    throw new Error(`start failed (${started.code}):\n${started.stderr}`);
  }
  return {
    f,
    pki,
    server,
    bare,
    url: (host) => `https://${host}:${port}`,
    sh: async (script, ...args) => {
      const run = await f.bottle(["exec", name, "--", "sh", "-c", script, "sh", ...args]);
      return { code: run.code, out: run.stdout + run.stderr };
    },
    audit: async () =>
      (await f.bottle(["audit", name, "--json"])).stdout.trim().split("\n").filter((l) => l !== "")
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    close: async () => {
      await f.close();
      await server.close();
    },
  };
}

/** curl through the bottle's proxy, printing the status and the proxy's refusal code. */
const CURL = "curl -sS -m 10 -o /dev/null -w '%{http_code} %header{x-bottle-deny}'";

Deno.test(
  "intercepted_curl_with_the_phantom_reaches_an_api_that_requires_the_real_token",
  opts,
  async () => {
    engine.assertReady();
    const w = await world("icurl");
    try {
      const call = await w.sh(
        `curl -sS -m 10 -w ' %{http_code}' -H "Authorization: Bearer $GH_TOKEN" "$1/v1/user"`,
        w.url(API),
      );
      equal(call.out, "hello from the api 200", call.out);
      deepStrictEqual(w.server.seen.map((s) => [s.host, s.path, s.authorization]), [
        [API, "/v1/user", `Bearer ${REAL_TOKEN}`],
      ]);

      // The bottle holds only the phantom, and trusts the bottle's CA through the mounted files.
      const env = await w.sh("env");
      const phantom = /^GH_TOKEN=(\S+)$/m.exec(env.out)?.[1];
      ok(phantom !== undefined, env.out);
      notEqual(phantom, REAL_TOKEN);
      match(phantom, /^ghp_[A-Za-z0-9]{36}$/);
      ok(!env.out.includes(REAL_TOKEN), "the real token is in the bottle's environment");
      const environs = await w.sh(
        "for p in /proc/[0-9]*; do tr '\\0' '\\n' < $p/environ 2>/dev/null; done; " +
          "cat /etc/bottle/* 2>/dev/null",
      );
      ok(environs.out.includes(`GH_TOKEN=${phantom}`), "the environ dump can find a token");
      ok(!environs.out.includes(REAL_TOKEN), "the real token is in a process or /etc/bottle");
      const inspect = await runDocker(["container", "inspect", "--", "bottle-icurl"]);
      equal(inspect.code, 0, inspect.stderr);
      ok(!inspect.stdout.includes(REAL_TOKEN), "the real token is in the container's config");
      match(env.out, /^SSL_CERT_FILE=\/etc\/bottle\/ca-bundle\.pem$/m);
      match(env.out, /^NODE_EXTRA_CA_CERTS=\/etc\/bottle\/bottle-ca\.pem$/m);
      const files = await w.sh(
        "ls /etc/bottle; grep -l 'PRIVATE KEY' /etc/bottle/* || echo no-key; " +
          "grep -c 'BEGIN CERTIFICATE' /etc/bottle/bottle-ca.pem",
      );
      match(files.out, /bottle-ca\.pem/);
      match(files.out, /ca-bundle\.pem/);
      match(files.out, /no-key\n1\n$/);

      const audit = await w.audit();
      const get = audit.find((e) => e.method === "GET" && e.host === API);
      ok(get !== undefined, JSON.stringify(audit));
      equal(get.inspected, true);
      equal(get.status, 200);
      deepStrictEqual(get.credentials, ["GH_TOKEN"]);
      ok(!JSON.stringify(audit).includes(REAL_TOKEN), "the real token is in the audit log");
      ok(!JSON.stringify(audit).includes(phantom), "the phantom is in the audit log");
    } finally {
      await w.close();
    }
  },
);

Deno.test(
  "git_clone_and_push_over_intercepted_https_send_only_the_real_token",
  opts,
  async () => {
    engine.assertReady();
    const w = await world("igit");
    try {
      const git = await w.sh(
        'set -e; cd /workspace; git clone -q "$1/repo.git" clone; cd clone; cat README; ' +
          "echo from-the-bottle > pushed; git add pushed; " +
          "git -c user.name=Agent -c user.email=agent@example.test commit -qm 'from the bottle'; " +
          "git push -q origin main; echo pushed-ok",
        w.url(GIT),
      );
      match(git.out, /hello from the host/);
      match(git.out, /pushed-ok/);
      deepStrictEqual(await commitSubjects(w.bare), ["from the bottle", "first"]);
      // Every request git authenticated carried the real token, and only it.
      const authorized = w.server.seen.filter((s) => s.authorization !== null);
      ok(authorized.length >= 2, JSON.stringify(w.server.seen));
      ok(authorized.every((s) => basicPassword(s.authorization) === REAL_TOKEN));
      ok(w.server.seen.some((s) => s.path.includes("git-receive-pack")), "no push arrived");
      // Nothing in the workspace holds a token: the helper answered from the environment.
      const config = await w.sh("cat /workspace/clone/.git/config");
      ok(!config.out.includes("ghp_"), config.out);
    } finally {
      await w.close();
    }
  },
);

Deno.test(
  "python_urllib_and_node_through_the_proxy_trust_the_bottle_ca_and_get_the_swap",
  opts,
  async () => {
    engine.assertReady();
    const w = await world("iclients");
    try {
      // urllib honours https_proxy and verifies against SSL_CERT_FILE (the bottle's bundle).
      const python = await w.sh(
        'URL="$1/v1/py" python3 -c "import os, urllib.request as u; ' +
          "r = u.Request(os.environ['URL'], headers={'Authorization': 'Bearer ' + os.environ['GH_TOKEN']}); " +
          'print(u.urlopen(r, timeout=10).status)"',
        w.url(API),
      );
      equal(python.out.trim(), "200", python.out);
      // Node's own fetch ignores HTTPS_PROXY (Node 18): CONNECT by hand, then TLS that trusts
      // Node's roots plus NODE_EXTRA_CA_CERTS (the bottle's CA).
      const node = await w.sh(
        `node -e '
const http = require("http"), https = require("https"), tls = require("tls");
const [host, port] = [process.argv[1], Number(process.argv[2])];
http.request({ host: "127.0.0.1", port: 3128, method: "CONNECT", path: host + ":" + port,
  headers: { host: host + ":" + port } })
  .on("connect", (res, socket) => {
    if (res.statusCode !== 200) { console.log("connect", res.statusCode); process.exit(3); }
    https.request({ host, port, path: "/v1/node",
      headers: { authorization: "Bearer " + process.env.GH_TOKEN },
      createConnection: () => tls.connect({ socket, servername: host }) }, (r) => {
        console.log(r.statusCode); r.resume(); r.on("end", () => process.exit(0));
      }).on("error", (e) => { console.log("error", e.code || e.message); process.exit(4); }).end();
  }).on("error", (e) => { console.log("proxy", e.message); process.exit(5); }).end();
' "$1" "$2"`,
        API,
        String(w.server.port),
      );
      equal(node.out.trim(), "200", node.out);
      deepStrictEqual(
        w.server.seen.filter((s) => s.host === API).map((s) => [s.path, s.authorization]),
        [["/v1/py", `Bearer ${REAL_TOKEN}`], ["/v1/node", `Bearer ${REAL_TOKEN}`]],
      );
    } finally {
      await w.close();
    }
  },
);

Deno.test(
  "npm_with_the_phantom_auth_token_reads_from_a_registry_that_requires_the_real_one",
  opts,
  async () => {
    engine.assertReady();
    const w = await world("inpm");
    try {
      // The project's .npmrc names the variable, as npm's documentation says to: the bottle's
      // variable holds the phantom; npm honours HTTPS_PROXY and trusts NODE_EXTRA_CA_CERTS.
      const npm = await w.sh(
        'cd "$(mktemp -d)" && printf "//%s/:_authToken=\\${NPM_TOKEN}\\n" "$2" > .npmrc && ' +
          'npm view mypkg version --registry "$1/" 2>&1',
        w.url(REGISTRY),
        `${REGISTRY}:${w.server.port}`,
      );
      equal(npm.out.trim(), "1.0.0", npm.out);
      const phantom = (await w.sh('printf %s "$NPM_TOKEN"')).out;
      match(phantom, /^npm_/);
      notEqual(phantom, REAL_NPM);
      const asked = w.server.seen.filter((s) => s.host === REGISTRY);
      ok(asked.length > 0 && asked.every((s) => s.authorization === `Bearer ${REAL_NPM}`));
    } finally {
      await w.close();
    }
  },
);

Deno.test(
  "phantom_off_its_path_or_host_or_in_a_body_is_refused_audited_and_never_arrives",
  opts,
  async () => {
    engine.assertReady();
    const w = await world("imisuse");
    try {
      const auth = '-H "Authorization: Bearer $GH_TOKEN"';
      const path = await w.sh(`${CURL} ${auth} "$1/private"`, w.url(API));
      equal(path.out, "403 credential.path_not_granted");
      const host = await w.sh(`${CURL} ${auth} "$1/x"`, w.url(OTHER));
      equal(host.out, "403 dlp.phantom_misuse");
      const query = await w.sh(`${CURL} "$1/q?token=$GH_TOKEN"`, w.url(OTHER));
      equal(query.out, "403 dlp.phantom_misuse");
      const body = await w.sh(
        `${CURL} --data-binary "{\\"note\\":\\"$(printf %s "$GH_TOKEN" | base64 -w0)\\"}" "$1/upload"`,
        w.url(OTHER),
      );
      equal(body.out, "403 dlp.phantom_misuse");

      const phantom = (await w.sh('printf %s "$GH_TOKEN"')).out;
      match(phantom, /^ghp_/);
      // Nothing of the phantom, in any form, reached the server; nor did the refused paths.
      const seen = JSON.stringify(w.server.seen);
      ok(!seen.includes(phantom) && !seen.includes(btoa(phantom)), seen);
      ok(
        !w.server.seen.some((s) => ["/private", "/x"].includes(s.path) || s.path.startsWith("/q")),
      );
      ok(w.server.seen.every((s) => s.path !== "/upload" || s.body === "(cut)"), seen);

      // (Claude Code's own calls to hosts not allowed are refused too: only the test's hosts count.)
      const denied = (await w.audit()).filter((e) =>
        e.decision === "deny" && (e.host === API || e.host === OTHER)
      );
      deepStrictEqual(
        denied.map((e) => [e.host, e.reason, e.inspected]),
        [
          [API, "credential.path_not_granted", true],
          [OTHER, "dlp.phantom_misuse", true],
          [OTHER, "dlp.phantom_misuse", true],
          [OTHER, "dlp.phantom_misuse", true],
        ],
      );
      ok(!JSON.stringify(denied).includes(phantom), "the phantom is in the audit log");
    } finally {
      await w.close();
    }
  },
);

Deno.test(
  "intercepted_handshakes_with_another_sni_h2_only_tls_1_0_or_garbage_are_closed_before_any_dial",
  opts,
  async () => {
    engine.assertReady();
    const w = await world("ihello");
    try {
      const port = String(w.server.port);
      // openssl in the bottle, through the bottle's proxy (127.0.0.1:3128, its relay).
      const hello = (flags: string) =>
        w.sh(
          `echo | timeout 10 openssl s_client -proxy 127.0.0.1:3128 -connect "$1:$2" ${flags} ` +
            `-CAfile /etc/bottle/ca-bundle.pem >/dev/null 2>&1; echo "exit=$?"`,
          API,
          port,
        );
      for (
        const flags of [
          `-servername ${OTHER}`,
          `-servername ${API} -alpn h2`,
          `-servername ${API} -tls1 -cipher DEFAULT@SECLEVEL=0`,
        ]
      ) {
        const result = await hello(flags);
        notEqual(result.out.trim(), "exit=0", `${flags}: ${result.out}`);
      }
      // Garbage where a ClientHello belongs, by hand on the proxy's port.
      const garbage = await w.sh(
        `{ printf 'CONNECT %s:%s HTTP/1.1\\r\\nHost: %s:%s\\r\\n\\r\\n' "$1" "$2" "$1" "$2"; ` +
          `sleep 1; printf 'this is not TLS\\r\\n\\r\\n'; sleep 2; } | ` +
          `timeout 6 socat - TCP:127.0.0.1:3128 | head -c 12`,
        API,
        port,
      );
      match(garbage.out, /^HTTP\/1\.1 200/, garbage.out);
      equal(
        w.server.seen.filter((s) => s.host === API).length,
        0,
        "a refused hello reached the server",
      );
      const refused = (await w.audit()).filter((e) =>
        e.host === API && e.method === "CONNECT" && e.decision === "deny"
      );
      deepStrictEqual(
        refused.map((e) => [e.reason, e.inspected]),
        [
          ["egress.sni_mismatch", true],
          ["egress.tls_alpn", true],
          ["egress.tls_version", true],
          ["egress.not_tls", true],
        ],
      );
    } finally {
      await w.close();
    }
  },
);

Deno.test(
  "a_secret_in_a_body_to_an_intercepted_host_is_blocked_and_a_tunnel_host_stays_opaque",
  opts,
  async () => {
    engine.assertReady();
    const w = await world("itunnel");
    try {
      const leak = await w.sh(
        `${CURL} --data-binary 'aws_access_key_id=${AWS_KEY_ID}&aws_secret_access_key=${AWS_SECRET}' "$1/upload"`,
        w.url(OTHER),
      );
      match(leak.out, /^403 dlp\./);
      ok(!JSON.stringify(w.server.seen).includes(AWS_SECRET), "the secret reached the server");

      // The tunnel host: the client sees the server's own certificate, end to end.
      const ca = 'printf %s "$2" > /tmp/upstream-ca.pem; ';
      const tunnel = await w.sh(
        `${ca}curl -sS -m 10 --cacert /tmp/upstream-ca.pem "$1/t"`,
        w.url(TUNNEL),
        w.pki.caPem,
      );
      equal(tunnel.out, "tunnel", tunnel.out);
      // …so the bottle's trust store (its CA) does not vouch for it,
      const untrusted = await w.sh(
        `curl -sS -m 10 -o /dev/null "$1/t"; echo " exit=$?"`,
        w.url(TUNNEL),
      );
      match(untrusted.out, /exit=60/);
      // …while an intercepted host shows the bottle's certificate, not the server's.
      const intercepted = await w.sh(
        `${ca}curl -sS -m 10 -o /dev/null --cacert /tmp/upstream-ca.pem "$1/o"; echo " exit=$?"`,
        w.url(OTHER),
        w.pki.caPem,
      );
      match(intercepted.out, /exit=60/);

      const audit = await w.audit();
      const tunnels = audit.filter((e) => e.host === TUNNEL);
      ok(tunnels.some((e) => e.reason === "egress.tunnel_open"), JSON.stringify(audit));
      ok(tunnels.every((e) => e.inspected !== true), JSON.stringify(tunnels));
      ok(!audit.some((e) => e.host === TUNNEL && e.method === "GET"), "a tunnel was decrypted");
      const blocked = audit.find((e) => e.host === OTHER && e.decision === "deny");
      ok(blocked !== undefined && String(blocked.reason).startsWith("dlp."), JSON.stringify(audit));
      ok(!JSON.stringify(audit).includes(AWS_SECRET));
    } finally {
      await w.close();
    }
  },
);

Deno.test(
  "preflight_of_an_intercepting_bottle_names_its_ca_and_each_host_inspected_or_not",
  opts,
  async () => {
    engine.assertReady();
    const f = await bottleFixture("bottle-intercept-");
    try {
      await f.manifest({
        egress: {
          allow: ["api.example.test", "pinning.example.test", "127.0.0.1:9"],
          tunnel: ["pinning.example.test"],
        },
      });
      const dry = await f.bottle(["start", "--dry-run", "--json", "--name", "ipre"]);
      equal(dry.code, 0, dry.stderr);
      const preflight = jsonResult(dry).preflight as { interception: unknown };
      deepStrictEqual(preflight.interception, {
        tlsPorts: [443],
        egress: [
          { entry: "api.example.test", inspected: true },
          { entry: "pinning.example.test", inspected: false, why: "tunnel" },
          { entry: "127.0.0.1:9", inspected: false, why: "address" },
        ],
        ca: { keyInMemoryOnly: true, maySignFor: ["api.example.test"] },
      });
      match(
        dry.stderr,
        /CA {10}a per-bottle CA, key in memory only, may sign for: api\.example\.test/,
      );
    } finally {
      await f.close();
    }
  },
);
