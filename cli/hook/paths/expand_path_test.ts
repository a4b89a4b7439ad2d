import { equal, throws } from "node:assert/strict";
import { expandPath, normaliseAbsolute, procAlias } from "./expand_path.ts";

const HOME = { home: "/home/agent", user: "agent" };

Deno.test("expandPath() expands ~, ~/ and ~agent to the home folder", () => {
  equal(expandPath("~", "/workspace", HOME), "/home/agent");
  equal(expandPath("~/.ssh/id_rsa", "/workspace", HOME), "/home/agent/.ssh/id_rsa");
  equal(expandPath("~agent/.aws", "/workspace", HOME), "/home/agent/.aws");
  equal(expandPath("~root/.ssh", "/workspace", HOME), "/root/.ssh");
});

Deno.test("expandPath() refuses ~ of a user the bottle does not have", () => {
  throws(() => expandPath("~mallory/x", "/workspace", HOME));
});

Deno.test("expandPath() joins relative paths to the working folder and collapses . .. //", () => {
  equal(expandPath("src/x.ts", "/workspace", HOME), "/workspace/src/x.ts");
  equal(
    expandPath("../../home/agent/.aws/credentials", "/workspace/app", HOME),
    "/home/agent/.aws/credentials",
  );
  equal(expandPath("//etc//./shadow", "/workspace", HOME), "/etc/shadow");
  equal(expandPath("/../../etc/shadow", "/workspace", HOME), "/etc/shadow");
  equal(expandPath(".", "/workspace", HOME), "/workspace");
});

Deno.test("expandPath() refuses empty paths, NUL bytes and a relative working folder", () => {
  throws(() => expandPath("", "/workspace", HOME));
  throws(() => expandPath("a\0b", "/workspace", HOME));
  throws(() => expandPath("a", "workspace", HOME));
});

Deno.test("procAlias() maps /dev/fd and the standard streams to /proc/self/fd", () => {
  equal(procAlias("/dev/fd/3"), "/proc/self/fd/3");
  equal(procAlias("/dev/fd"), "/proc/self/fd");
  equal(procAlias("/dev/stdin"), "/proc/self/fd/0");
  equal(procAlias("/dev/stderr"), "/proc/self/fd/2");
  equal(procAlias("/dev/null"), "/dev/null");
  equal(procAlias("/dev/fdx"), "/dev/fdx");
});

Deno.test("normaliseAbsolute() never climbs above the root", () => {
  equal(normaliseAbsolute("/a/../../.."), "/");
  equal(normaliseAbsolute("/a/./b/"), "/a/b");
});
