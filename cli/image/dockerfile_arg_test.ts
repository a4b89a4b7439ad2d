import { equal } from "node:assert/strict";
import dockerfile from "../../images/agent/Dockerfile" with { type: "text" };
import { dockerfileArg } from "./dockerfile_arg.ts";

Deno.test("dockerfileArg() reads an ARG default, quoted or not", () => {
  const text = 'FROM x\nARG A=1.2.3\nARG B="debian:bookworm-slim"\nARG C\n';
  equal(dockerfileArg(text, "A"), "1.2.3");
  equal(dockerfileArg(text, "B"), "debian:bookworm-slim");
  equal(dockerfileArg(text, "C"), undefined);
  equal(dockerfileArg(text, "D"), undefined);
});

Deno.test("the agent Dockerfile pins Claude Code and names a default base image", () => {
  equal(dockerfileArg(dockerfile, "CLAUDE_CODE_VERSION"), "2.1.328");
  equal(dockerfileArg(dockerfile, "BASE_IMAGE"), "debian:bookworm-slim");
});
