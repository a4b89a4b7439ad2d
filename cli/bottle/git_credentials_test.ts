import { ok, strictEqual } from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gitSystemConfig } from "./git_credentials.ts";

const HELPER = fileURLToPath(new URL("./git_credential.sh", import.meta.url));

/** `git credential fill` for `url` with only the rendered config, in a clean environment. */
async function fill(config: string, url: string, env: Record<string, string>): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "bottle-gitcred-" });
  try {
    const path = join(dir, "gitconfig");
    await Deno.writeTextFile(path, config);
    const output = await new Deno.Command("git", {
      args: ["credential", "fill"],
      stdin: "piped",
      stdout: "piped",
      stderr: "null",
      clearEnv: true,
      env: {
        PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
        HOME: dir,
        GIT_CONFIG_SYSTEM: path,
        GIT_CONFIG_GLOBAL: "/dev/null",
        GIT_TERMINAL_PROMPT: "0",
        GIT_ASKPASS: "",
        SSH_ASKPASS: "",
        ...env,
      },
    }).spawn();
    const writer = output.stdin.getWriter();
    await writer.write(new TextEncoder().encode(`url=${url}\n\n`));
    await writer.close();
    const { stdout } = await output.output();
    return new TextDecoder().decode(stdout);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("git_over_https_gets_the_phantom_for_a_host_with_a_credential", async () => {
  const config = gitSystemConfig(
    [{ name: "GH_TOKEN", hosts: ["github.com:443", "*.ghe.test", "git.test:8443"] }],
    HELPER,
  );
  const env = { GH_TOKEN: "ghp_phantom0000" };
  const answer = await fill(config, "https://github.com/org/repo.git", env);
  ok(answer.includes("username=x-access-token\n"), answer);
  ok(answer.includes("password=ghp_phantom0000\n"), answer);
  const wildcard = await fill(config, "https://api.ghe.test/x", env);
  ok(wildcard.includes("password=ghp_phantom0000\n"), wildcard);
  const port = await fill(config, "https://git.test:8443/r.git", env);
  ok(port.includes("password=ghp_phantom0000\n"), port);
});

Deno.test("git_gets_no_credential_for_other_hosts_or_plain_http", async () => {
  const config = gitSystemConfig([{ name: "GH_TOKEN", hosts: ["github.com"] }], HELPER);
  const env = { GH_TOKEN: "ghp_phantom0000" };
  for (const url of ["https://gitlab.com/x", "http://github.com/x", "https://a.b.github.com/x"]) {
    const answer = await fill(config, url, env);
    ok(!answer.includes("ghp_phantom0000"), `${url}: ${answer}`);
  }
});

Deno.test("gitSystemConfig() leaves out names and hosts that are not plain", () => {
  const config = gitSystemConfig([
    { name: "A;rm", hosts: ["x.test"] },
    { name: "OK", hosts: ['x.test"]\n[core]', "y.test"] },
  ]);
  strictEqual(
    config,
    '# Written by bottle for this bottle; read-only.\n[credential "https://y.test"]\n' +
      "\thelper = /bin/sh /etc/bottle/git-credential.sh OK\n",
  );
});
