import { deepStrictEqual } from "node:assert/strict";
import { debootstrapArgv, importArgv, rootfsTarArgv } from "./base_image_argv.ts";

Deno.test("debootstrapArgv() snapshot", () => {
  deepStrictEqual(debootstrapArgv("bookworm", "/tmp/b/rootfs", "http://deb.debian.org/debian"), [
    "--variant=minbase",
    "bookworm",
    "/tmp/b/rootfs",
    "http://deb.debian.org/debian",
  ]);
});

Deno.test("rootfsTarArgv() snapshot: numeric owners, no apt caches, stream to stdout", () => {
  deepStrictEqual(rootfsTarArgv("/tmp/b/rootfs"), [
    "--create",
    "--file=-",
    "--numeric-owner",
    "--exclude=./var/cache/apt/archives/*.deb",
    "--exclude=./var/lib/apt/lists/*",
    "--exclude=./debootstrap",
    "--directory=/tmp/b/rootfs",
    ".",
  ]);
});

Deno.test("importArgv() snapshot: reads standard input, sets PATH and a shell", () => {
  deepStrictEqual(importArgv("bookworm", "http://m/debian"), [
    "import",
    "--change",
    "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "--change",
    'CMD ["bash"]',
    "--message",
    "bottle image base: debootstrap --variant=minbase bookworm from http://m/debian",
    "-",
  ]);
});
