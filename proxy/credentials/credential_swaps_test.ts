import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { crc32Base62 } from "../dlp/crc32_base62.ts";
import {
  applySwaps,
  compileCredentialTable,
  type CredentialRequest,
  PATH_NOT_GRANTED_CODE,
  PHANTOM_MISUSE,
  PHANTOM_MISUSE_CODE,
  planSwaps,
  type SwapDecision,
} from "./credential_swaps.ts";

const token = (fill: string) => `ghp_${fill.repeat(30)}${crc32Base62(fill.repeat(30))}`;
const GH_PHANTOM = token("P");
const GH_REAL = token("R");
const NPM_PHANTOM = `npm_${"p".repeat(30)}${crc32Base62("p".repeat(30))}`;
const NPM_REAL = `npm_${"r".repeat(30)}${crc32Base62("r".repeat(30))}`;

const TABLE = compileCredentialTable([
  {
    name: "GH_TOKEN",
    phantom: GH_PHANTOM,
    real: GH_REAL,
    hosts: ["github.com", "*.github.com"],
    paths: [],
  },
  {
    name: "NPM_TOKEN",
    phantom: NPM_PHANTOM,
    real: NPM_REAL,
    hosts: ["registry.npmjs.org"],
    paths: ["/-/", "/@myorg/"],
  },
]);

function request(
  host: string,
  target: string,
  headers: Array<[string, string]> = [],
  port = 443,
): CredentialRequest {
  return { host, port, target, headers: [["host", host], ...headers] };
}

function swapsOf(decision: SwapDecision) {
  ok(decision.kind === "allow", JSON.stringify(decision));
  return decision.swaps;
}

function refused(decision: SwapDecision, code: string, location: string, label: string): void {
  ok(decision.kind === "deny", `expected ${code}, got ${JSON.stringify(decision)}`);
  strictEqual(decision.code, code, decision.reason);
  strictEqual(decision.finding.detector, PHANTOM_MISUSE);
  strictEqual(decision.finding.location, location);
  strictEqual(decision.finding.secret?.label, label);
  strictEqual(decision.finding.secret?.kind, "phantom");
  // A refusal names the credential, never a value.
  for (const value of [GH_PHANTOM, GH_REAL, NPM_PHANTOM, NPM_REAL]) {
    ok(!JSON.stringify(decision).includes(value), "a value in the decision");
  }
}

const basic = (userPassword: string) => `Basic ${btoa(userPassword)}`;

Deno.test("credential_swap_is_planned_for_a_phantom_in_a_header_toward_its_host", () => {
  const swaps = swapsOf(
    planSwaps(
      TABLE,
      request("api.github.com", "/user", [["authorization", `Bearer ${GH_PHANTOM}`]]),
    ),
  );
  deepStrictEqual(swaps, [{
    name: "GH_TOKEN",
    phantom: GH_PHANTOM,
    real: GH_REAL,
    locations: ["header:authorization"],
  }]);
  // Any header value: a custom header too.
  const custom = swapsOf(planSwaps(TABLE, request("github.com", "/", [["x-token", GH_PHANTOM]])));
  deepStrictEqual(custom[0]?.locations, ["header:x-token"]);
});

Deno.test("credential_swap_is_planned_inside_authorization_basic", () => {
  const headers: Array<[string, string]> = [[
    "authorization",
    basic(`x-access-token:${GH_PHANTOM}`),
  ]];
  const swaps = swapsOf(planSwaps(TABLE, request("github.com", "/o/r.git/info/refs", headers)));
  deepStrictEqual(swaps.map((s) => [s.name, s.locations]), [["GH_TOKEN", [
    "header:authorization",
  ]]]);
  const swapped = applySwaps(request("github.com", "/o/r.git/info/refs", headers), swaps);
  deepStrictEqual(swapped.headers[1], ["authorization", basic(`x-access-token:${GH_REAL}`)]);
  ok(!JSON.stringify(swapped).includes(GH_PHANTOM));
});

Deno.test("credential_swap_is_planned_for_a_phantom_in_a_query_value", () => {
  const target = `/repos?access_token=${GH_PHANTOM}&page=2`;
  const swaps = swapsOf(planSwaps(TABLE, request("api.github.com", target)));
  deepStrictEqual(swaps[0]?.locations, ["query:access_token"]);
  strictEqual(
    applySwaps(request("api.github.com", target), swaps).target,
    `/repos?access_token=${GH_REAL}&page=2`,
  );
});

Deno.test("credential_swap_replaces_every_occurrence_and_nothing_else", () => {
  const req = request("api.github.com", `/x?a=${GH_PHANTOM}`, [
    ["authorization", `token ${GH_PHANTOM}`],
    ["x-other", "unchanged"],
  ]);
  const swapped = applySwaps(req, swapsOf(planSwaps(TABLE, req)));
  deepStrictEqual(swapped, {
    target: `/x?a=${GH_REAL}`,
    headers: [
      ["host", "api.github.com"],
      ["authorization", `token ${GH_REAL}`],
      ["x-other", "unchanged"],
    ],
  });
  // No phantom: nothing to swap, the head as it came.
  const plain = request("api.github.com", "/x", [["accept", "*/*"]]);
  deepStrictEqual(swapsOf(planSwaps(TABLE, plain)), []);
  deepStrictEqual(applySwaps(plain, []), { target: "/x", headers: plain.headers });
});

