/**
 * Secrets cut up or re-encoded to slip past DLP, over real loopback sockets:
 * a known secret or a credential format split across two header fields (on
 * both roads, CONNECT and plain HTTP) or two query parameters (plain HTTP
 * only: a CONNECT has no query), and a known secret in a line-wrapped base64
 * or UTF-16 body (plain HTTP: a tunnel's bytes are not read). Each is a 403
 * naming the finding; nothing of the request reaches the destination.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import type { AuditEvent } from "../audit/audit_event.ts";
import {
  connectRequest,
  type EgressHarness,
  httpRequest,
  startEgress,
  waitFor,
} from "../../tests/helpers/egress_harness.ts";
import { startEchoServer } from "../../tests/helpers/loopback_upstreams.ts";
import type { RawResponse } from "../../tests/helpers/raw_http_client.ts";
import { startRecordingUpstream } from "../../tests/helpers/recording_upstream.ts";
import { within } from "../../tests/helpers/within.ts";
import { sampleFor, seededRandom } from "../dlp/testdata/synthetic_samples.ts";
import type { KnownSecret } from "../dlp/mod.ts";

const random = seededRandom(11);
const URL64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
let tail = "";
for (let i = 0; i < 93; i++) tail += URL64[Math.floor(random() * URL64.length)];
const REAL = "sk-ant-api03-" + tail + "AA";
const KNOWN: readonly KnownSecret[] = [{ label: "anthropic", value: REAL, kind: "real" }];
const GH = sampleFor("github_pat_classic", 3).secret;
const enc = new TextEncoder();

/** The only audit event, checked to hold no part of a secret. */
async function onlyEvent(h: EgressHarness): Promise<AuditEvent> {
  await within(2_000, waitFor(() => h.audit.length >= 1), "the audit event");
  strictEqual(h.audit.length, 1, JSON.stringify(h.audit));
  const line = JSON.stringify(h.audit[0]);
  for (const part of [REAL.slice(13, 50), REAL.slice(60), GH.slice(4, 20), GH.slice(20)]) {
    ok(!line.includes(part), `a secret reached the audit log: ${line}`);
  }
  return h.audit[0]!;
}

/** 403 with the DLP code, and the blocking finding's detector and location. */
async function assertBlocked(
  h: EgressHarness,
  response: RawResponse,
  detector: string,
  location: string | RegExp,
): Promise<AuditEvent> {
  strictEqual(response.status, 403, response.head);
  strictEqual(response.headers.get("x-bottle-deny"), `dlp.${detector}`, response.head);
  const event = await onlyEvent(h);
  const blocked = event.dlp?.filter((f) => f.blocked) ?? [];
  deepStrictEqual(blocked.map((f) => f.detector), [detector]);
  const where = blocked[0]!.location;
  ok(typeof location === "string" ? where === location : location.test(where), where);
  return event;
}

/** A POST with `body` framed by Content-Length. */
function post(url: string, body: Uint8Array): Uint8Array {
  const head = enc.encode(
    httpRequest(url, { method: "POST", extra: `Content-Length: ${body.length}\r\n` }),
  );
  const out = new Uint8Array(head.length + body.length);
  out.set(head);
  out.set(body, head.length);
  return out;
}

/** Runs `run` against a proxy granting a recording upstream and an echo server on loopback. */
async function withProxy(
  run: (h: EgressHarness, ports: { http: number; echo: number }) => Promise<void>,
  check: (received: string) => void = () => {},
): Promise<void> {
  const upstream = startRecordingUpstream();
  const echo = startEchoServer();
  const h = startEgress({
    allow: [
      `svc.test:${upstream.port}`,
      `127.0.0.1:${upstream.port}`,
      `svc.test:${echo.port}`,
      `127.0.0.1:${echo.port}`,
    ],
    dns: { "svc.test": ["127.0.0.1"] },
    dlp: { knownSecrets: KNOWN },
  });
  try {
    await run(h, { http: upstream.port, echo: echo.port });
    strictEqual(echo.accepted(), 0, "a blocked CONNECT reached the destination");
    check(upstream.conns.map((c) => c.received()).join(""));
  } finally {
    await h.close();
    await upstream.close();
    await echo.close();
  }
}

