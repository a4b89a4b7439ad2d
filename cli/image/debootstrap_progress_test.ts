import { deepStrictEqual, equal } from "node:assert/strict";
import { debootstrapPhase, DebootstrapProgress } from "./debootstrap_progress.ts";

// debootstrap 1.0.128 (bookworm), --variant=minbase, abridged.
const LOG = [
  "I: Target architecture can be executed",
  "I: Retrieving InRelease ",
  "I: Checking Release signature",
  "I: Valid Release signature (key id 4D64FEC119C2029067D6E791F8D2585B8783D481)",
  "I: Retrieving Packages ",
  "I: Validating Packages ",
  "I: Resolving dependencies of required packages...",
  "I: Checking component main on http://deb.debian.org/debian...",
  "I: Retrieving adduser 3.134",
  "I: Validating adduser 3.134",
  "I: Retrieving apt 2.6.1",
  "I: Chosen extractor for .deb packages: dpkg-deb",
  "I: Extracting adduser...",
  "I: Installing core packages...",
  "I: Unpacking required packages...",
  "I: Unpacking adduser...",
  "W: Failure trying to run: chroot ... mount -t proc proc /proc",
  "I: Configuring required packages...",
  "I: Configuring apt...",
  "I: Unpacking the base system...",
  "I: Base system installed successfully.",
];

Deno.test("debootstrapPhase() maps I: lines to phases and ignores the rest", () => {
  equal(debootstrapPhase("I: Retrieving InRelease "), "reading the archive index");
  equal(debootstrapPhase("I: Retrieving libc6 2.36-9+deb12u10"), "downloading packages");
  equal(debootstrapPhase("I: Extracting libc6..."), "extracting packages");
  equal(debootstrapPhase("I: Unpacking the base system..."), "unpacking packages");
  equal(debootstrapPhase("I: Configuring libc-bin..."), "configuring packages");
  equal(debootstrapPhase("I: Base system installed successfully."), undefined);
  equal(debootstrapPhase("random output"), undefined);
});

Deno.test("DebootstrapProgress prints each phase once, with its time, and passes warnings through", () => {
  const progress = new DebootstrapProgress();
  const printed: string[] = [];
  LOG.forEach((line, i) => printed.push(...progress.push(line, i * 1000)));
  printed.push(...progress.finish(LOG.length * 1000));
  deepStrictEqual(printed, [
    "  debootstrap: reading the archive index  (6.0s)",
    "  debootstrap: resolving dependencies  (2.0s)",
    "  debootstrap: downloading packages  (3.0s)",
    "  debootstrap: extracting packages  (2.0s)",
    "  debootstrap W: Failure trying to run: chroot ... mount -t proc proc /proc",
    "  debootstrap: unpacking packages  (4.0s)",
    "  debootstrap: configuring packages  (2.0s)",
    "  debootstrap: unpacking packages  (2.0s)",
  ]);
  equal(progress.tail.at(-1), "I: Base system installed successfully.");
});
