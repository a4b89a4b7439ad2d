/**
 * DLP on the egress proxy over real loopback sockets: every rule is proved
 * on both roads out where it applies (a CONNECT tunnel and an absolute-form
 * `http://` request). A block is a 403 with `X-Bottle-Deny: dlp.<detector>`,
 * resolves nothing and dials nothing when found in the head, and is audited
 * with the detector and location, never the value. `log` mode lets the
 * request through and audits the same finding.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { brotliCompressSync, deflateSync, gzipSync } from "node:zlib";
import type { AuditEvent } from "../audit/audit_event.ts";
import {
  connectRequest,
  type EgressHarness,
  httpRequest,
  startEgress,
  waitFor,
} from "../../tests/helpers/egress_harness.ts";
import {
  type EchoServer,
  type HttpUpstream,
  startEchoServer,
  startHttpUpstream,
} from "../../tests/helpers/loopback_upstreams.ts";
import type { RawResponse } from "../../tests/helpers/raw_http_client.ts";
import { startRecordingUpstream } from "../../tests/helpers/recording_upstream.ts";
import { within } from "../../tests/helpers/within.ts";
import { sampleFor, seededRandom } from "../dlp/testdata/synthetic_samples.ts";
import type { KnownSecret } from "../dlp/mod.ts";
import type { EgressDlpConfig } from "./egress_dlp.ts";

const random = seededRandom(7);
function randomString(n: number, alphabet: string): string {
  let out = "";
  for (let i = 0; i < n; i++) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}
const URL64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

const PHANTOM = "sk-ant-oat01-" + randomString(86, URL64) + "AA";
const REAL = "sk-ant-api03-" + randomString(93, URL64) + "AA";
const KNOWN: readonly KnownSecret[] = [
  { label: "anthropic", value: REAL, kind: "real" },
  { label: "anthropic-phantom", value: PHANTOM, kind: "phantom" },
];
const AWS_KEY = sampleFor("aws_access_key_id", 0).secret;
/** Everything a test puts on the wire that must never reach the audit log. */
const VALUES = [
  PHANTOM,
  REAL,
  AWS_KEY,
  PHANTOM.slice(13, 40),
  REAL.slice(13, 40),
  AWS_KEY.slice(4),
];

const enc = new TextEncoder();
const hex = (text: string) =>
  [...enc.encode(text)].map((b) => b.toString(16).padStart(2, "0")).join("");
const b64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

/** The only event, checked to hold no secret value. */
async function onlyEvent(h: EgressHarness): Promise<AuditEvent> {
  await within(2_000, waitFor(() => h.audit.length >= 1), "the audit event");
  strictEqual(h.audit.length, 1, JSON.stringify(h.audit));
  const line = JSON.stringify(h.audit[0]);
  for (const value of VALUES) ok(!line.includes(value), `a secret reached the audit log: ${line}`);
  return h.audit[0]!;
}

function assertDlpDenied(response: RawResponse, code: string): void {
  strictEqual(response.status, 403, response.head);
  strictEqual(response.headers.get("x-bottle-deny"), code, response.head);
  for (const value of VALUES) ok(!response.head.includes(value) && !response.body.includes(value));
}

interface Roads {
  readonly h: EgressHarness;
  readonly echo: EchoServer;
  readonly http: HttpUpstream;
}

/** A proxy allowing `*.svc.test` and `svc.test` on both loopback upstreams' ports. */
async function withRoads(dlp: EgressDlpConfig | undefined, run: (r: Roads) => Promise<void>) {
  const echo = startEchoServer();
  const http = startHttpUpstream();
  const h = startEgress({
    allow: [
      `svc.test:${echo.port}`,
      `*.svc.test:${echo.port}`,
      `127.0.0.1:${echo.port}`,
      `svc.test:${http.port}`,
      `*.svc.test:${http.port}`,
      `127.0.0.1:${http.port}`,
    ],
    dns: (host) => host === "svc.test" || host.endsWith(".svc.test") ? ["127.0.0.1"] : [],
    ...(dlp === undefined ? {} : { dlp }),
  });
  try {
    await run({ h, echo, http });
  } finally {
    await h.close();
    await echo.close();
    await http.close();
  }
}

