import { strictEqual } from "node:assert/strict";
import { overBroadReason } from "./broad_wildcards.ts";

const tld = (suffix: string) => `"*.${suffix}" covers a whole top-level domain`;
const shared = (suffix: string) =>
  `"*.${suffix}" covers a public suffix or shared hosting domain where anyone can publish`;

Deno.test("overBroadReason() refuses every single-label suffix as a top-level domain", () => {
  for (const suffix of ["com", "org", "net", "io", "dev", "uk", "de", "localhost", "internal"]) {
    strictEqual(overBroadReason(suffix), tld(suffix), suffix);
  }
});

Deno.test("overBroadReason() refuses second-level registries of country-code domains", () => {
  const suffixes = [
    // One from each family, and a few more for the families people write most.
    "co.uk",
    "org.uk",
    "ac.uk",
    "gov.uk",
    "com.au",
    "net.au",
    "edu.au",
    "co.nz",
    "govt.nz",
    "co.jp",
    "ne.jp",
    "or.jp",
    "com.br",
    "com.cn",
    "edu.cn",
    "co.in",
    "gov.in",
    "co.kr",
    "co.za",
    "com.mx",
    "gob.mx",
    "com.ar",
    "com.tr",
    "com.ua",
    "com.pl",
    "com.sg",
    "com.hk",
    "com.tw",
    "co.id",
    "co.th",
    "co.il",
    "com.sa",
    "co.ke",
  ];
  for (const suffix of suffixes) strictEqual(overBroadReason(suffix), shared(suffix), suffix);
});

Deno.test("overBroadReason() refuses shared hosting domains where anyone can publish", () => {
  const suffixes = [
    "github.io",
    "githubusercontent.com",
    "gitlab.io",
    "pages.dev",
    "workers.dev",
    "amazonaws.com",
    "s3.amazonaws.com",
    "cloudfront.net",
    "herokuapp.com",
    "appspot.com",
    "googleusercontent.com",
    "storage.googleapis.com",
    "web.app",
    "firebaseapp.com",
    "vercel.app",
    "netlify.app",
    "readthedocs.io",
    "deno.dev",
    "azurewebsites.net",
    "blob.core.windows.net",
    "ngrok.io",
    "ngrok-free.app",
    "trycloudflare.com",
    "r2.dev",
    "fly.dev",
    "onrender.com",
    "duckdns.org",
    "webhook.site",
  ];
  for (const suffix of suffixes) strictEqual(overBroadReason(suffix), shared(suffix), suffix);
});

Deno.test("overBroadReason() refuses regional and dual-stack S3 endpoints", () => {
  const suffixes = [
    "s3.eu-west-1.amazonaws.com",
    "s3.us-east-1.amazonaws.com",
    "s3-us-west-2.amazonaws.com",
    "s3-external-1.amazonaws.com",
    "s3-website-us-east-1.amazonaws.com",
    "s3.dualstack.us-east-1.amazonaws.com",
    "s3.dualstack.amazonaws.com",
    "s3.cn-north-1.amazonaws.com.cn",
  ];
  for (const suffix of suffixes) strictEqual(overBroadReason(suffix), shared(suffix), suffix);
});

Deno.test("overBroadReason() allows narrow wildcards under an owned domain", () => {
  const suffixes = [
    "example.com",
    "corp.example.co.uk",
    "example.co.uk",
    "example.com.au",
    "example.co.jp",
    "myname.github.io",
    "api.github.com",
    "github.com",
    "raw.example.githubusercontent.com.example.org",
    "amazonaws.com.example.org",
    "s3.amazonaws.com.example.org",
    "bucket.s3.amazonaws.com",
    "my-app.vercel.app",
    "my-app.herokuapp.com",
    "project.pages.dev",
    "co.uk.example.com",
    "notgithub.io.example",
    "s3.example.com",
  ];
  for (const suffix of suffixes) strictEqual(overBroadReason(suffix), undefined, suffix);
});
