/**
 * An in-memory filesystem for the hook's policy tests: folders, files,
 * symlinks, hardlinks, case-insensitive folders and mounts (devices), with a
 * log of every question asked so tests can prove what was not looked at.
 */

import type { FsEntry, FsStat, FsView } from "../fs_view.ts";

/** How one path of a test tree is made. */
export type TestNodeSpec =
  | "dir"
  | "file"
  | "socket"
  | { readonly symlink: string }
  | { readonly hardlink: string }
  | {
    readonly file: {
      readonly text?: string;
      readonly size?: number;
      readonly mtimeMs?: number;
      readonly mode?: number;
    };
  };

/** Options of a test tree. */
export interface TestTreeOptions {
  /** Folders that look names up ignoring case. */
  readonly caseInsensitive?: readonly string[];
  /** Mount points and their device numbers (the root is device 1). */
  readonly devices?: Readonly<Record<string, number>>;
  /** Paths whose lstat fails with EACCES. */
  readonly unreadable?: readonly string[];
}

type Node =
  | { kind: "dir"; dev: number; ino: number; children: Map<string, Node>; ci: boolean }
  | {
    kind: "file";
    dev: number;
    ino: number;
    links: number;
    text: string;
    size: number;
    mtimeMs: number;
    mode: number;
  }
  | { kind: "symlink"; dev: number; ino: number; target: string }
  | { kind: "other"; dev: number; ino: number };

/** A test FsView and the log of paths it was asked about. */
export interface TestFsView extends FsView {
  readonly asked: string[];
}

/** Builds a tree from `spec` (paths in creation order; parents are made as folders). */
export function testFsView(
  spec: Readonly<Record<string, TestNodeSpec>>,
  options: TestTreeOptions = {},
): TestFsView {
  let nextIno = 2;
  const devices = Object.entries(options.devices ?? {});
  const devOf = (path: string) => {
    let best = ["/", 1] as [string, number];
    for (const [point, dev] of devices) {
      if ((path === point || path.startsWith(`${point}/`)) && point.length > best[0].length) {
        best = [point, dev];
      }
    }
    return best[1];
  };
  const ci = new Set(options.caseInsensitive ?? []);
  const root: Node = { kind: "dir", dev: 1, ino: 1, children: new Map(), ci: ci.has("/") };

  const child = (dir: Node & { kind: "dir" }, name: string): Node | undefined => {
    const exact = dir.children.get(name);
    if (exact !== undefined || !dir.ci) return exact;
    for (const [key, node] of dir.children) {
      if (key.toLowerCase() === name.toLowerCase()) return node;
    }
    return undefined;
  };
  const parts = (path: string) => path.split("/").filter((s) => s !== "");
  // Looks a path up as lstat does: intermediate symlinks followed, the last one not.
  const lookup = (path: string, hops = 0): Node | undefined => {
    if (hops > 40) throw Object.assign(new Error("ELOOP"), { code: "ELOOP" });
    let node: Node = root;
    let here = "";
    const segments = parts(path);
    for (const [i, segment] of segments.entries()) {
      if (node.kind === "symlink") {
        const target = node.target.startsWith("/")
          ? node.target
          : `${here.slice(0, here.lastIndexOf("/"))}/${node.target}`;
        const resolved = lookup(target, hops + 1);
        if (resolved === undefined) return undefined;
        node = resolved;
      }
      if (node.kind !== "dir") {
        return undefined;
      }
      const next: Node | undefined = segment === ".." ? undefined : child(node, segment);
      if (next === undefined) return undefined;
      node = next;
      here = `/${segments.slice(0, i + 1).join("/")}`;
    }
    return node;
  };
  const mkdirs = (path: string): Node & { kind: "dir" } => {
    let node = root;
    let here = "";
    for (const segment of parts(path)) {
      here += `/${segment}`;
      let next = node.children.get(segment);
      if (next === undefined) {
        next = {
          kind: "dir",
          dev: devOf(here),
          ino: nextIno++,
          children: new Map(),
          ci: ci.has(here),
        };
        node.children.set(segment, next);
      }
      if (next.kind !== "dir") throw new Error(`${here} is not a folder`);
      node = next;
    }
    return node;
  };
  for (const [path, how] of Object.entries(spec)) {
    const slash = path.lastIndexOf("/");
    const parent = mkdirs(path.slice(0, slash));
    const name = path.slice(slash + 1);
    const dev = devOf(path);
    let node: Node;
    if (how === "dir") {
      node = { kind: "dir", dev, ino: nextIno++, children: new Map(), ci: ci.has(path) };
    } else if (how === "socket") node = { kind: "other", dev, ino: nextIno++ };
    else if (how === "file") node = file(dev, nextIno++, {});
    else if ("symlink" in how) node = { kind: "symlink", dev, ino: nextIno++, target: how.symlink };
    else if ("hardlink" in how) {
      const target = lookup(how.hardlink);
      if (target?.kind !== "file") throw new Error(`${how.hardlink} is not a file`);
      target.links++;
      node = target;
    } else node = file(dev, nextIno++, how.file);
    parent.children.set(name, node);
  }

  const asked: string[] = [];
  const unreadable = new Set(options.unreadable ?? []);
  const find = (path: string) => {
    asked.push(path);
    if (unreadable.has(path)) throw Object.assign(new Error(`EACCES: ${path}`), { code: "EACCES" });
    return lookup(path);
  };
  return {
    asked,
    lstat(path) {
      const node = find(path);
      return node === undefined ? undefined : statOf(node);
    },
    readlink(path) {
      const node = find(path);
      if (node?.kind !== "symlink") {
        throw Object.assign(new Error(`EINVAL: ${path}`), { code: "EINVAL" });
      }
      return node.target;
    },
    readDir(path) {
      const node = find(path);
      if (node?.kind === "symlink") {
        return this.readDir(
          node.target.startsWith("/") ? node.target : `${path}/../${node.target}`,
        );
      }
      if (node?.kind !== "dir") return undefined;
      return [...node.children].map(([name, n]): FsEntry => ({ name, kind: statOf(n).kind }));
    },
    readText(path) {
      const node = find(path);
      return node?.kind === "file" ? node.text : undefined;
    },
  };
}

function file(
  dev: number,
  ino: number,
  spec: {
    readonly text?: string;
    readonly size?: number;
    readonly mtimeMs?: number;
    readonly mode?: number;
  },
): Node {
  const text = spec.text ?? "";
  return {
    kind: "file",
    dev,
    ino,
    links: 1,
    text,
    size: spec.size ?? new TextEncoder().encode(text).length,
    mtimeMs: spec.mtimeMs ?? 1_700_000_000_000,
    mode: spec.mode ?? 0o644,
  };
}

function statOf(node: Node): FsStat {
  const base = { dev: node.dev, ino: node.ino, size: 0, mtimeMs: 1_700_000_000_000, mode: 0o755 };
  switch (node.kind) {
    case "dir":
      return { ...base, kind: "dir", nlink: 2 };
    case "symlink":
      return { ...base, kind: "symlink", nlink: 1, mode: 0o777 };
    case "other":
      return { ...base, kind: "other", nlink: 1 };
    case "file":
      return {
        ...base,
        kind: "file",
        nlink: node.links,
        size: node.size,
        mtimeMs: node.mtimeMs,
        mode: node.mode,
      };
  }
}