/** Checks a head-level block: 403, no lookup, no dial, one deny event naming detector and place. */
async function assertHeadBlocked(
  r: Roads,
  response: RawResponse,
  detector: string,
  location: string,
): Promise<AuditEvent> {
  assertDlpDenied(response, `dlp.${detector}`);
  deepStrictEqual(r.h.lookups, [], "a blocked request must not be resolved");
  deepStrictEqual(r.h.dials, []);
  strictEqual(r.http.requests.length, 0);
  const event = await onlyEvent(r.h);
  strictEqual(event.decision, "deny");
  strictEqual(event.reason, `dlp.${detector}`);
  const blocked = event.dlp?.filter((f) => f.blocked) ?? [];
  deepStrictEqual(blocked.map((f) => [f.detector, f.location]), [[detector, location]]);
  return event;
}

// --- detectors in the URL ------------------------------------------------

Deno.test("egress_blocks_aws_key_in_query_on_plain_http: 403, nothing resolved, location query:<name>", async () => {
  await withRoads(undefined, async (r) => {
    const url =
      `http://svc.test:${r.http.port}/bucket/object?X-Amz-Credential=${AWS_KEY}%2F20240101%2Fus-east-1&X-Amz-Expires=60`;
    const response = await r.h.request(httpRequest(url));
    const event = await assertHeadBlocked(
      r,
      response,
      "aws_access_key_id",
      "query:X-Amz-Credential",
    );
    strictEqual(event.path, "[redacted]");
  });
});

Deno.test("egress_blocks_github_token_in_path_on_plain_http: location path, path redacted in the audit", async () => {
  await withRoads(undefined, async (r) => {
    const token = sampleFor("github_pat_classic", 0).secret;
    VALUES.push(token);
    const response = await r.h.request(httpRequest(`http://svc.test:${r.http.port}/x/${token}/y`));
    const event = await assertHeadBlocked(r, response, "github_pat_classic", "path");
    strictEqual(event.path, "[redacted]");
  });
});

Deno.test("egress_blocks_known_secret_base64_in_query_on_plain_http: dlp.known_secret, encoding base64", async () => {
  await withRoads({ knownSecrets: KNOWN }, async (r) => {
    const payload = encodeURIComponent(b64(enc.encode(`{"k":"${REAL}"}`)));
    const response = await r.h.request(httpRequest(`http://svc.test:${r.http.port}/?d=${payload}`));
    const event = await assertHeadBlocked(r, response, "known_secret", "query:d");
    const finding = event.dlp!.find((f) => f.blocked)!;
    deepStrictEqual([finding.label, finding.kind, finding.encoding], [
      "anthropic",
      "real",
      "base64",
    ]);
    strictEqual(event.alert, undefined, "a real secret is not a phantom alert");
  });
});

// --- detectors and canaries in headers -----------------------------------

for (const road of ["CONNECT", "HTTP"] as const) {
  Deno.test(`egress_blocks_aws_key_in_header (${road}): 403, location header:<name>`, async () => {
    await withRoads(undefined, async (r) => {
      const extra = `X-Upload-Key: ${AWS_KEY}\r\n`;
      const response = road === "CONNECT"
        ? await r.h.request(connectRequest(`svc.test:${r.echo.port}`, extra), "CONNECT")
        : await r.h.request(httpRequest(`http://svc.test:${r.http.port}/`, { extra }));
      await assertHeadBlocked(r, response, "aws_access_key_id", "header:x-upload-key");
    });
  });

  Deno.test(`egress_blocks_phantom_in_proxy_authorization (${road}): dlp.known_secret, phantom_leak alert`, async () => {
    await withRoads({ knownSecrets: KNOWN }, async (r) => {
      const extra = `Proxy-Authorization: Basic ${btoa(`user:${PHANTOM}`)}\r\n`;
      const response = road === "CONNECT"
        ? await r.h.request(connectRequest(`svc.test:${r.echo.port}`, extra), "CONNECT")
        : await r.h.request(httpRequest(`http://svc.test:${r.http.port}/`, { extra }));
      const event = await assertHeadBlocked(
        r,
        response,
        "known_secret",
        "header:proxy-authorization",
      );
      strictEqual(event.alert, "phantom_leak");
      strictEqual(event.dlp!.find((f) => f.blocked)!.kind, "phantom");
    });
  });
}

// --- the host name -------------------------------------------------------

