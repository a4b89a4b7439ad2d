import { deepStrictEqual, notStrictEqual, ok, strictEqual } from "node:assert/strict";
import fc from "fast-check";
import { BASE62, crc32Base62, hasCrc32Base62Suffix } from "../dlp/crc32_base62.ts";
import { scanText } from "../dlp/scan_text.ts";
import { sampleFor, seededRandom } from "../dlp/testdata/synthetic_samples.ts";
import { MIN_PHANTOM_BITS, phantomFor, phantomPrefix, type RandomBytes } from "./phantom.ts";

/** A reproducible byte source for property runs. */
function seededBytes(seed: number): RandomBytes {
  const next = seededRandom(seed);
  return (count) => Uint8Array.from({ length: count }, () => Math.floor(next() * 256));
}

/** The phantom of `real`; fails the test when there is none. */
function phantom(real: string, random?: RandomBytes): string {
  const made = phantomFor(real, random);
  ok(
    made.kind === "phantom",
    `no phantom for ${JSON.stringify(real)}: ${made.kind === "phantom" ? "" : made.reason}`,
  );
  return made.phantom;
}

/** The runs of letters and digits of `text` with their offsets. */
function runs(text: string): Array<{ at: number; run: string }> {
  return [...text.matchAll(/[A-Za-z0-9]+/g)].map((m) => ({ at: m.index, run: m[0] }));
}

/** Characters a random run of `run` may hold (digits, and the cases it has; hex stays hex). */
function classOf(run: string): RegExp {
  const digits = /[0-9]/.test(run);
  const lower = /[a-z]/.test(run);
  const upper = /[A-Z]/.test(run);
  const hex = digits && !(lower && upper) && /^[0-9a-fA-F]+$/.test(run);
  const set = (digits ? "0-9" : "") + (upper ? (hex ? "A-F" : "A-Z") : "") +
    (lower ? (hex ? "a-f" : "a-z") : "");
  return new RegExp(`^[${set}]+$`);
}

/** Formats used as HTTP credentials whose phantom must pass the same format check as the real value. */
const KEEPS_ITS_FORMAT = [
  "github_pat_classic",
  "github_oauth_token",
  "github_user_to_server_token",
  "github_server_to_server_token",
  "github_refresh_token",
  "github_pat",
  "npm_token",
  "gitlab_pat",
  "gitlab_deploy_token",
  "anthropic_api_key",
  "anthropic_oauth_token",
  "openai_project_key",
  "openai_service_account_key",
  "openai_legacy_key",
  "huggingface_token",
  "groq_api_key",
  "aws_access_key_id",
  "google_api_key",
  "slack_bot_token",
  "slack_user_token",
  "slack_app_token",
  "stripe_secret_key",
  "stripe_restricted_key",
  "shopify_access_token",
  "sendgrid_api_key",
  "docker_hub_pat",
  "digitalocean_pat",
  "cloudflare_api_token",
  "bitbucket_app_password",
  "linear_api_key",
  "rubygems_api_key",
  "datadog_api_key",
  "vault_service_token",
  "tailscale_key",
];

Deno.test("phantom_passes_the_same_format_check_as_the_real_value_for_common_http_credentials", () => {
  for (const detector of KEEPS_ITS_FORMAT) {
    for (let i = 0; i < 10; i++) {
      const sample = sampleFor(detector, i);
      ok(scanText(sample.text).some((hit) => hit.detector === detector), `${detector} sample`);
      const fake = phantom(sample.secret);
      const hits = scanText(sample.text.replace(sample.secret, fake)).map((hit) => hit.detector);
      ok(hits.includes(detector), `${detector}: ${fake} gave ${hits.join(", ") || "nothing"}`);
      notStrictEqual(fake, sample.secret);
    }
  }
});

