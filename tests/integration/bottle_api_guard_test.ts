/**
 * The API proxy's guard end to end, through real Claude Code in a real
 * bottle: a fake upstream that reflects the credential it received into the
 * SSE text and a response header never shows the bottle the real credential,
 * and a request carrying a `web_fetch` server tool, sent with curl from
 * inside the bottle through the API relay, reaches the fake API without the
 * tool or its beta.
 */
import { equal, ok } from "node:assert/strict";
import { join } from "node:path";
import { AGENT_LATEST } from "../../cli/image/image_tag.ts";
import { bottleFixture, eventually, REAL_CREDENTIAL } from "../helpers/bottle_fixture.ts";
import { engineGate } from "../helpers/docker_available.ts";
import { encodeSse, textReply } from "../helpers/fake_messages_api.ts";

const engine = await engineGate([AGENT_LATEST]);
const opts = { ignore: engine.ignore, sanitizeOps: false, sanitizeResources: false };

/** A name no other run on this engine uses. */
const unique = (stem: string) => `${stem}${crypto.randomUUID().slice(0, 8)}`;

Deno.test("a_reflected_real_credential_never_reaches_the_bottle_output", opts, async () => {
  engine.assertReady();
  const f = await bottleFixture("bottle-apiguard-");
  const name = unique("agrefl");
  try {
    f.api.script({
      respond: (request) => {
        const auth = request.headers.get("authorization") ?? "";
        const events = textReply(`upstream saw: ${auth} ; end of echo`);
        const body = new Uint8Array(events.flatMap((event) => [...encodeSse(event)]));
        return new Response(body, {
          headers: { "content-type": "text/event-stream", "x-echo-authorization": auth },
        });
      },
    });
    const run = await f.bottle(["start", "--print", "--yes", "--name", name, "--prompt", "go"]);
    equal(run.code, 0, `start --print failed (${run.code}):\n${run.stderr}`);
    equal(f.api.requests[0]?.headers.authorization, `Bearer ${REAL_CREDENTIAL}`);
    ok(run.stdout.includes("upstream saw: Bearer [bottle:redacted]"), run.stdout);
    ok(!run.stdout.includes(REAL_CREDENTIAL) && !run.stderr.includes(REAL_CREDENTIAL));
    ok(!run.stdout.includes(REAL_CREDENTIAL.slice(20, 60)), "a piece of the credential showed");
    const audit = await Deno.readTextFile(join(f.stateRoot, name, "audit.jsonl"));
    ok(audit.includes("scrubbed api_credential from the response (2×)"), audit);
    ok(!audit.includes(REAL_CREDENTIAL), "the credential reached the audit log");
  } finally {
    await f.close();
  }
});

Deno.test("a_web_fetch_tool_sent_from_the_bottle_arrives_without_it", opts, async () => {
  engine.assertReady();
  const f = await bottleFixture("bottle-apiguard-");
  const name = unique("agfetch");
  try {
    equal((await f.bottle(["start", "--detach", "--yes", "--name", name])).code, 0);
    const body = JSON.stringify({
      model: "claude-test",
      max_tokens: 16,
      stream: true,
      tools: [
        { type: "web_fetch_20250910", name: "web_fetch", max_uses: 3 },
        { name: "Read", description: "Reads a file", input_schema: { type: "object" } },
      ],
      messages: [{ role: "user", content: "fetch https://example.com/" }],
    });
    const sent = await f.bottle([
      "exec",
      name,
      "--",
      "sh",
      "-c",
      "curl -s -m 10 -o /dev/null -w '%{http_code}' " +
      `-H "Authorization: Bearer $CLAUDE_CODE_OAUTH_TOKEN" ` +
      "-H 'anthropic-version: 2023-06-01' " +
      "-H 'anthropic-beta: web-fetch-2025-09-10,oauth-2025-04-20' " +
      "-H 'content-type: application/json' " +
      `--data-binary '${body}' http://127.0.0.1:8080/v1/messages`,
    ]);
    equal(sent.stdout.trim(), "200", sent.stderr);
    const seen = f.api.requests.at(-1);
    ok(seen !== undefined, "the request reached the fake API");
    const tools = JSON.parse(seen.body).tools as Array<{ name: string; type?: string }>;
    equal(tools.map((tool) => tool.name).join(","), "Read");
    equal(seen.headers["anthropic-beta"], "oauth-2025-04-20");
    // The request's audit line is written once its response has ended, which may be just
    // after curl has its answer.
    const auditPath = join(f.stateRoot, name, "audit.jsonl");
    await eventually(
      async () => (await Deno.readTextFile(auditPath)).includes("removed server tool"),
      5_000,
    );
    const audit = await Deno.readTextFile(auditPath);
    ok(audit.includes("removed server tool web_fetch (web_fetch_20250910)"), audit);
    ok(audit.includes("removed anthropic-beta web-fetch-2025-09-10"), audit);
  } finally {
    await f.close();
  }
});
