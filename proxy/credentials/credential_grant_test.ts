import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import {
  compileCredentialGrant,
  credentialHostMatches,
  credentialPathProblem,
  parseCredentialHost,
  pathGranted,
  realValueProblem,
} from "./credential_grant.ts";

function host(entry: string) {
  const parsed = parseCredentialHost(entry);
  ok(parsed.kind === "host", entry);
  return parsed.host;
}

Deno.test("credential_host_is_a_name_or_a_one_label_wildcard_on_port_443_unless_written", () => {
  deepStrictEqual(host("GitHub.com."), { kind: "host", name: "github.com", port: 443 });
  deepStrictEqual(host("*.github.com"), { kind: "suffix", name: "github.com", port: 443 });
  deepStrictEqual(host("git.example.test:8443"), {
    kind: "host",
    name: "git.example.test",
    port: 8443,
  });
  const ip = parseCredentialHost("127.0.0.1:443");
  ok(ip.kind === "error" && ip.reason.includes("not an IP address"));
  ok(parseCredentialHost("https://github.com").kind === "error");
  ok(parseCredentialHost("*").kind === "error");
});

Deno.test("credential_host_wildcard_matches_exactly_one_label_below_its_domain", () => {
  const wildcard = host("*.github.com");
  ok(credentialHostMatches(wildcard, "api.github.com", 443));
  ok(!credentialHostMatches(wildcard, "github.com", 443));
  ok(!credentialHostMatches(wildcard, "a.b.github.com", 443));
  ok(!credentialHostMatches(wildcard, "evilgithub.com", 443));
  ok(!credentialHostMatches(wildcard, "api.github.com", 8443));
  const exact = host("api.github.com");
  ok(credentialHostMatches(exact, "api.github.com", 443));
  ok(!credentialHostMatches(exact, "x.api.github.com", 443));
  ok(!credentialHostMatches(exact, "api.github.com", 80));
});

Deno.test("credential_path_prefixes_match_the_decoded_path_and_refuse_dot_segments", () => {
  const npm = ["/-/", "/@myorg/"];
  ok(pathGranted([], "/anything?x=1"));
  ok(pathGranted(npm, "/-/whoami"));
  ok(pathGranted(npm, "/@myorg/pkg"));
  // npm asks for scoped packages with an encoded slash.
  ok(pathGranted(npm, "/@myorg%2fpkg"));
  ok(pathGranted(npm, "/%40myorg/pkg?write=true"));
  ok(!pathGranted(npm, "/@other/pkg"));
  ok(!pathGranted(npm, "/pkg?path=/-/"));
  ok(!pathGranted(npm, "/@myorg/../@other/pkg"));
  ok(!pathGranted(npm, "/@myorg/%2e%2e/@other/pkg"));
  ok(!pathGranted(npm, "/-/."));
  ok(!pathGranted(npm, "/@myorg/a\\b"));
  ok(!pathGranted(npm, "/@myorg/%zz"));
  ok(!pathGranted(npm, "*"));
});

Deno.test("compile_credential_grant_refuses_what_the_start_must_have_refused", () => {
  const spec = {
    name: "GH_TOKEN",
    phantom: "ghp_phantom",
    real: "ghp_real",
    hosts: ["github.com"],
    paths: [],
  };
  strictEqual(compileCredentialGrant(spec).hosts.length, 1);
  ok(Object.isFrozen(compileCredentialGrant(spec)));
  throws(() => compileCredentialGrant({ ...spec, hosts: [] }), /no hosts/);
  throws(() => compileCredentialGrant({ ...spec, hosts: ["10.0.0.1:443"] }), /IP address/);
  throws(
    () => compileCredentialGrant({ ...spec, real: "a\r\nX-Evil: 1" }),
    /line break or control character/,
  );
  throws(() => compileCredentialGrant({ ...spec, phantom: "ghp_real" }), /no phantom/);
});

Deno.test("real_value_with_a_line_break_control_character_or_nothing_cannot_be_swapped_in", () => {
  strictEqual(realValueProblem("ghp_abc"), undefined);
  strictEqual(realValueProblem("p@ss word+/="), undefined);
  for (const real of ["a\nb", "a\r\nX-Evil: 1", "a\0b", "a\tb", "a\x7fb"]) {
    ok(realValueProblem(real)?.includes("control character"), JSON.stringify(real));
  }
  strictEqual(realValueProblem(""), "the value is empty");
});

Deno.test("credential_path_prefix_must_start_with_a_slash_and_be_a_plain_path", () => {
  for (const good of ["/", "/-/", "/@myorg/", "/api/v3"]) {
    strictEqual(credentialPathProblem(good), undefined);
  }
  deepStrictEqual(
    ["-/", "api", "/a?b", "/a#b", "/a b", "/a\\b", "/a/../b", "/./"].map((p) =>
      credentialPathProblem(p) !== undefined
    ),
    [true, true, true, true, true, true, true, true],
  );
  ok(credentialPathProblem("api")?.includes('starts with "/"'));
});
