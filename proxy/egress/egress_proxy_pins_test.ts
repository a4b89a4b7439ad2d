/**
 * `egress.hosts` over real loopback sockets, on both roads out of a bottle
 * (a `CONNECT` tunnel and an absolute-form `http://` request): a pinned name
 * is dialled at its pinned address without any DNS lookup, and a pin is the
 * only way a name reaches a loopback or private address. DNS is an in-memory
 * map and `connect` a spy that refuses anything but loopback.
 */
import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { clientHello } from "../../tests/helpers/client_hello.ts";
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

const PINNED = "git.example.test";

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

function assertDenied(response: RawResponse, code: string, what = ""): void {
  strictEqual(response.status, 403, `${what} ${response.head}`);
  strictEqual(response.headers.get("x-bottle-deny"), code, what);
}

/** Opens a tunnel, sends `first`, and proves it comes back through the echo server. */
async function assertTunnelEchoes(
  h: EgressHarness,
  authority: string,
  first: Uint8Array | string = `ping through ${authority}`,
): Promise<void> {
  const client = await h.open();
  try {
    await client.write(connectRequest(authority));
    const response = await client.readResponse("CONNECT");
    strictEqual(response.status, 200, `CONNECT ${authority}: ${response.head}`);
    const bytes = typeof first === "string" ? new TextEncoder().encode(first) : first;
    await client.write(bytes);
    deepStrictEqual(await client.readExactly(bytes.length), bytes);
  } finally {
    client.close();
  }
}

Deno.test("egress_hosts_pin_reaches_loopback_by_name_without_dns (CONNECT)", async () => {
  await withEcho(async (echo) => {
    const h = startEgress({
      allow: [`${PINNED}:${echo.port}`],
      hosts: { [PINNED]: "127.0.0.1" },
      // A resolver that would answer something else: it must never be asked.
      dns: { [PINNED]: ["93.184.215.14"] },
    });
    try {
      await assertTunnelEchoes(h, `${PINNED}:${echo.port}`);
      deepStrictEqual(h.lookups, []);
      deepStrictEqual(h.dials, [{ address: "127.0.0.1", port: echo.port }]);
      strictEqual(h.audit.at(-1)?.host, PINNED);
    } finally {
      await h.close();
    }
  });
});

Deno.test("egress_hosts_pin_reaches_loopback_by_name_without_dns (HTTP)", async () => {
  await withHttp(async (upstream) => {
    const h = startEgress({
      allow: [`${PINNED}:${upstream.port}`],
      hosts: { [PINNED]: "127.0.0.1" },
      dns: { [PINNED]: ["93.184.215.14"] },
    });
    try {
      const response = await h.request(httpRequest(`http://${PINNED}:${upstream.port}/x?a=1`));
      strictEqual(response.status, 200, response.head);
      strictEqual(upstream.requests.length, 1);
      // The destination sees the name, not the pinned address.
      strictEqual(upstream.requests[0]!.headers.host, `${PINNED}:${upstream.port}`);
      deepStrictEqual(h.lookups, []);
      deepStrictEqual(h.dials, [{ address: "127.0.0.1", port: upstream.port }]);
    } finally {
      await h.close();
    }
  });
});

Deno.test("egress_hosts_pin_on_a_tls_port_still_checks_the_client_hello_names_the_pinned_host", async () => {
  await withEcho(async (echo) => {
    const h = startEgress({
      allow: [PINNED],
      hosts: { [PINNED]: "127.0.0.1" },
      portMap: { 443: echo.port },
    });
    try {
      await assertTunnelEchoes(h, `${PINNED}:443`, clientHello({ names: [PINNED] }));
      deepStrictEqual(h.dials, [{ address: "127.0.0.1", port: 443 }]);
      // A ClientHello naming another host is closed before anything is dialled.
      const client = await h.open();
      try {
        await client.write(connectRequest(`${PINNED}:443`));
        strictEqual((await client.readResponse("CONNECT")).status, 200);
        await client.write(clientHello({ names: ["other.test"] }));
        await client.readToEnd();
      } finally {
        client.close();
      }
      strictEqual(h.dials.length, 1);
      deepStrictEqual(h.lookups, []);
    } finally {
      await h.close();
    }
  });
});

for (const road of ["CONNECT", "HTTP"] as const) {
  Deno.test(`egress_hosts_pin_is_the_only_way_a_name_reaches_loopback (${road})`, async () => {
    const port = 8080;
    const h = startEgress({
      allow: [`${PINNED}:${port}`, `other.test:${port}`, `pinned-elsewhere.test:${port}`],
      hosts: { [PINNED]: "127.0.0.1", "pinned-elsewhere.test": "127.0.0.2" },
      // Another granted name resolving to the pinned address gets nothing from the pin.
      dns: { "other.test": ["127.0.0.1"] },
    });
    const ask = (authority: string) =>
      road === "CONNECT"
        ? h.request(connectRequest(authority), "CONNECT")
        : h.request(httpRequest(`http://${authority}/`));
    try {
      assertDenied(await ask(`other.test:${port}`), "egress.private_address", "other.test");
      // The pinned address written as an IP needs an exact address rule.
      assertDenied(await ask(`127.0.0.1:${port}`), "egress.not_allowed", "127.0.0.1");
      // A pinned name is reachable only on the ports the allowlist grants it.
      assertDenied(await ask(`${PINNED}:9090`), "egress.not_allowed", `${PINNED}:9090`);
      deepStrictEqual(h.lookups, ["other.test"]);
      deepStrictEqual(h.dials, []);
    } finally {
      await h.close();
    }
  });

  Deno.test(`egress_hosts_pin_does_not_put_its_name_on_the_allowlist (${road})`, async () => {
    const h = startEgress({ allow: [], hosts: { [PINNED]: "127.0.0.1" } });
    try {
      const response = road === "CONNECT"
        ? await h.request(connectRequest(`${PINNED}:443`), "CONNECT")
        : await h.request(httpRequest(`http://${PINNED}/`));
      assertDenied(response, "egress.not_allowed");
      deepStrictEqual(h.lookups, []);
      deepStrictEqual(h.dials, []);
    } finally {
      await h.close();
    }
  });
}
