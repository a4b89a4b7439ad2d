import { equal, ok } from "node:assert/strict";
import {
  claudeCodeVersionProblem,
  imageRefProblem,
  mirrorProblem,
  suiteProblem,
} from "./flag_problems.ts";

Deno.test("imageRefProblem() accepts references and refuses options and paths", () => {
  for (
    const ref of [
      "debian:bookworm-slim",
      "local/debian:bookworm",
      "registry.example:5000/x/y:1",
      "debian",
    ]
  ) {
    equal(imageRefProblem(ref), undefined, ref);
  }
  for (const ref of ["--privileged", "-x", "", "../x", "/abs", "Debian:12", "a b"]) {
    ok(imageRefProblem(ref) !== undefined, ref);
  }
});

Deno.test("claudeCodeVersionProblem() wants an exact version", () => {
  equal(claudeCodeVersionProblem("2.1.328"), undefined);
  equal(claudeCodeVersionProblem("2.2.0-beta.1"), undefined);
  for (const bad of ["latest", "^2.1.0", "2.1", "2.1.328 && curl x", ""]) {
    ok(claudeCodeVersionProblem(bad) !== undefined, bad);
  }
});

Deno.test("suiteProblem() accepts codenames and refuses anything else", () => {
  equal(suiteProblem("bookworm"), undefined);
  equal(suiteProblem("bookworm-backports"), undefined);
  ok(suiteProblem("--foreign") !== undefined);
  ok(suiteProblem("../x") !== undefined);
});

Deno.test("mirrorProblem() wants http(s) without credentials", () => {
  equal(mirrorProblem("http://deb.debian.org/debian"), undefined);
  equal(mirrorProblem("https://mirror.example/debian/"), undefined);
  ok(mirrorProblem("deb.debian.org") !== undefined);
  ok(mirrorProblem("file:///srv/mirror") !== undefined);
  ok(mirrorProblem("http://user:secret@mirror.example/debian")?.includes("credentials"));
});
