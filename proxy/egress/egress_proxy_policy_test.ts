/**
 * The egress allowlist over real loopback sockets: every rule is proved on
 * both roads out of a bottle, a `CONNECT` tunnel and an absolute-form
 * `http://` request. DNS is an in-memory map and `connect` a spy that refuses
 * anything but loopback, so nothing here can reach the outside world.
 */
import { deepStrictEqual, strictEqual } from "node:assert/strict";
import {
  connectRequest,
  type EgressHarness,
  httpRequest,
  startEgress,
} from "../../tests/helpers/egress_harness.ts";
import {
  type EchoServer,
  type HttpUpstream,
  startEchoServer,
  startHttpUpstream,
} from "../../tests/helpers/loopback_upstreams.ts";
import type { RawResponse } from "../../tests/helpers/raw_http_client.ts";
import { compileEgressPolicy, decideBeforeResolve, type EgressPolicy } from "../policy/mod.ts";
import type { EgressProxyConfig } from "./egress_proxy.ts";

/** Opens a tunnel through the proxy and proves bytes cross it both ways. */
async function assertTunnelEchoes(h: EgressHarness, authority: string): Promise<void> {
  const client = await h.open();
  try {
    await client.write(connectRequest(authority));
    const response = await client.readResponse("CONNECT");
    strictEqual(response.status, 200, `CONNECT ${authority}: ${response.head}`);
    const message = `ping through ${authority}`;
    await client.write(message);
    strictEqual(new TextDecoder().decode(await client.readExactly(message.length)), message);
  } finally {
    client.close();
  }
}

function assertDenied(response: RawResponse, code: string, what = ""): void {
  strictEqual(response.status, 403, `${what} ${response.head}`);
  strictEqual(response.headers.get("x-bottle-deny"), code, what);
}

async function withEcho(run: (echo: EchoServer) => Promise<void>): Promise<void> {
  const echo = startEchoServer();
  try {
    await run(echo);
  } finally {
    await echo.close();
  }
}

async function withHttp(run: (upstream: HttpUpstream) => Promise<void>): Promise<void> {
  const upstream = startHttpUpstream();
  try {
    await run(upstream);
  } finally {
    await upstream.close();
  }
}

// --- egress_denies_host_not_on_allowlist ---------------------------------

Deno.test("egress_denies_host_not_on_allowlist (CONNECT): 403, no DNS lookup, no connect", async () => {
  await withEcho(async (echo) => {
    const h = startEgress({
      allow: [`svc.test:${echo.port}`, `127.0.0.1:${echo.port}`],
      dns: { "svc.test": ["127.0.0.1"], "other.test": ["127.0.0.1"] },
    });
    try {
      const response = await h.request(connectRequest(`other.test:${echo.port}`), "CONNECT");
      assertDenied(response, "egress.not_allowed");
      deepStrictEqual(h.lookups, []);
      deepStrictEqual(h.dials, []);
      strictEqual(echo.accepted(), 0);
    } finally {
      await h.close();
    }
  });
});

Deno.test("egress_denies_host_not_on_allowlist (HTTP): 403, no DNS lookup, no connect", async () => {
  await withHttp(async (upstream) => {
    const h = startEgress({
      allow: [`svc.test:${upstream.port}`, `127.0.0.1:${upstream.port}`],
      dns: { "svc.test": ["127.0.0.1"], "other.test": ["127.0.0.1"] },
    });
    try {
      const response = await h.request(httpRequest(`http://other.test:${upstream.port}/x`));
      assertDenied(response, "egress.not_allowed");
      deepStrictEqual(h.lookups, []);
      deepStrictEqual(h.dials, []);
      strictEqual(upstream.requests.length, 0);
    } finally {
      await h.close();
    }
  });
});

// --- egress_allows_granted_host_with_exact_loopback_grant ----------------

Deno.test("egress_allows_granted_host_with_exact_loopback_grant (CONNECT): bytes cross the tunnel", async () => {
  await withEcho(async (echo) => {
    const h = startEgress({
      allow: [`svc.test:${echo.port}`, `127.0.0.1:${echo.port}`],
      dns: { "svc.test": ["127.0.0.1"] },
    });
    try {
      await assertTunnelEchoes(h, `svc.test:${echo.port}`);
      deepStrictEqual(h.lookups, ["svc.test"]);
      deepStrictEqual(h.dials, [{ address: "127.0.0.1", port: echo.port }]);
    } finally {
      await h.close();
    }
  });
});