Deno.test("credential_swap_percent_encodes_the_real_value_in_a_query", () => {
  const table = compileCredentialTable([{
    name: "API_KEY",
    phantom: "key_AbCdEfGhIjKlMnOpQrStUvWx",
    real: "real+key/with=chars&more",
    hosts: ["api.example.test"],
    paths: [],
  }]);
  const req = request("api.example.test", "/v1?key=key_AbCdEfGhIjKlMnOpQrStUvWx");
  const swapped = applySwaps(req, swapsOf(planSwaps(table, req)));
  strictEqual(swapped.target, `/v1?key=${encodeURIComponent("real+key/with=chars&more")}`);
});

Deno.test("phantom_toward_a_host_not_granted_is_phantom_misuse", () => {
  for (
    const host of ["gitlab.com", "a.b.github.com", "github.com.evil.test", "registry.npmjs.org"]
  ) {
    refused(
      planSwaps(TABLE, request(host, "/-/x", [["authorization", `Bearer ${GH_PHANTOM}`]])),
      PHANTOM_MISUSE_CODE,
      "header:authorization",
      "credential_phantom:GH_TOKEN",
    );
  }
  // The right name on another port is another service.
  refused(
    planSwaps(TABLE, request("github.com", "/", [["authorization", GH_PHANTOM]], 8443)),
    PHANTOM_MISUSE_CODE,
    "header:authorization",
    "credential_phantom:GH_TOKEN",
  );
});

Deno.test("phantom_in_a_query_to_another_host_is_phantom_misuse", () => {
  refused(
    planSwaps(TABLE, request("evil.test", `/collect?t=${GH_PHANTOM}`)),
    PHANTOM_MISUSE_CODE,
    "query:t",
    "credential_phantom:GH_TOKEN",
  );
});

Deno.test("phantom_toward_its_host_under_a_path_not_granted_is_path_not_granted", () => {
  const auth: Array<[string, string]> = [["authorization", `Bearer ${NPM_PHANTOM}`]];
  refused(
    planSwaps(TABLE, request("registry.npmjs.org", "/@other/pkg", auth)),
    PATH_NOT_GRANTED_CODE,
    "header:authorization",
    "credential_phantom:NPM_TOKEN",
  );
  refused(
    planSwaps(TABLE, request("registry.npmjs.org", "/@myorg/../@other/pkg", auth)),
    PATH_NOT_GRANTED_CODE,
    "header:authorization",
    "credential_phantom:NPM_TOKEN",
  );
  deepStrictEqual(
    swapsOf(planSwaps(TABLE, request("registry.npmjs.org", "/@myorg%2fpkg", auth))).map((s) =>
      s.name
    ),
    ["NPM_TOKEN"],
  );
  // Without the phantom, a path outside the grant is none of the credential's business.
  deepStrictEqual(swapsOf(planSwaps(TABLE, request("registry.npmjs.org", "/@other/pkg"))), []);
});

Deno.test("phantom_in_another_encoding_is_phantom_misuse_even_toward_its_host", () => {
  const b64 = btoa(GH_PHANTOM);
  const hex = [...new TextEncoder().encode(GH_PHANTOM)].map((b) => b.toString(16).padStart(2, "0"))
    .join("");
  const cases: Array<[CredentialRequest, string, string]> = [
    [request("github.com", "/", [["x-token", b64]]), "header:x-token", "base64"],
    [request("github.com", "/", [["x-token", hex]]), "header:x-token", "hex"],
    [
      request("github.com", "/", [["x-token", [...GH_PHANTOM].reverse().join("")]]),
      "header:x-token",
      "reversed",
    ],
    [request("github.com", `/?t=${b64}`), "query:t", "base64"],
    // A Basic credential whose password is the phantom's base64, not the phantom.
    [
      request("github.com", "/", [["authorization", basic(`u:${b64}`)]]),
      "header:authorization",
      "base64",
    ],
  ];
  for (const [req, location, encoding] of cases) {
    const decision = planSwaps(TABLE, req);
    refused(decision, PHANTOM_MISUSE_CODE, location, "credential_phantom:GH_TOKEN");
    strictEqual(decision.kind === "deny" && decision.finding.secret?.encoding, encoding);
  }
});

Deno.test("phantom_in_the_path_host_or_a_header_name_is_phantom_misuse", () => {
  refused(
    planSwaps(TABLE, request("github.com", `/${GH_PHANTOM}/x`)),
    PHANTOM_MISUSE_CODE,
    "path",
    "credential_phantom:GH_TOKEN",
  );
  refused(
    planSwaps(TABLE, request(`${GH_PHANTOM.toLowerCase()}.evil.test`, "/")),
    PHANTOM_MISUSE_CODE,
    "host",
    "credential_phantom:GH_TOKEN",
  );
  refused(
    planSwaps(TABLE, request("github.com", "/", [[`x-${GH_PHANTOM}`, "1"]])),
    PHANTOM_MISUSE_CODE,
    "header:#2",
    "credential_phantom:GH_TOKEN",
  );
});

Deno.test("one_phantom_astray_refuses_the_whole_request", () => {
  // The GitHub phantom may go here; the npm one may not: nothing is swapped.
  refused(
    planSwaps(
      TABLE,
      request("api.github.com", "/", [
        ["authorization", `Bearer ${GH_PHANTOM}`],
        ["x-npm", NPM_PHANTOM],
      ]),
    ),
    PHANTOM_MISUSE_CODE,
    "header:x-npm",
    "credential_phantom:NPM_TOKEN",
  );
});

Deno.test("credential_table_of_no_credentials_swaps_nothing_and_refuses_nothing", () => {
  const empty = compileCredentialTable([]);
  deepStrictEqual(
    swapsOf(planSwaps(empty, request("github.com", `/?t=${GH_PHANTOM}`, [["x", GH_PHANTOM]]))),
    [],
  );
});
