import { ok, strictEqual } from "node:assert/strict";
import type { BottlePlan } from "../bottle/plan.ts";
import { NO_SEAL } from "../seal/workspace_seal.ts";
import { knownSecrets } from "./known_secrets.ts";
import type { SupervisorInput } from "./supervisor_input.ts";
import { summaryRedactor } from "./summary_redactor.ts";

const INPUT = {
  plan: {
    env: [
      { name: "GH", kind: "fromHost", hostVariable: "GH", secret: true },
      { name: "USER_NAME", kind: "fromHost", hostVariable: "USER_NAME" },
      { name: "MODE", kind: "literal", value: "x" },
    ],
    seal: NO_SEAL,
  } as unknown as BottlePlan,
  stateRoot: "/s",
  credential: "sk-ant-oat01-REALREALREALREALREALREAL",
  phantom: "sk-ant-oat01-PHANTOMPHANTOMPHANTOM",
  credentials: [],
  agentEnv: { GH: "gh-host-secret-value-1234", USER_NAME: "alice", MODE: "x" },
} as SupervisorInput;

Deno.test("knownSecrets() lists the credential, the phantom and the secret host values only", () => {
  const labels = knownSecrets(INPUT).map((s) => `${s.label}:${s.kind}`);
  strictEqual(
    labels.join(","),
    "anthropic_credential:real,anthropic_phantom:phantom,env:GH:real",
  );
});

Deno.test("summaryRedactor() removes known secrets and detected credentials from a summary", () => {
  const redact = summaryRedactor(INPUT);
  const out = redact(
    `echo ${INPUT.credential} ${INPUT.phantom} gh-host-secret-value-1234 AKIAIOSFODNN7EXAMPLE alice`,
  );
  for (const value of [INPUT.credential, INPUT.phantom, "gh-host-secret-value-1234"]) {
    ok(!out.includes(value), out);
  }
  ok(out.includes("[REDACTED:anthropic_credential]"));
  ok(out.includes("alice"), "a value not marked secret stays");
});

Deno.test("masked_file_values_become_known_secrets_labelled_with_their_file", async () => {
  const workspace = await Deno.makeTempDir();
  await Deno.writeTextFile(`${workspace}/.env`, "DB_PASSWORD=Tr0ub4dor-and-3\nSHORT=abc\n");
  await Deno.mkdir(`${workspace}/.ssh`);
  await Deno.writeTextFile(`${workspace}/.ssh/token`, "ghp_0123456789abcdefABCDEF0123456789abcd\n");
  const plan = {
    ...INPUT.plan,
    workspace,
    seal: {
      ...NO_SEAL,
      masked: [
        { path: ".env", kind: "file", pattern: ".env" },
        { path: ".ssh", kind: "folder", pattern: ".ssh" },
      ],
    },
  } as BottlePlan;
  const masked = knownSecrets({ ...INPUT, plan }).filter((s) => s.label.startsWith("file:"));
  strictEqual(
    masked.map((s) => `${s.label}=${s.value}`).join(","),
    "file:.env=Tr0ub4dor-and-3,file:.ssh/token=ghp_0123456789abcdefABCDEF0123456789abcd",
  );
  await Deno.remove(workspace, { recursive: true });
});

Deno.test("known_secrets_hold_each_granted_credentials_real_value_and_phantom", () => {
  const input: SupervisorInput = {
    ...INPUT,
    credentials: [{
      name: "GH_TOKEN",
      value: "ghp_REALREALREALREALREALREALREALREALREAL",
      phantom: "ghp_PHANTOMPHANTOMPHANTOMPHANTOMPHANTOM",
    }],
  };
  const secrets = knownSecrets(input).filter((s) => s.label.includes("GH_TOKEN"));
  strictEqual(
    secrets.map((s) => `${s.label}:${s.kind}:${s.value}`).join(","),
    "credential:GH_TOKEN:real:ghp_REALREALREALREALREALREALREALREALREAL," +
      "credential_phantom:GH_TOKEN:phantom:ghp_PHANTOMPHANTOMPHANTOMPHANTOMPHANTOM",
  );
  // And the hook's summaries never show either.
  const out = summaryRedactor(input)(`curl -H "token ${input.credentials[0]!.value}"`);
  ok(!out.includes(input.credentials[0]!.value), out);
});
