import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { parseRequestHead, type RequestHead } from "../http/parse_request_head.ts";
import {
  type ApiDecision,
  type ApiRequestPolicy,
  decideApiRequest,
  withBodyLength,
} from "./decide_api_request.ts";
import { upstreamEndpoint } from "./upstream_endpoint.ts";

const PHANTOM = "sk-ant-oat01-PHANTOM";
const POLICY: ApiRequestPolicy = {
  endpoint: upstreamEndpoint("https://api.anthropic.com"),
  credential: { type: "oauth", value: "sk-ant-oat01-REAL" },
  phantom: PHANTOM,
};

function head(line: string, ...fields: string[]): RequestHead {
  const text = `${line}\r\nHost: 127.0.0.1:8080\r\n${fields.map((f) => `${f}\r\n`).join("")}\r\n`;
  const parsed = parseRequestHead(Uint8Array.from(text, (c) => c.charCodeAt(0)));
  ok(parsed.kind === "head", JSON.stringify(parsed));
  return parsed.head;
}

function refusal(decision: ApiDecision): [number, string] {
  ok(decision.kind === "refuse", "the request was forwarded");
  return [decision.refusal.status, decision.refusal.code];
}

const text = (bytes: Uint8Array) => String.fromCharCode(...bytes);
const auth = `Authorization: Bearer ${PHANTOM}`;

Deno.test("decideApiRequest() writes the upstream head: real credential, Host, no framing, no hop-by-hop", () => {
  const decision = decideApiRequest(
    head(
      "POST /v1/messages?beta=true HTTP/1.1",
      auth,
      "Content-Type: application/json",
      "Anthropic-Version: 2023-06-01",
      "anthropic-beta: oauth-2025-04-20",
      "X-App: cli",
      "User-Agent: claude-cli/2.1.328 (external, cli)",
      "X-Claude-Code-Session-Id: s-1",
      "Accept-Encoding: gzip, br",
      "Connection: keep-alive, x-hop",
      "X-Hop: 1",
      "Keep-Alive: timeout=5",
      "Cookie: a=b",
      "Proxy-Authorization: Basic eA==",
      "Expect: 100-continue",
      "Content-Length: 2",
    ),
    POLICY,
  );
  ok(decision.kind === "forward");
  strictEqual(decision.body, true);
  strictEqual(
    text(decision.head),
    "POST /v1/messages?beta=true HTTP/1.1\r\n" +
      "host: api.anthropic.com\r\n" +
      "content-type: application/json\r\n" +
      "anthropic-version: 2023-06-01\r\n" +
      "anthropic-beta: oauth-2025-04-20\r\n" +
      "x-app: cli\r\n" +
      "user-agent: claude-cli/2.1.328 (external, cli)\r\n" +
      "x-claude-code-session-id: s-1\r\n" +
      "accept-encoding: identity\r\n" +
      "authorization: Bearer sk-ant-oat01-REAL\r\n\r\n",
  );
  strictEqual(
    text(withBodyLength(decision.head, 1234)),
    text(decision.head).slice(0, -2) + "content-length: 1234\r\n\r\n",
  );
});

Deno.test("decideApiRequest() injects x-api-key for API keys and keeps a gateway's base path and port", () => {
  const decision = decideApiRequest(head("GET /v1/models HTTP/1.1", `x-api-key: ${PHANTOM}`), {
    ...POLICY,
    endpoint: upstreamEndpoint("http://127.0.0.1:9000/gateway/"),
    credential: { type: "apiKey", value: "sk-ant-api03-REAL" },
  });
  ok(decision.kind === "forward");
  strictEqual(decision.body, false);
  strictEqual(
    text(decision.head),
    "GET /gateway/v1/models HTTP/1.1\r\nhost: 127.0.0.1:9000\r\n" +
      "accept-encoding: identity\r\n" +
      "x-api-key: sk-ant-api03-REAL\r\n\r\n",
  );
});

Deno.test("decideApiRequest() refuses paths off the allowlist before anything else (404)", () => {
  for (
    const target of [
      "/v1/complete",
      "/v1/messages/batches",
      "/v1/messages/../files",
      "/v1/%2e%2e/files",
      "//v1/messages",
      "/v1/models/../files",
      "http://api.anthropic.com/v1/messages",
    ]
  ) {
    deepStrictEqual(
      refusal(decideApiRequest(head(`POST ${target} HTTP/1.1`), POLICY)),
      [404, "api.path_not_allowed"],
      target,
    );
  }
  deepStrictEqual(
    refusal(decideApiRequest(head("CONNECT api.anthropic.com:443 HTTP/1.1", auth), POLICY)),
    [404, "api.path_not_allowed"],
  );
});

Deno.test("decideApiRequest() forwards only GET and POST (405)", () => {
  for (const method of ["PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"]) {
    deepStrictEqual(
      refusal(decideApiRequest(head(`${method} /v1/messages HTTP/1.1`, auth), POLICY)),
      [405, "api.method_not_allowed"],
    );
  }
});

Deno.test("decideApiRequest() accepts only exactly one phantom credential (401)", () => {
  for (
    const fields of [
      [],
      ["Authorization: Bearer sk-ant-oat01-REAL"],
      [`Authorization: Basic ${PHANTOM}`],
      [`Authorization: Bearer ${PHANTOM}x`],
      [auth, auth],
      [`x-api-key: ${PHANTOM}`, `x-api-key: ${PHANTOM}`],
      ["Authorization: Bearer wrong", `x-api-key: ${PHANTOM}`],
    ]
  ) {
    deepStrictEqual(
      refusal(decideApiRequest(head("POST /v1/messages HTTP/1.1", ...fields), POLICY)),
      [401, "api.bad_credential"],
      fields.join(" | "),
    );
  }
  const viaKey = decideApiRequest(
    head("POST /v1/messages HTTP/1.1", `X-Api-Key: ${PHANTOM}`, "Content-Length: 2"),
    POLICY,
  );
  strictEqual(viaKey.kind, "forward");
});

Deno.test("decideApiRequest() refuses a GET with a body and a POST without one (400)", () => {
  deepStrictEqual(
    refusal(decideApiRequest(head("GET /v1/models HTTP/1.1", auth, "Content-Length: 5"), POLICY)),
    [400, "api.bad_body"],
  );
  for (const framing of [[], ["Content-Length: 0"]]) {
    deepStrictEqual(
      refusal(decideApiRequest(head("POST /v1/messages HTTP/1.1", auth, ...framing), POLICY)),
      [400, "api.bad_body"],
    );
  }
  const chunked = decideApiRequest(
    head("POST /v1/messages HTTP/1.1", auth, "Transfer-Encoding: chunked"),
    POLICY,
  );
  strictEqual(chunked.kind, "forward");
});