for (const road of ["CONNECT", "HTTP"] as const) {
  Deno.test(`egress_blocks_phantom_in_${road === "CONNECT" ? "connect_" : ""}hostname_label (${road}): hex in labels, no DNS lookup`, async () => {
    await withRoads({ knownSecrets: KNOWN }, async (r) => {
      const encoded = hex(PHANTOM);
      const labels = encoded.match(/.{1,60}/g)!.join(".");
      const host = `${labels}.svc.test`;
      const response = road === "CONNECT"
        ? await r.h.request(connectRequest(`${host}:${r.echo.port}`), "CONNECT")
        : await r.h.request(httpRequest(`http://${host}:${r.http.port}/`));
      const event = await assertHeadBlocked(r, response, "known_secret", "host");
      strictEqual(event.alert, "phantom_leak");
      strictEqual(event.host, "[redacted].svc.test");
      strictEqual(r.echo.accepted(), 0);
    });
  });

  Deno.test(`egress_blocks_encoded_data_in_hostname_labels (${road}): dlp.entropy_host_label`, async () => {
    await withRoads(undefined, async (r) => {
      const base32 = randomString(26, "abcdefghijklmnopqrstuvwxyz234567");
      const host = `${base32}.${randomString(14, "abcdefghijklmnopqrstuvwxyz234567")}.svc.test`;
      const response = road === "CONNECT"
        ? await r.h.request(connectRequest(`${host}:${r.echo.port}`), "CONNECT")
        : await r.h.request(httpRequest(`http://${host}:${r.http.port}/`));
      const event = await assertHeadBlocked(r, response, "entropy_host_label", "host");
      ok(!event.host.includes(base32), event.host);
    });
  });

  Deno.test(`egress_allows_word_like_subdomains (${road}): no entropy finding`, async () => {
    await withRoads(undefined, async (r) => {
      const host = "api-eu-west-1.internal-services.svc.test";
      if (road === "CONNECT") {
        const client = await r.h.open();
        try {
          await client.write(connectRequest(`${host}:${r.echo.port}`));
          strictEqual((await client.readResponse("CONNECT")).status, 200);
        } finally {
          client.close();
        }
      } else {
        strictEqual((await r.h.request(httpRequest(`http://${host}:${r.http.port}/`))).status, 200);
      }
      await within(2_000, waitFor(() => r.h.audit.length === 1), "the event");
      strictEqual(r.h.audit[0]!.dlp, undefined);
    });
  });
}

Deno.test("egress_keeps_a_secret_in_the_connect_host_out_of_the_audit_of_any_refusal (CONNECT): a Host mismatch too", async () => {
  await withRoads({ knownSecrets: KNOWN }, async (r) => {
    const labels = hex(PHANTOM).match(/.{1,60}/g)!.join(".");
    const target = `${labels}.svc.test:${r.echo.port}`;
    const response = await r.h.request(
      `CONNECT ${target} HTTP/1.1\r\nHost: other.svc.test:${r.echo.port}\r\n\r\n`,
      "CONNECT",
    );
    strictEqual(response.status, 400, response.head);
    strictEqual(response.headers.get("x-bottle-error"), "egress.host_mismatch", response.head);
    const event = await onlyEvent(r.h);
    strictEqual(event.reason, "egress.host_mismatch");
    strictEqual(event.host, "[redacted].svc.test");
    strictEqual(event.alert, "phantom_leak");
    ok(!JSON.stringify(event).includes(hex(PHANTOM).slice(0, 60)), JSON.stringify(event));
    deepStrictEqual(r.h.lookups, []);
  });
});

Deno.test("egress_flags_phantom_even_when_the_host_is_not_allowed (CONNECT): not_allowed, with the alert", async () => {
  await withRoads({ knownSecrets: KNOWN }, async (r) => {
    const extra = `X-Token: ${PHANTOM}\r\n`;
    const response = await r.h.request(
      connectRequest(`elsewhere.test:${r.echo.port}`, extra),
      "CONNECT",
    );
    assertDlpDenied(response, "egress.not_allowed");
    const event = await onlyEvent(r.h);
    strictEqual(event.alert, "phantom_leak");
    deepStrictEqual(event.dlp?.map((f) => [f.detector, f.location, f.blocked]), [
      ["anthropic_oauth_token", "header:x-token", false],
      ["known_secret", "header:x-token", false],
    ]);
  });
});