Deno.test("egress_allows_granted_host_with_exact_loopback_grant (HTTP): the response body arrives", async () => {
  await withHttp(async (upstream) => {
    const h = startEgress({
      allow: [`svc.test:${upstream.port}`, `127.0.0.1:${upstream.port}`],
      dns: { "svc.test": ["127.0.0.1"] },
    });
    try {
      const response = await h.request(httpRequest(`http://svc.test:${upstream.port}/hello?a=1`));
      strictEqual(response.status, 200, response.head);
      strictEqual(response.body, "hello from upstream");
      strictEqual(upstream.requests.length, 1);
      strictEqual(upstream.requests[0]!.target, "/hello?a=1");
      strictEqual(upstream.requests[0]!.headers.host, `svc.test:${upstream.port}`);
      deepStrictEqual(h.lookups, ["svc.test"]);
      deepStrictEqual(h.dials, [{ address: "127.0.0.1", port: upstream.port }]);
    } finally {
      await h.close();
    }
  });
});

// --- egress_denies_private_ip_after_resolution ---------------------------

/** Forbidden answers a granted name might resolve to, none of them granted. */
const FORBIDDEN_ANSWERS = [
  "127.0.0.1",
  "127.0.0.2",
  "::1",
  "10.1.2.3",
  "172.16.0.1",
  "192.168.1.1",
  "169.254.169.254",
  "100.64.0.1",
  "0.0.0.0",
  "::",
  "::ffff:127.0.0.1",
  "::ffff:10.0.0.1",
  "64:ff9b::a00:1",
  "2002:7f00:1::",
  "fe80::1",
  "fd00::1",
  "224.0.0.1",
];

for (const [road, port] of [["CONNECT", 443], ["HTTP", 80]] as const) {
  Deno.test(`egress_denies_private_ip_after_resolution (${road}): 403 egress.private_address, no connect`, async () => {
    const dns = Object.fromEntries(FORBIDDEN_ANSWERS.map((ip, i) => [`n${i}.svc.test`, [ip]]));
    const h = startEgress({ allow: ["*.svc.test"], dns });
    try {
      for (const [i, ip] of FORBIDDEN_ANSWERS.entries()) {
        const host = `n${i}.svc.test`;
        const response = road === "CONNECT"
          ? await h.request(connectRequest(`${host}:${port}`), "CONNECT")
          : await h.request(httpRequest(`http://${host}/`));
        assertDenied(response, "egress.private_address", `${host} → ${ip}`);
      }
      strictEqual(h.lookups.length, FORBIDDEN_ANSWERS.length, "one lookup per request");
      deepStrictEqual(h.dials, []);
    } finally {
      await h.close();
    }
  });
}

// --- egress_denies_when_any_resolved_address_is_private ------------------

/**
 * Answers mixing a granted or public address with a forbidden one. The
 * public-looking addresses are never dialled: the request is denied first.
 */
const MIXED_ANSWERS: Readonly<Record<string, readonly string[]>> = {
  "public-then-private.test": ["93.184.215.14", "10.0.0.7"],
  "private-then-public.test": ["10.0.0.7", "93.184.215.14"],
  "granted-then-private.test": ["127.0.0.1", "192.168.1.1"],
  "granted-then-metadata.test": ["127.0.0.1", "169.254.169.254"],
  "granted-then-mapped.test": ["127.0.0.1", "::ffff:127.0.0.1"],
};

for (const road of ["CONNECT", "HTTP"] as const) {
  Deno.test(`egress_denies_when_any_resolved_address_is_private (${road})`, async () => {
    const port = 8080;
    const names = Object.keys(MIXED_ANSWERS);
    const h = startEgress({
      allow: [...names.map((n) => `${n}:${port}`), `127.0.0.1:${port}`],
      dns: MIXED_ANSWERS,
    });
    try {
      for (const name of names) {
        const response = road === "CONNECT"
          ? await h.request(connectRequest(`${name}:${port}`), "CONNECT")
          : await h.request(httpRequest(`http://${name}:${port}/`));
        assertDenied(response, "egress.private_address", name);
      }
      deepStrictEqual(h.lookups, names);
      deepStrictEqual(h.dials, []);
    } finally {
      await h.close();
    }
  });
}

