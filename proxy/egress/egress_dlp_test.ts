/** Which findings refuse a request, in which order, and what the audit records of them. */
import { deepStrictEqual, strictEqual } from "node:assert/strict";
import {
  auditFields,
  blockingFinding,
  compileEgressDlp,
  findingCode,
  findingReason,
  redactForAudit,
} from "./egress_dlp.ts";

const known = {
  detector: "known_secret",
  location: "header:x",
  secret: { label: "p", kind: "phantom" as const, encoding: "raw" },
};
const aws = { detector: "aws_access_key_id", location: "query:k" };
const generic = { detector: "generic_password", location: "body:3" };
const entropy = { detector: "entropy_query", location: "query:q" };

Deno.test("blockingFinding() prefers a known secret, skips log-only findings, and never blocks in log mode", () => {
  strictEqual(blockingFinding("block", [aws, known]), known);
  strictEqual(blockingFinding("block", [generic, entropy, aws]), aws);
  strictEqual(blockingFinding("block", [generic, entropy]), undefined);
  strictEqual(blockingFinding("log", [known, aws]), undefined);
});

Deno.test("auditFields() lists findings without values and raises phantom_leak for a phantom", () => {
  deepStrictEqual(auditFields([], undefined), {});
  deepStrictEqual(auditFields([aws], aws), {
    dlp: [{ detector: "aws_access_key_id", location: "query:k", blocked: true }],
  });
  deepStrictEqual(auditFields([known], undefined), {
    dlp: [{
      detector: "known_secret",
      location: "header:x",
      blocked: false,
      label: "p",
      kind: "phantom",
      encoding: "raw",
    }],
    alert: "phantom_leak",
  });
});

Deno.test("findingCode() is dlp.<detector>; findingReason() names the place, not the value", () => {
  strictEqual(findingCode(aws), "dlp.aws_access_key_id");
  strictEqual(findingReason(aws).includes("query:k"), true);
});

Deno.test("compileEgressDlp() defaults to block mode and an 8 MiB decode cap", () => {
  const dlp = compileEgressDlp();
  strictEqual(dlp.mode, "block");
  strictEqual(dlp.maxDecodedBytes, 8 * 1024 * 1024);
});

Deno.test("redactForAudit() hides the host's subdomains or the whole path when a finding is there", () => {
  const subject = { method: "GET", host: "abc.def.example.com", port: 80, path: "/x?q=*" };
  deepStrictEqual(redactForAudit(subject, []), subject);
  deepStrictEqual(redactForAudit(subject, [{ detector: "jwt", location: "header:x" }]), subject);
  strictEqual(
    redactForAudit(subject, [{ detector: "known_secret", location: "host" }]).host,
    "[redacted].example.com",
  );
  strictEqual(redactForAudit(subject, [aws]).path, "[redacted]");
  strictEqual(redactForAudit(subject, [{ detector: "jwt", location: "path" }]).path, "[redacted]");
});
