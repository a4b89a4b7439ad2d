/**
 * The argv of each step of an offline base image build, as data: debootstrap
 * into a folder, tar that folder, `docker import` the stream.
 */

/** `debootstrap` argv for a minimal (`minbase`) root file system. */
export function debootstrapArgv(suite: string, rootfs: string, mirror: string): string[] {
  return ["--variant=minbase", suite, rootfs, mirror];
}

/**
 * `tar` argv writing `rootfs` to standard output with numeric owners; the apt
 * package cache and package lists are left out (images fetch fresh lists).
 */
export function rootfsTarArgv(rootfs: string): string[] {
  return [
    "--create",
    "--file=-",
    "--numeric-owner",
    "--exclude=./var/cache/apt/archives/*.deb",
    "--exclude=./var/lib/apt/lists/*",
    "--exclude=./debootstrap",
    `--directory=${rootfs}`,
    ".",
  ];
}

/** `docker import` argv reading a tar from standard input; prints the new image id. */
export function importArgv(suite: string, mirror: string): string[] {
  return [
    "import",
    "--change",
    "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
    "--change",
    'CMD ["bash"]',
    "--message",
    `bottle image base: debootstrap --variant=minbase ${suite} from ${mirror}`,
    "-",
  ];
}