// --- egress_connects_to_the_checked_address_only -------------------------

/** Answers the granted loopback address once, then an ungranted one (DNS rebinding). */
function rebinding(host: string, call: number): string[] {
  if (host !== "svc.test") return [];
  return call === 0 ? ["127.0.0.1"] : ["127.0.0.2"];
}

Deno.test("egress_connects_to_the_checked_address_only (CONNECT): one lookup, the pinned address dialled", async () => {
  await withEcho(async (echo) => {
    const h = startEgress({
      allow: [`svc.test:${echo.port}`, `127.0.0.1:${echo.port}`],
      dns: rebinding,
    });
    try {
      await assertTunnelEchoes(h, `svc.test:${echo.port}`);
      deepStrictEqual(h.lookups, ["svc.test"]);
      deepStrictEqual(h.dials, [{ address: "127.0.0.1", port: echo.port }]);
      // The next request is decided afresh on its own lookup, which now fails the check.
      const again = await h.request(connectRequest(`svc.test:${echo.port}`), "CONNECT");
      assertDenied(again, "egress.private_address");
      deepStrictEqual(h.lookups, ["svc.test", "svc.test"]);
      strictEqual(h.dials.length, 1);
    } finally {
      await h.close();
    }
  });
});

Deno.test("egress_connects_to_the_checked_address_only (HTTP): one lookup, the pinned address dialled", async () => {
  await withHttp(async (upstream) => {
    const h = startEgress({
      allow: [`svc.test:${upstream.port}`, `127.0.0.1:${upstream.port}`],
      dns: rebinding,
    });
    try {
      const response = await h.request(httpRequest(`http://svc.test:${upstream.port}/`));
      strictEqual(response.status, 200, response.head);
      deepStrictEqual(h.lookups, ["svc.test"]);
      deepStrictEqual(h.dials, [{ address: "127.0.0.1", port: upstream.port }]);
      // The destination still sees the name, not the pinned address.
      strictEqual(upstream.requests[0]!.headers.host, `svc.test:${upstream.port}`);
      const again = await h.request(httpRequest(`http://svc.test:${upstream.port}/`));
      assertDenied(again, "egress.private_address");
      strictEqual(h.dials.length, 1);
    } finally {
      await h.close();
    }
  });
});

// --- egress_refuses_non_canonical_ip_literals ----------------------------

/** Spellings of 127.0.0.1 (and a scoped IPv6 address) that only some parsers read as an address. */
const NON_CANONICAL = [
  "2130706433",
  "0x7f000001",
  "127.1",
  "0177.0.0.1",
  "0x7f.0.0.1",
  "127.0.0.01",
  "127.0.0.1.",
  "[fe80::1%25lo]",
  "[::1%lo]",
];

for (const road of ["CONNECT", "HTTP"] as const) {
  Deno.test(`egress_refuses_non_canonical_ip_literals (${road}): refused, no lookup, no connect`, async () => {
    await withEcho(async (echo) => {
      const h = startEgress({ allow: [`127.0.0.1:${echo.port}`, `[::1]:${echo.port}`] });
      try {
        for (const literal of NON_CANONICAL) {
          const authority = `${literal}:${echo.port}`;
          // HTTP/1.0 without Host, so the URL itself is what gets judged.
          const response = road === "CONNECT"
            ? await h.request(connectRequest(authority), "CONNECT")
            : await h.request(`GET http://${authority}/ HTTP/1.0\r\n\r\n`);
          // The proxy's URL parser refuses every such spelling (403); a zone id
          // in a CONNECT target is already malformed HTTP (400).
          const zoneInConnect = road === "CONNECT" && literal.includes("%");
          strictEqual(response.status, zoneInConnect ? 400 : 403, `${literal}: ${response.head}`);
          strictEqual(
            response.headers.get(zoneInConnect ? "x-bottle-error" : "x-bottle-deny"),
            zoneInConnect ? "http.bad_target" : "egress.ip_form",
            literal,
          );
        }
        deepStrictEqual(h.lookups, []);
        deepStrictEqual(h.dials, []);
        strictEqual(echo.accepted(), 0);
      } finally {
        await h.close();
      }
    });
  });
}

