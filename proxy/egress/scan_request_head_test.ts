/**
 * DLP on request heads, without sockets: where each finding is reported, that
 * a location never carries the value (a query or header name holding a
 * secret is named by position), and that encoded forms are decoded first.
 */
import { deepStrictEqual, ok } from "node:assert/strict";
import { sampleFor } from "../dlp/testdata/synthetic_samples.ts";
import { compileEgressDlp } from "./egress_dlp.ts";
import { scanHeaders, scanHost, scanPathAndQuery, scanRequestHead } from "./scan_request_head.ts";

const PHANTOM = "sk-ant-oat01-" + "Hk3pQ9".repeat(15) + "AA";
const DLP = compileEgressDlp({
  knownSecrets: [{ label: "phantom", value: PHANTOM, kind: "phantom" }],
});
const GH = sampleFor("github_pat_classic", 0).secret;

Deno.test("scanPathAndQuery() names the parameter a finding is in", () => {
  deepStrictEqual(scanPathAndQuery(DLP, `/a?x=1&auth=${GH}`).map((f) => [f.detector, f.location]), [
    ["github_pat_classic", "query:auth"],
    ["entropy_query", "query:auth"],
  ]);
});

Deno.test("scanPathAndQuery() names a parameter by position when its name holds the finding", () => {
  const found = scanPathAndQuery(DLP, `/a?${GH}=1`);
  deepStrictEqual(found.map((f) => f.location), ["query:#1"]);
  ok(!JSON.stringify(found).includes(GH));
});

Deno.test("scanPathAndQuery() decodes percent-encoding before looking", () => {
  const encoded = [...PHANTOM].map((c) => "%" + c.charCodeAt(0).toString(16)).join("");
  deepStrictEqual(
    scanPathAndQuery(DLP, `/p/${encoded}`).map((f) => f.detector).sort(),
    ["anthropic_oauth_token", "entropy_path", "known_secret"],
  );
  const partly = encodeURIComponent(PHANTOM).replace("sk-", "sk%2D");
  deepStrictEqual(
    scanPathAndQuery(DLP, `/?q=${partly}`).map((f) => f.detector).sort(),
    ["anthropic_oauth_token", "entropy_query", "known_secret"],
  );
});

Deno.test("scanHost() finds a phantom cut into hex labels, case-folded, and random labels", () => {
  const hex = [...new TextEncoder().encode(PHANTOM)].map((b) => b.toString(16).padStart(2, "0"))
    .join("");
  const host = hex.match(/.{1,50}/g)!.join(".") + ".x.example.com";
  const found = scanHost(DLP, host);
  ok(found.some((f) => f.detector === "known_secret" && f.secret?.kind === "phantom"));
  ok(found.some((f) => f.detector === "entropy_host_label"));
  deepStrictEqual(scanHost(DLP, "registry.npmjs.org"), []);
});

Deno.test("scanHeaders() scans name and value together and decodes Basic credentials", () => {
  const aws = sampleFor("aws_secret_access_key", 0).secret;
  deepStrictEqual(scanHeaders(DLP, [["x-aws-secret-access-key", aws]]).map((f) => f.detector), [
    "aws_secret_access_key",
  ]);
  const basic = `Basic ${btoa(`me:${GH}`)}`;
  deepStrictEqual(
    scanHeaders(DLP, [["authorization", basic]]).map((f) => [f.detector, f.location]),
    [
      ["github_pat_classic", "header:authorization"],
    ],
  );
  deepStrictEqual(
    scanHeaders(DLP, [["host", `${GH}.example.com`]]),
    [],
    "the host is scanned as the target",
  );
});

Deno.test("scanRequestHead() finds nothing in an ordinary request", () => {
  deepStrictEqual(
    scanRequestHead(
      DLP,
      {
        host: "registry.npmjs.org",
        port: 80,
        kind: "name",
        path: "/-/v1/search?text=left-pad&size=20",
      },
      [["user-agent", "npm/10.8.1 node/v22.3.0 linux x64 workspaces/false"], [
        "accept",
        "application/json",
      ]],
    ),
    [],
  );
});

Deno.test("scanHeaders() reports a secret split across two fields once, at headers:joined", () => {
  const found = scanHeaders(DLP, [["x-a", PHANTOM.slice(0, 40)], ["x-b", PHANTOM.slice(40)]]);
  deepStrictEqual(
    found.filter((f) => f.detector === "known_secret").map((f) => f.location),
    ["headers:joined"],
  );
});

Deno.test("scanPathAndQuery() does not report again at query:joined what one value holds", () => {
  const found = scanPathAndQuery(DLP, `/?a=1&k=${PHANTOM}`);
  deepStrictEqual(found.filter((f) => f.location === "query:joined"), []);
});
