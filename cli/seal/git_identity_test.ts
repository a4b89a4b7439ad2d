import { deepStrictEqual } from "node:assert/strict";
import { gitIdentityEnv, gitIdentityOf } from "./git_identity.ts";

Deno.test("gitIdentityOf() reads user.name and user.email, later files winning", () => {
  const global =
    '[user]\n\tname = "Ada Lovelace"\n\temail = ada@example.com ; work\n[core]\n\tname = no\n';
  const repo = "[User]\n  email = ada@repo.example\n";
  deepStrictEqual(gitIdentityOf([global, repo]), {
    name: "Ada Lovelace",
    email: "ada@repo.example",
  });
});

Deno.test("gitIdentityOf() ignores other sections and empty values", () => {
  deepStrictEqual(gitIdentityOf(['[remote "origin"]\n name = x\n[user]\n name =\n']), {});
});

Deno.test("gitIdentityEnv() sets author and committer, and drops values with line breaks", () => {
  deepStrictEqual(gitIdentityEnv({ name: "A", email: "a@b" }), {
    GIT_AUTHOR_NAME: "A",
    GIT_COMMITTER_NAME: "A",
    GIT_AUTHOR_EMAIL: "a@b",
    GIT_COMMITTER_EMAIL: "a@b",
  });
  deepStrictEqual(gitIdentityEnv({ name: "A\nB" }), {});
});