// --- egress_exact_ip_grant_allows_only_that_port -------------------------

Deno.test("egress_exact_ip_grant_allows_only_that_port (CONNECT)", async () => {
  await withEcho(async (granted) => {
    await withEcho(async (other) => {
      const h = startEgress({ allow: [`127.0.0.1:${granted.port}`] });
      try {
        await assertTunnelEchoes(h, `127.0.0.1:${granted.port}`);
        assertDenied(
          await h.request(connectRequest(`127.0.0.1:${other.port}`), "CONNECT"),
          "egress.not_allowed",
        );
        // The IPv4 grant does not cover the same address spelled in IPv6.
        assertDenied(
          await h.request(connectRequest(`[::ffff:127.0.0.1]:${granted.port}`), "CONNECT"),
          "egress.not_allowed",
        );
        assertDenied(
          await h.request(connectRequest(`[::1]:${granted.port}`), "CONNECT"),
          "egress.not_allowed",
        );
        deepStrictEqual(h.lookups, []);
        deepStrictEqual(h.dials, [{ address: "127.0.0.1", port: granted.port }]);
        strictEqual(other.accepted(), 0);
      } finally {
        await h.close();
      }
    });
  });
});

Deno.test("egress_exact_ip_grant_allows_only_that_port (HTTP)", async () => {
  await withHttp(async (granted) => {
    await withHttp(async (other) => {
      const h = startEgress({ allow: [`127.0.0.1:${granted.port}`] });
      try {
        const ok = await h.request(httpRequest(`http://127.0.0.1:${granted.port}/`));
        strictEqual(ok.status, 200, ok.head);
        strictEqual(ok.body, "hello from upstream");
        assertDenied(
          await h.request(httpRequest(`http://127.0.0.1:${other.port}/`)),
          "egress.not_allowed",
        );
        // The IPv4 grant does not cover the same address spelled in IPv6.
        assertDenied(
          await h.request(httpRequest(`http://[::ffff:127.0.0.1]:${granted.port}/`)),
          "egress.not_allowed",
        );
        assertDenied(
          await h.request(httpRequest(`http://[::1]:${granted.port}/`)),
          "egress.not_allowed",
        );
        deepStrictEqual(h.lookups, []);
        deepStrictEqual(h.dials, [{ address: "127.0.0.1", port: granted.port }]);
        strictEqual(other.requests.length, 0);
      } finally {
        await h.close();
      }
    });
  });
});

Deno.test("egress_exact_ipv6_grant_allows_that_address (CONNECT)", async () => {
  const echo = startEchoServer("::1");
  const h = startEgress({ allow: [`[0:0::1]:${echo.port}`] });
  try {
    await assertTunnelEchoes(h, `[::1]:${echo.port}`);
    deepStrictEqual(h.dials, [{ address: "::1", port: echo.port }]);
    assertDenied(
      await h.request(connectRequest(`127.0.0.1:${echo.port}`), "CONNECT"),
      "egress.not_allowed",
    );
  } finally {
    await h.close();
    await echo.close();
  }
});

Deno.test("egress_exact_ipv6_grant_allows_that_address (HTTP)", async () => {
  const upstream = startHttpUpstream(undefined, "::1");
  const h = startEgress({ allow: [`[0:0::1]:${upstream.port}`] });
  try {
    const response = await h.request(httpRequest(`http://[::1]:${upstream.port}/v6`));
    strictEqual(response.status, 200, response.head);
    strictEqual(upstream.requests[0]!.target, "/v6");
    deepStrictEqual(h.dials, [{ address: "::1", port: upstream.port }]);
    assertDenied(
      await h.request(httpRequest(`http://127.0.0.1:${upstream.port}/`)),
      "egress.not_allowed",
    );
  } finally {
    await h.close();
    await upstream.close();
  }
});

// --- Host may name the target in another spelling --------------------------