Deno.test("phantom_of_a_github_or_npm_token_carries_a_valid_crc32_checksum", () => {
  fc.assert(
    fc.property(
      fc.constantFrom("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "npm_"),
      fc.string({ unit: fc.constantFrom(...BASE62), minLength: 30, maxLength: 30 }),
      fc.integer(),
      (prefix, random, seed) => {
        const real = `${prefix}${random}${crc32Base62(random)}`;
        const fake = phantom(real, seededBytes(seed));
        strictEqual(fake.length, 40);
        ok(fake.startsWith(prefix), fake);
        ok(/^[A-Za-z0-9]{36}$/.test(fake.slice(4)), fake);
        ok(hasCrc32Base62Suffix(fake.slice(4)), `${fake}: checksum does not hold`);
        notStrictEqual(fake, real);
      },
    ),
  );
});

Deno.test("phantom_keeps_length_prefix_separators_and_the_alphabet_of_each_run", () => {
  const unit = fc.constantFrom(..."abcdefxyzABCDEFXYZ0123456789-_.~+/=:".split(""));
  fc.assert(
    fc.property(
      fc.constantFrom("", "ghp_", "github_pat_", "sk-ant-api03-", "xoxb-", "glpat-", "token_"),
      fc.string({ unit, minLength: 40, maxLength: 120 }),
      fc.integer(),
      (prefix, rest, seed) => {
        const real = prefix + rest;
        const made = phantomFor(real, seededBytes(seed));
        if (made.kind === "error") {
          ok(made.reason.includes(`at least ${MIN_PHANTOM_BITS}`), made.reason);
          return;
        }
        const fake = made.phantom;
        strictEqual(fake.length, real.length);
        notStrictEqual(fake, real);
        const kept = phantomPrefix(real);
        ok(fake.startsWith(kept), `${fake} lost the prefix ${kept}`);
        for (let i = kept.length; i < real.length; i++) {
          const alnum = /[A-Za-z0-9]/.test(real[i]!);
          if (!alnum) strictEqual(fake[i], real[i], `separator at ${i} of ${real}`);
          else ok(/[A-Za-z0-9]/.test(fake[i]!), `position ${i} of ${fake}`);
        }
        const body = real.slice(kept.length);
        const tail = kept.startsWith("sk-ant-") && body.endsWith("AA") ? 2 : 0;
        for (const { at, run } of runs(body.slice(0, body.length - tail))) {
          if (run === "T3BlbkFJ") continue;
          const start = kept.length + at;
          const made = fake.slice(start, start + run.length);
          ok(classOf(run).test(made), `${made} is not drawn like ${run} (in ${real})`);
        }
      },
    ),
  );
});

Deno.test("phantom_keeps_known_prefixes_and_any_leading_lowercase_word", () => {
  deepStrictEqual(
    [
      "github_pat_11ABCDEFG",
      "sk-ant-oat01-xyz",
      "sk-proj-abc",
      "sk-abc",
      "AKIAIOSFODNN7EXAMPLE",
      "xoxb-123-456",
      "mytoken_Ab12",
      "Mytoken_Ab12",
      "abc123",
    ].map(phantomPrefix),
    ["github_pat_", "sk-ant-oat01-", "sk-proj-", "sk-", "AKIA", "xoxb-", "mytoken_", "", ""],
  );
});

Deno.test("phantom_of_an_aws_access_key_id_stays_in_its_base32_alphabet", () => {
  fc.assert(
    fc.property(fc.integer(), (seed) => {
      const fake = phantom("AKIAIOSFODNN7EXAMPLE", seededBytes(seed));
      ok(/^AKIA[A-Z2-7]{16}$/.test(fake), fake);
    }),
  );
});

Deno.test("phantom_never_equals_the_real_value_even_when_the_random_source_repeats_it", () => {
  const zeros: RandomBytes = (count) => new Uint8Array(count);
  const real = phantom("ghp_" + "a".repeat(30) + crc32Base62("a".repeat(30)), zeros);
  // The same source would give the real value again on every attempt: no phantom, not a copy.
  const again = phantomFor(real, zeros);
  ok(again.kind === "error");
  ok(again.reason.includes("repeating"), again.reason);
});

Deno.test("phantom_refuses_a_random_source_that_is_not_random", () => {
  const high: RandomBytes = (count) => new Uint8Array(count).fill(0xff);
  const made = phantomFor("ghp_" + "b".repeat(36), high);
  ok(made.kind === "error");
  ok(made.reason.includes("not random"), made.reason);
});

Deno.test("phantom_refuses_a_value_too_short_or_plain_to_hide_64_random_bits", () => {
  for (const real of ["hunter2", "ghp_", "abcdefghij", "12345678901234567", "a-b-c-d-e-f-g-h"]) {
    const made = phantomFor(real);
    ok(made.kind === "error", real);
    ok(made.reason.includes(`at least ${MIN_PHANTOM_BITS}`), made.reason);
  }
  // 16 hexadecimal characters hold exactly 64 bits: enough.
  ok(phantomFor("0123456789abcdef").kind === "phantom");
});

Deno.test("phantom_is_fresh_on_every_call_by_default", () => {
  const real = "npm_" + "Q".repeat(30) + crc32Base62("Q".repeat(30));
  const seen = new Set(Array.from({ length: 20 }, () => phantom(real)));
  strictEqual(seen.size, 20);
});

Deno.test("phantom_is_flagged_by_every_detector_that_flags_its_real_value", () => {
  // An AWS key ID's detector also checks that the 16 characters look random; about one
  // random draw in 300 does not, and such a phantom would slip past that detector.
  const real = "AKIAQYLPMN5HHHFPZAM2";
  for (let i = 0; i < 2000; i++) {
    const made = phantomFor(real);
    ok(made.kind === "phantom");
    ok(scanText(made.phantom).some((hit) => hit.detector === "aws_access_key_id"), made.phantom);
  }
});
