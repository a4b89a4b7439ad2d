import { deepStrictEqual, notStrictEqual, ok, strictEqual } from "node:assert/strict";
import { crc32Base62, hasCrc32Base62Suffix } from "../../proxy/dlp/crc32_base62.ts";
import { credentialSecrets } from "./credential_secrets.ts";

const REAL = `ghp_${"R".repeat(30)}${crc32Base62("R".repeat(30))}`;
const credential = (name: string, fromHost: string) => ({
  name,
  fromHost,
  hosts: ["github.com"],
  paths: [],
});

Deno.test("credential_secrets_read_each_real_value_and_give_it_a_phantom_of_its_shape", () => {
  const result = credentialSecrets(
    { credentials: [credential("GH_TOKEN", "HOST_GH")] },
    (name) => name === "HOST_GH" ? REAL : undefined,
  );
  ok(result.ok);
  const [secret] = result.secrets;
  strictEqual(secret?.name, "GH_TOKEN");
  strictEqual(secret?.value, REAL);
  notStrictEqual(secret?.phantom, REAL);
  ok(secret?.phantom.startsWith("ghp_") && secret.phantom.length === REAL.length);
  ok(hasCrc32Base62Suffix(secret.phantom.slice(4)));
  deepStrictEqual(credentialSecrets({ credentials: [] }, () => undefined), {
    ok: true,
    secrets: [],
  });
});

Deno.test("credential_secrets_refuse_an_unset_host_variable_naming_it", () => {
  const result = credentialSecrets(
    { credentials: [credential("GH_TOKEN", "HOST_GH")] },
    () => undefined,
  );
  ok(!result.ok);
  strictEqual(result.problem.code, "credential_unset");
  ok(result.problem.message.includes("HOST_GH"), result.problem.message);
});

Deno.test("credential_secrets_refuse_a_value_that_cannot_be_swapped_in_without_showing_it", () => {
  for (const value of ["tok\nX-Evil: 1", "", "short"]) {
    const result = credentialSecrets(
      { credentials: [credential("GH_TOKEN", "HOST_GH")] },
      () => value,
    );
    ok(!result.ok, JSON.stringify(value));
    strictEqual(result.problem.code, "credential_value");
    ok(result.problem.message.includes("HOST_GH"));
    if (value !== "") ok(!JSON.stringify(result.problem).includes(value), "the value is shown");
  }
});