Deno.test("egress_accepts_a_host_header_naming_the_target_in_another_spelling (CONNECT)", async () => {
  await withEcho(async (echo) => {
    const h = startEgress({
      allow: [`svc.test:${echo.port}`, `127.0.0.1:${echo.port}`],
      dns: { "svc.test": ["127.0.0.1"] },
    });
    try {
      for (const host of [`SVC.test:${echo.port}`, `svc.test.:${echo.port}`, "svc.test"]) {
        const client = await h.open();
        try {
          await client.write(`CONNECT svc.test:${echo.port} HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
          const response = await client.readResponse("CONNECT");
          strictEqual(response.status, 200, `Host: ${host}: ${response.head}`);
        } finally {
          client.close();
        }
      }
      // HTTP/1.0 needs no Host at all.
      const old = await h.open();
      try {
        await old.write(`CONNECT svc.test:${echo.port} HTTP/1.0\r\n\r\n`);
        strictEqual((await old.readResponse("CONNECT")).status, 200);
      } finally {
        old.close();
      }
    } finally {
      await h.close();
    }
  });
});

Deno.test("egress_accepts_a_host_header_naming_the_target_in_another_spelling (HTTP)", async () => {
  await withHttp(async (upstream) => {
    const h = startEgress({
      allow: [`svc.test:${upstream.port}`, `127.0.0.1:${upstream.port}`],
      dns: { "svc.test": ["127.0.0.1"] },
    });
    try {
      for (const host of [`SVC.test:${upstream.port}`, `svc.test.:${upstream.port}`]) {
        const response = await h.request(
          `GET http://svc.test:${upstream.port}/ HTTP/1.1\r\nHost: ${host}\r\n\r\n`,
        );
        strictEqual(response.status, 200, `Host: ${host}: ${response.head}`);
      }
      const old = await h.request(`GET http://svc.test:${upstream.port}/ HTTP/1.0\r\n\r\n`);
      strictEqual(old.status, 200, old.head);
      strictEqual(upstream.requests.at(-1)!.headers.host, `svc.test:${upstream.port}`);
    } finally {
      await h.close();
    }
  });
});

// --- egress_wildcard_matches_subdomains_not_apex_or_lookalikes -----------

const WILDCARD_ALLOWED = ["a.svc.test", "deep.a.svc.test", "A.Svc.Test."];
const WILDCARD_DENIED = [
  "svc.test",
  "evilsvc.test",
  "svc.test.evil.test",
  "a.svc.test.evil",
  "a-svc.test",
  "xsvc.test",
];

function wildcardDns(): Record<string, string[]> {
  return Object.fromEntries(
    [...WILDCARD_ALLOWED, ...WILDCARD_DENIED].map((n) => [n.toLowerCase().replace(/\.$/, ""), [
      "127.0.0.1",
    ]]),
  );
}

Deno.test("egress_wildcard_matches_subdomains_not_apex_or_lookalikes (CONNECT)", async () => {
  await withEcho(async (echo) => {
    const h = startEgress({
      allow: [`*.svc.test:${echo.port}`, `127.0.0.1:${echo.port}`],
      dns: wildcardDns(),
    });
    try {
      for (const name of WILDCARD_ALLOWED) await assertTunnelEchoes(h, `${name}:${echo.port}`);
      for (const name of WILDCARD_DENIED) {
        assertDenied(
          await h.request(connectRequest(`${name}:${echo.port}`), "CONNECT"),
          "egress.not_allowed",
          name,
        );
      }
      deepStrictEqual(h.lookups, ["a.svc.test", "deep.a.svc.test", "a.svc.test"]);
      strictEqual(h.dials.length, WILDCARD_ALLOWED.length);
    } finally {
      await h.close();
    }
  });
});

Deno.test("egress_wildcard_matches_subdomains_not_apex_or_lookalikes (HTTP)", async () => {
  await withHttp(async (upstream) => {
    const h = startEgress({
      allow: [`*.svc.test:${upstream.port}`, `127.0.0.1:${upstream.port}`],
      dns: wildcardDns(),
    });
    try {
      for (const name of WILDCARD_ALLOWED) {
        const response = await h.request(httpRequest(`http://${name}:${upstream.port}/`));
        strictEqual(response.status, 200, `${name}: ${response.head}`);
      }
      for (const name of WILDCARD_DENIED) {
        assertDenied(
          await h.request(httpRequest(`http://${name}:${upstream.port}/`)),
          "egress.not_allowed",
          name,
        );
      }
      deepStrictEqual(h.lookups, ["a.svc.test", "deep.a.svc.test", "a.svc.test"]);
      strictEqual(upstream.requests.length, WILDCARD_ALLOWED.length);
    } finally {
      await h.close();
    }
  });
});

// --- egress_host_rule_defaults_to_443_for_connect_and_80_for_http --------

Deno.test("egress_host_rule_defaults_to_443_for_connect_and_80_for_http (CONNECT)", async () => {
  await withEcho(async (echo) => {
    // The spy dials the echo server when asked for port 443 (the address stays 127.0.0.1).
    // Which port a portless rule grants is the point here, not TLS: the echo speaks plain bytes.
    const h = startEgress({
      allow: ["svc.test", "127.0.0.1:443"],
      dns: { "svc.test": ["127.0.0.1"] },
      portMap: { 443: echo.port },
      tlsPorts: [],
    });
    try {
      await assertTunnelEchoes(h, "svc.test:443");
      deepStrictEqual(h.dials, [{ address: "127.0.0.1", port: 443 }]);
      for (const port of [80, 8443, echo.port]) {
        assertDenied(
          await h.request(connectRequest(`svc.test:${port}`), "CONNECT"),
          "egress.not_allowed",
          `port ${port}`,
        );
      }
      deepStrictEqual(h.lookups, ["svc.test"]);
    } finally {
      await h.close();
    }
  });
});

Deno.test("egress_host_rule_defaults_to_443_for_connect_and_80_for_http (HTTP)", async () => {
  await withHttp(async (upstream) => {
    const h = startEgress({
      allow: ["svc.test", "127.0.0.1:80"],
      dns: { "svc.test": ["127.0.0.1"] },
      portMap: { 80: upstream.port },
      // No upstream pool: each request dials its own connection (the pool: egress_proxy_pool_test.ts).
      limits: { maxIdleUpstream: 0 },
    });
    try {
      const response = await h.request(httpRequest("http://svc.test/"));
      strictEqual(response.status, 200, response.head);
      const explicit = await h.request(httpRequest("http://svc.test:80/"));
      strictEqual(explicit.status, 200, explicit.head);
      deepStrictEqual(h.dials, [
        { address: "127.0.0.1", port: 80 },
        { address: "127.0.0.1", port: 80 },
      ]);
      for (const port of [443, 8080, upstream.port]) {
        assertDenied(
          await h.request(httpRequest(`http://svc.test:${port}/`)),
          "egress.not_allowed",
          `port ${port}`,
        );
      }
      deepStrictEqual(h.lookups, ["svc.test", "svc.test"]);
    } finally {
      await h.close();
    }
  });
});

// --- deny_when_policy_throws ---------------------------------------------

/** A policy whose allowlist cannot be read: deciding with it throws. */
const THROWING_POLICY: EgressPolicy = {
  get rules(): never {
    throw new Error("the allowlist is unreadable");
  },
  pins: [],
};

Deno.test("deny_when_policy_throws (CONNECT): 403 policy.error, no lookup, no connect", async () => {
  await withEcho(async (echo) => {
    const h = startEgress({
      allow: [`svc.test:${echo.port}`, `127.0.0.1:${echo.port}`],
      dns: { "svc.test": ["127.0.0.1"] },
      policy: THROWING_POLICY,
    });
    try {
      const response = await h.request(connectRequest(`svc.test:${echo.port}`), "CONNECT");
      assertDenied(response, "policy.error");
      deepStrictEqual(h.lookups, []);
      deepStrictEqual(h.dials, []);
      strictEqual(h.audit.length, 1);
      strictEqual(h.audit[0]!.decision, "deny");
      strictEqual(h.audit[0]!.reason, "policy.error");
    } finally {
      await h.close();
    }
  });
});

Deno.test("deny_when_policy_throws (HTTP): 403 policy.error, no lookup, no connect", async () => {
  await withHttp(async (upstream) => {
    const h = startEgress({
      allow: [`svc.test:${upstream.port}`, `127.0.0.1:${upstream.port}`],
      dns: { "svc.test": ["127.0.0.1"] },
      policy: THROWING_POLICY,
    });
    try {
      const response = await h.request(httpRequest(`http://svc.test:${upstream.port}/`));
      assertDenied(response, "policy.error");
      deepStrictEqual(h.lookups, []);
      deepStrictEqual(h.dials, []);
      strictEqual(upstream.requests.length, 0);
      strictEqual(h.audit.length, 1);
      strictEqual(h.audit[0]!.decision, "deny");
      strictEqual(h.audit[0]!.reason, "policy.error");
    } finally {
      await h.close();
    }
  });
});

// --- DLP on the target runs after the allowlist, before DNS -------------
// One road: the proxy's head scan (`dlp` in the config), judged in `#route`
// after the allowlist and before any lookup.

const SECRET_LABEL = "k3y0000secret";

/** The bottle's DLP knowing SECRET_LABEL as a real secret. */
const DLP = { knownSecrets: [{ label: "test", value: SECRET_LABEL, kind: "real" as const }] };

Deno.test("egress_has_one_dlp_road: the config takes no separate content check", () => {
  const config: EgressProxyConfig = {
    bottle: "test",
    policy: compileEgressPolicy([]),
    // @ts-expect-error DLP runs only through `dlp` (the head scan); there is no second hook.
    contentCheck: () => ({ kind: "allow" }),
  };
  strictEqual(typeof config, "object");
  // decideBeforeResolve takes the policy, the target and the default port: nothing else.
  strictEqual(decideBeforeResolve.length, 3);
});

Deno.test("egress_dlp_denies_before_lookup (CONNECT): secret in a host label", async () => {
  const h = startEgress({
    allow: ["*.svc.test"],
    dns: { [`${SECRET_LABEL}.svc.test`]: ["127.0.0.1"] },
    dlp: DLP,
  });
  try {
    assertDenied(
      await h.request(connectRequest(`${SECRET_LABEL}.svc.test:443`), "CONNECT"),
      "dlp.known_secret",
    );
    deepStrictEqual(h.lookups, []);
    deepStrictEqual(h.dials, []);
  } finally {
    await h.close();
  }
});

Deno.test("egress_dlp_denies_before_lookup (HTTP): secret in the query", async () => {
  const h = startEgress({
    allow: ["svc.test"],
    dns: { "svc.test": ["127.0.0.1"] },
    dlp: DLP,
  });
  try {
    assertDenied(
      await h.request(httpRequest(`http://svc.test/upload?q=${SECRET_LABEL}`)),
      "dlp.known_secret",
    );
    deepStrictEqual(h.lookups, []);
    deepStrictEqual(h.dials, []);
  } finally {
    await h.close();
  }
});

Deno.test("egress_dlp_denies_before_lookup (HTTP): secret in a host label", async () => {
  const h = startEgress({
    allow: ["*.svc.test"],
    dns: { [`${SECRET_LABEL}.svc.test`]: ["127.0.0.1"] },
    dlp: DLP,
  });
  try {
    assertDenied(
      await h.request(httpRequest(`http://${SECRET_LABEL}.svc.test/`)),
      "dlp.known_secret",
    );
    deepStrictEqual(h.lookups, []);
    deepStrictEqual(h.dials, []);
  } finally {
    await h.close();
  }
});

Deno.test("egress_dlp_refuses_only_after_the_allowlist (CONNECT and HTTP)", async () => {
  const h = startEgress({ allow: ["svc.test"], dlp: DLP });
  try {
    // A secret on a host that is not granted is refused by the allowlist, as any other host.
    assertDenied(
      await h.request(connectRequest(`${SECRET_LABEL}.other.test:443`), "CONNECT"),
      "egress.not_allowed",
    );
    assertDenied(
      await h.request(httpRequest(`http://${SECRET_LABEL}.other.test/`)),
      "egress.not_allowed",
    );
    deepStrictEqual(h.lookups, []);
    deepStrictEqual(h.dials, []);
    // A clean request to the granted host passes the allowlist and the DLP, on to DNS.
    const clean = await h.request(httpRequest("http://svc.test/ok"));
    strictEqual(clean.headers.get("x-bottle-error"), "egress.resolve_failed", clean.head);
    deepStrictEqual(h.lookups, ["svc.test"]);
  } finally {
    await h.close();
  }
});
