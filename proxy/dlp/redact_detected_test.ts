/** Detector-based redaction for model input: markers name the detector, counts add up, nothing else changes. */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { sampleFor } from "./testdata/synthetic_samples.ts";
import { redactDetected } from "./redact_detected.ts";

Deno.test("redactDetected() replaces each secret with [REDACTED:<detector>] and counts them", () => {
  const gh = sampleFor("github_pat_classic", 0).secret;
  const aws = sampleFor("aws_access_key_id", 0).secret;
  const text = `one ${gh} two ${aws} three ${gh}`;
  const result = redactDetected(text);
  strictEqual(
    result.text,
    "one [REDACTED:github_pat_classic] two [REDACTED:aws_access_key_id] three [REDACTED:github_pat_classic]",
  );
  deepStrictEqual(result.counts, { github_pat_classic: 2, aws_access_key_id: 1 });
});

Deno.test("redactDetected() leaves text without secrets untouched", () => {
  const text = "const password = options.password; // nothing here\n";
  deepStrictEqual(redactDetected(text), { text, counts: {} });
});

Deno.test("redactDetected() redacts a keyed secret's value only, keeping the key", () => {
  const { text, secret } = sampleFor("aws_secret_access_key", 1);
  const result = redactDetected(text);
  ok(!result.text.includes(secret));
  ok(
    result.text.startsWith("aws_secret_access_key = [REDACTED:aws_secret_access_key]"),
    result.text,
  );
});

Deno.test("redactDetected() does not act on log-only (generic) detectors", () => {
  const { text } = sampleFor("generic_password", 0);
  deepStrictEqual(redactDetected(text), { text, counts: {} });
});