const noSecretArrived = (received: string) => ok(!received.includes(REAL.slice(13, 40)));

for (const road of ["CONNECT", "HTTP"] as const) {
  for (
    const [what, secret, detector] of [
      ["a known secret", REAL, "known_secret"],
      ["a GitHub token", GH, "github_pat_classic"],
    ] as const
  ) {
    Deno.test(`egress_blocks_a_known_secret_split_across_two_headers (${road}): ${what}, found in the values joined`, async () => {
      await withProxy(async (h, ports) => {
        const cut = Math.floor(secret.length / 2);
        const extra = `X-A: ${secret.slice(0, cut)}\r\nX-B: ${secret.slice(cut)}\r\n`;
        const response = road === "CONNECT"
          ? await h.request(connectRequest(`svc.test:${ports.echo}`, extra), "CONNECT")
          : await h.request(httpRequest(`http://svc.test:${ports.http}/`, { extra }));
        await assertBlocked(h, response, detector, "headers:joined");
        deepStrictEqual(h.dials, [], "a blocked head is never dialled");
      }, noSecretArrived);
    });
  }
}

Deno.test("egress_blocks_a_known_secret_split_across_two_query_parameters (HTTP): found in the values joined", async () => {
  await withProxy(async (h, ports) => {
    const cut = 50;
    const url = `http://svc.test:${ports.http}/x?a=${REAL.slice(0, cut)}&b=${REAL.slice(cut)}`;
    const response = await h.request(httpRequest(url));
    const event = await assertBlocked(h, response, "known_secret", "query:joined");
    strictEqual(event.path, "[redacted]");
  }, noSecretArrived);
});

/** `text` cut into lines of `width` characters joined by `eol`. */
function wrap(text: string, width: number, eol: string): string {
  return (text.match(new RegExp(`.{1,${width}}`, "g")) ?? []).join(eol);
}

for (
  const [name, width, eol] of [["MIME CRLF", 76, "\r\n"], ["MIME LF", 76, "\n"], [
    "PEM",
    64,
    "\n",
  ]] as const
) {
  Deno.test(`egress_blocks_a_known_secret_in_a_line_wrapped_base64_body (HTTP, ${name}): dlp.known_secret`, async () => {
    await withProxy(async (h, ports) => {
      const attachment = enc.encode(`config:\n  padding: ${"p".repeat(37)}\n  key: ${REAL}\n`);
      const b64 = btoa(String.fromCharCode(...attachment));
      const body = enc.encode(
        `--b\r\nContent-Transfer-Encoding: base64\r\n\r\n${wrap(b64, width, eol)}\r\n--b--\r\n`,
      );
      const response = await h.request(post(`http://svc.test:${ports.http}/upload`, body));
      const event = await assertBlocked(h, response, "known_secret", /^body:\d+$/);
      strictEqual(event.dlp!.find((f) => f.blocked)!.encoding, "base64 (line-wrapped)");
    }, (received) => ok(!received.includes("Content-Transfer-Encoding"), "the body went out"));
  });
}

for (const littleEndian of [true, false]) {
  Deno.test(`egress_blocks_a_known_secret_in_a_utf16_body (HTTP, UTF-16${littleEndian ? "LE" : "BE"}): dlp.known_secret`, async () => {
    await withProxy(async (h, ports) => {
      const text = `\ufeff{"note": "deploy", "key": "${REAL}"}`;
      const body = new Uint8Array(text.length * 2);
      const view = new DataView(body.buffer);
      for (let i = 0; i < text.length; i++) view.setUint16(2 * i, text.charCodeAt(i), littleEndian);
      const response = await h.request(post(`http://svc.test:${ports.http}/upload`, body));
      const event = await assertBlocked(h, response, "known_secret", /^body:\d+$/);
      ok(event.dlp!.find((f) => f.blocked)!.encoding!.startsWith("utf16"));
    }, (received) => ok(!received.includes('"\u0000n'), "the body went out"));
  });
}