// --- log mode ------------------------------------------------------------

for (const road of ["CONNECT", "HTTP"] as const) {
  Deno.test(`egress_log_mode_allows_and_audits_findings (${road})`, async () => {
    await withRoads({ mode: "log", knownSecrets: KNOWN }, async (r) => {
      const extra = `X-Key: ${AWS_KEY}\r\n`;
      if (road === "CONNECT") {
        const client = await r.h.open();
        try {
          await client.write(connectRequest(`svc.test:${r.echo.port}`, extra));
          strictEqual((await client.readResponse("CONNECT")).status, 200);
          await client.write("ping");
          strictEqual(new TextDecoder().decode(await client.readExactly(4)), "ping");
        } finally {
          client.close();
        }
      } else {
        const response = await r.h.request(
          httpRequest(`http://svc.test:${r.http.port}/`, { extra }),
        );
        strictEqual(response.status, 200);
        strictEqual(r.http.requests.length, 1);
      }
      const event = await onlyEvent(r.h);
      strictEqual(event.decision, "allow");
      deepStrictEqual(event.dlp, [{
        detector: "aws_access_key_id",
        location: "header:x-key",
        blocked: false,
      }]);
    });
  });
}

Deno.test("egress_audits_random_path_and_query_values_without_blocking (HTTP): entropy findings are log-only", async () => {
  await withRoads(undefined, async (r) => {
    const id = randomString(44, URL64.slice(0, 62));
    const response = await r.h.request(
      httpRequest(
        `http://svc.test:${r.http.port}/d/${id}/edit?ref=${randomString(32, URL64.slice(0, 62))}`,
      ),
    );
    strictEqual(response.status, 200);
    const event = await onlyEvent(r.h);
    deepStrictEqual(event.dlp?.map((f) => [f.detector, f.location, f.blocked]), [
      ["entropy_path", "path", false],
      ["entropy_query", "query:ref", false],
    ]);
    strictEqual(event.path, "[redacted]");
  });
});

// --- bodies --------------------------------------------------------------

/** A POST with `body` framed by Content-Length (and extra fields). */
function post(url: string, body: Uint8Array, extra = ""): Uint8Array {
  const head = enc.encode(
    httpRequest(url, { method: "POST", extra: `Content-Length: ${body.length}\r\n${extra}` }),
  );
  const out = new Uint8Array(head.length + body.length);
  out.set(head);
  out.set(body, head.length);
  return out;
}

Deno.test("egress_blocks_aws_key_in_body_with_content_length (HTTP): 403, the key never reaches the destination", async () => {
  const upstream = startRecordingUpstream();
  const h = startEgress({ allow: [`127.0.0.1:${upstream.port}`] });
  try {
    const body = enc.encode(`${"x".repeat(10_000)} key=${AWS_KEY} ${"y".repeat(100)}`);
    const response = await h.request(post(`http://127.0.0.1:${upstream.port}/up`, body));
    assertDlpDenied(response, "dlp.aws_access_key_id");
    const event = await onlyEvent(h);
    deepStrictEqual(event.dlp, [{
      detector: "aws_access_key_id",
      location: "body:10005",
      blocked: true,
    }]);
    strictEqual(event.decision, "deny");
    await within(2_000, upstream.conns[0]!.ended, "the destination aborted");
    ok(
      !upstream.conns[0]!.received().includes(AWS_KEY.slice(0, 8)),
      "key bytes reached the destination",
    );
  } finally {
    await h.close();
    await upstream.close();
  }
});

