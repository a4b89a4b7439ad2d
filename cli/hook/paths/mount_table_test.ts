import { deepStrictEqual, equal, throws } from "node:assert/strict";
import { mountOf, parseMountInfo } from "./mount_table.ts";

const SAMPLE = [
  "600 550 0:52 / / ro,relatime master:1 - overlay overlay rw,lowerdir=/l,upperdir=/u",
  "601 600 0:55 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw",
  "602 600 8:1 /home/me/proj /workspace rw,relatime - ext4 /dev/sda1 rw",
  "603 600 0:60 / /home/agent rw,nosuid,nodev,noexec - tmpfs tmpfs rw,size=65536k",
  "604 600 8:1 /state/sock /run/bottle ro,relatime - ext4 /dev/sda1 rw",
  "605 602 8:1 /x /workspace/with\\040space rw - ext4 /dev/sda1 ro",
].join("\n");

Deno.test("parseMountInfo() reads mount points and the read-only flag", () => {
  const mounts = parseMountInfo(SAMPLE);
  deepStrictEqual(mounts.map((m) => [m.mountPoint, m.readOnly]), [
    ["/", true],
    ["/proc", false],
    ["/workspace", false],
    ["/home/agent", false],
    ["/run/bottle", true],
    ["/workspace/with space", true],
  ]);
});

Deno.test("parseMountInfo() throws on an unreadable line or an empty table", () => {
  throws(() => parseMountInfo("garbage"));
  throws(() => parseMountInfo(""));
});

Deno.test("mountOf() picks the longest mount point on a segment boundary", () => {
  const mounts = parseMountInfo(SAMPLE);
  equal(mountOf(mounts, "/workspace/src/x.ts")?.mountPoint, "/workspace");
  equal(mountOf(mounts, "/workspacex/y")?.mountPoint, "/");
  equal(mountOf(mounts, "/home/agent")?.mountPoint, "/home/agent");
  equal(mountOf(mounts, "/usr/bin/node")?.readOnly, true);
});

Deno.test("mountOf() picks the last of mounts stacked on one point", () => {
  const stacked = parseMountInfo(
    "1 0 0:1 / / rw - ext4 a rw\n2 1 0:2 / /w rw - ext4 b rw\n3 1 0:3 / /w ro - ext4 c rw",
  );
  equal(mountOf(stacked, "/w/x")?.readOnly, true);
});
