import { deepStrictEqual, equal } from "node:assert/strict";
import { checkCaBundle } from "./ca_bundle.ts";

const CERT = "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----";

Deno.test("checkCaBundle() keeps only the certificate blocks", () => {
  const text = `# Corporate root\n${CERT}\r\nsome note\n${CERT.replace(/\n/g, "\r\n")}\n`;
  const check = checkCaBundle(text);
  deepStrictEqual(check, { ok: true, pem: `${CERT}\n${CERT}\n`, count: 2 });
});

Deno.test("checkCaBundle() refuses an empty file", () => {
  deepStrictEqual(checkCaBundle(" \n\n"), { ok: false, problem: "empty" });
});

Deno.test("checkCaBundle() refuses a file without a certificate", () => {
  deepStrictEqual(checkCaBundle("not a pem file\n"), { ok: false, problem: "no_certificate" });
});

Deno.test("checkCaBundle() refuses a file holding a private key, even beside certificates", () => {
  for (
    const kind of ["PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY"]
  ) {
    const text = `${CERT}\n-----BEGIN ${kind}-----\nAAAA\n-----END ${kind}-----\n`;
    equal(checkCaBundle(text).ok, false, kind);
    deepStrictEqual(checkCaBundle(text), { ok: false, problem: "private_key" });
  }
});