Deno.test("egress_finds_secret_split_across_body_chunks (HTTP): no byte of the secret leaves", async () => {
  const upstream = startRecordingUpstream();
  const h = startEgress({ allow: [`127.0.0.1:${upstream.port}`], dlp: { knownSecrets: KNOWN } });
  const client = await h.open();
  try {
    await client.write(httpRequest(`http://127.0.0.1:${upstream.port}/up`, {
      method: "POST",
      extra: "Transfer-Encoding: chunked\r\n",
    }));
    const filler = "z".repeat(20_000);
    const half = 50;
    const chunk = (data: string) => `${data.length.toString(16)}\r\n${data}\r\n`;
    await client.write(chunk(filler + REAL.slice(0, half)));
    // Let the first chunk reach the proxy and be processed on its own.
    await within(
      2_000,
      waitFor(() => (upstream.conns[0]?.received().length ?? 0) > 10_000),
      "the filler",
    );
    ok(
      !upstream.conns[0]!.received().includes(REAL.slice(0, 20)),
      "the secret's first half left early",
    );
    await client.write(chunk(REAL.slice(half) + "tail"));
    await client.write("0\r\n\r\n");
    const response = await within(2_000, client.readResponse(), "the 403");
    assertDlpDenied(response, "dlp.known_secret");
    const event = await onlyEvent(h);
    deepStrictEqual(event.dlp, [{
      detector: "known_secret",
      location: "body:20000",
      blocked: true,
      label: "anthropic",
      kind: "real",
      encoding: "raw",
    }]);
    await within(2_000, upstream.conns[0]!.ended, "the destination aborted");
    ok(
      !upstream.conns[0]!.received().includes(REAL.slice(0, 20)),
      "secret bytes reached the destination",
    );
    ok(!/\r\n0\r\n\r\n$/.test(upstream.conns[0]!.received()), "the destination got a last chunk");
  } finally {
    client.close();
    await h.close();
    await upstream.close();
  }
});

const COMPRESSORS = {
  gzip: (b: Uint8Array) => new Uint8Array(gzipSync(b)),
  deflate: (b: Uint8Array) => new Uint8Array(deflateSync(b)),
  br: (b: Uint8Array) => new Uint8Array(brotliCompressSync(b)),
} as const;

for (const [coding, compress] of Object.entries(COMPRESSORS)) {
  Deno.test(`egress_blocks_phantom_in_${coding}_body (HTTP): decoded and scanned, nothing forwarded`, async () => {
    const upstream = startRecordingUpstream();
    const h = startEgress({ allow: [`127.0.0.1:${upstream.port}`], dlp: { knownSecrets: KNOWN } });
    try {
      const body = compress(enc.encode(JSON.stringify({ note: "x".repeat(5000), token: PHANTOM })));
      const response = await h.request(
        post(`http://127.0.0.1:${upstream.port}/up`, body, `Content-Encoding: ${coding}\r\n`),
      );
      assertDlpDenied(response, "dlp.known_secret");
      const event = await onlyEvent(h);
      strictEqual(event.alert, "phantom_leak");
      strictEqual(event.dlp?.[0]?.location, "body:5020");
      await within(2_000, upstream.conns[0]!.ended, "the destination aborted");
      strictEqual(upstream.conns[0]!.received().split("\r\n\r\n")[1], "", "compressed bytes left");
    } finally {
      await h.close();
      await upstream.close();
    }
  });
}

Deno.test("egress_blocks_gzip_body_over_decode_cap (HTTP): a small bomb is refused, not inflated", async () => {
  const upstream = startRecordingUpstream();
  const h = startEgress({
    allow: [`127.0.0.1:${upstream.port}`],
    dlp: { maxDecodedBytes: 64 * 1024 },
  });
  try {
    const bomb = COMPRESSORS.gzip(new Uint8Array(4 * 1024 * 1024));
    ok(bomb.length < 64 * 1024, `the bomb is ${bomb.length} bytes compressed`);
    const response = await h.request(
      post(`http://127.0.0.1:${upstream.port}/up`, bomb, "Content-Encoding: gzip\r\n"),
    );
    assertDlpDenied(response, "dlp.body_decode_cap");
    deepStrictEqual((await onlyEvent(h)).dlp, [{
      detector: "body_decode_cap",
      location: "body",
      blocked: true,
    }]);
  } finally {
    await h.close();
    await upstream.close();
  }
});

Deno.test("egress_blocks_compressed_body_larger_than_the_cap (HTTP): held bytes are bounded", async () => {
  const upstream = startRecordingUpstream();
  const h = startEgress({
    allow: [`127.0.0.1:${upstream.port}`],
    dlp: { maxDecodedBytes: 16 * 1024 },
  });
  try {
    const noise = COMPRESSORS.gzip(crypto.getRandomValues(new Uint8Array(40 * 1024)));
    const response = await h.request(
      post(`http://127.0.0.1:${upstream.port}/up`, noise, "Content-Encoding: gzip\r\n"),
    );
    assertDlpDenied(response, "dlp.body_decode_cap");
  } finally {
    await h.close();
    await upstream.close();
  }
});

