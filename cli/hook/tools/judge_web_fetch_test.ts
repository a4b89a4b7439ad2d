import { equal } from "node:assert/strict";
import { compileEgressPolicy } from "../../../proxy/policy/mod.ts";
import type { Verdict } from "../verdict.ts";
import { judgeWebFetchUrl } from "./judge_web_fetch.ts";

const egress = compileEgressPolicy([
  "api.github.com",
  "*.example.org",
  "alt.example.net:8443",
  "127.0.0.1:8080",
]);
const rule = (url: string) => {
  const verdict: Verdict = judgeWebFetchUrl(url, egress);
  return verdict.action === "allow" ? "allow" : verdict.rule;
};

Deno.test("judgeWebFetchUrl() allows allowlisted hosts on their scheme's port", () => {
  equal(rule("https://api.github.com/repos/a/b"), "allow");
  equal(rule("https://API.GitHub.com./x"), "allow");
  equal(rule("https://docs.example.org/page#frag"), "allow");
  equal(rule("http://api.github.com/"), "allow");
  equal(rule("https://alt.example.net:8443/"), "allow");
  equal(rule("http://127.0.0.1:8080/health"), "allow");
});

Deno.test("judgeWebFetchUrl() denies with the egress proxy's code for an unlisted host", () => {
  equal(rule("https://evil.example.com/"), "egress.not_allowed");
  equal(rule("https://example.org/"), "egress.not_allowed");
  equal(rule("https://api.github.com:8443/"), "egress.not_allowed");
  equal(rule("https://alt.example.net/"), "egress.not_allowed");
  equal(rule("https://169.254.169.254/latest/meta-data"), "egress.not_allowed");
  equal(rule("https://[::1]/"), "egress.not_allowed");
});

Deno.test("judgeWebFetchUrl() refuses what URL parsers read two ways", () => {
  equal(rule("https://user:pw@api.github.com/"), "egress.userinfo");
  equal(rule("https://api.github.com\\@evil.com/"), "egress.userinfo");
  equal(rule("https://evil.com\\.api.github.com/"), "egress.bad_target");
  equal(rule("https://0x7f.1/"), "egress.ip_form");
  equal(rule("https://2130706433/"), "egress.ip_form");
  equal(rule("https:///x"), "egress.bad_target");
  equal(rule("https://api.github.com:/"), "egress.bad_port");
});

Deno.test("judgeWebFetchUrl() refuses other schemes and relative URLs", () => {
  equal(rule("file:///etc/shadow"), "egress.scheme");
  equal(rule("ftp://api.github.com/"), "egress.scheme");
  equal(rule("api.github.com/x"), "egress.bad_target");
  equal(rule("//api.github.com/x"), "egress.bad_target");
});