Deno.test("egress_log_mode_forwards_gzip_body_over_decode_cap (HTTP): audited, not blocked", async () => {
  await withRoads({ mode: "log", maxDecodedBytes: 64 * 1024 }, async (r) => {
    const bomb = COMPRESSORS.gzip(new Uint8Array(1024 * 1024));
    const response = await r.h.request(
      post(`http://svc.test:${r.http.port}/up`, bomb, "Content-Encoding: gzip\r\n"),
    );
    strictEqual(response.status, 200);
    strictEqual(r.http.requests.length, 1);
    deepStrictEqual((await onlyEvent(r.h)).dlp, [{
      detector: "body_decode_cap",
      location: "body",
      blocked: false,
    }]);
  });
});

Deno.test("egress_blocks_body_with_an_encoding_it_cannot_decode (HTTP): dlp.body_undecodable", async () => {
  const upstream = startRecordingUpstream();
  const h = startEgress({ allow: [`127.0.0.1:${upstream.port}`] });
  try {
    const response = await h.request(
      post(
        `http://127.0.0.1:${upstream.port}/up`,
        enc.encode("opaque"),
        "Content-Encoding: zstd\r\n",
      ),
    );
    assertDlpDenied(response, "dlp.body_undecodable");
  } finally {
    await h.close();
    await upstream.close();
  }
});

Deno.test("egress_blocks_corrupt_gzip_body (HTTP): what cannot be decoded cannot be scanned", async () => {
  const upstream = startRecordingUpstream();
  const h = startEgress({ allow: [`127.0.0.1:${upstream.port}`] });
  try {
    const gz = COMPRESSORS.gzip(enc.encode("x".repeat(1000)));
    const response = await h.request(
      post(
        `http://127.0.0.1:${upstream.port}/up`,
        gz.subarray(0, 15),
        "Content-Encoding: gzip\r\n",
      ),
    );
    assertDlpDenied(response, "dlp.body_undecodable");
  } finally {
    await h.close();
    await upstream.close();
  }
});

Deno.test("egress_forwards_clean_bodies_unchanged (HTTP): Content-Length, chunked and gzip, 1 MB", async () => {
  await withRoads({ knownSecrets: KNOWN }, async (r) => {
    const text = randomString(1024 * 1024, "abcdefghij klmnop\n");
    const url = `http://svc.test:${r.http.port}/up`;
    strictEqual((await r.h.request(post(url, enc.encode(text)))).status, 200);
    strictEqual(r.http.requests[0]!.body, text);
    const chunked = enc.encode(
      httpRequest(url, { method: "POST", extra: "Transfer-Encoding: chunked\r\n" }) +
        `${(text.length / 2).toString(16)}\r\n${text.slice(0, text.length / 2)}\r\n` +
        `${(text.length / 2).toString(16)}\r\n${text.slice(text.length / 2)}\r\n0\r\n\r\n`,
    );
    strictEqual((await r.h.request(chunked)).status, 200);
    strictEqual(r.http.requests[1]!.body, text);
    const gz = COMPRESSORS.gzip(enc.encode(text));
    strictEqual((await r.h.request(post(url, gz, "Content-Encoding: gzip\r\n"))).status, 200);
    strictEqual(r.http.requests[2]!.headers["content-encoding"], "gzip");
    await within(2_000, waitFor(() => r.h.audit.length === 3), "three events");
    ok(r.h.audit.every((e) => e.dlp === undefined && e.decision === "allow"));
  });
});

Deno.test("egress_answers_403_soon_when_the_client_stalls_after_a_secret (HTTP): no wait for the idle limit", async () => {
  const upstream = startRecordingUpstream();
  const h = startEgress({ allow: [`127.0.0.1:${upstream.port}`] });
  const client = await h.open();
  try {
    const start = `key=${AWS_KEY}&more=`;
    await client.write(
      httpRequest(`http://127.0.0.1:${upstream.port}/up`, {
        method: "POST",
        extra: `Content-Length: ${start.length + 1000}\r\n`,
      }) + start,
    );
    // The rest of the body never comes; the idle limit is 5 s in these tests.
    const response = await within(2_000, client.readResponse(), "the 403");
    assertDlpDenied(response, "dlp.aws_access_key_id");
  } finally {
    client.close();
    await h.close();
    await upstream.close();
  }
});
