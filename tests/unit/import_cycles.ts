/**
 * Finds import cycles among the project's modules. A cycle — even one made only
 * of `import type` edges — says two files are one concern or share a third.
 */
import { dirname, join, normalize } from "node:path";
import { importsOf } from "./source_files.ts";

/** Module path (relative to the root) → the project modules it imports. */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

/**
 * The import graph of `files` (given as [path, source] pairs): every relative
 * specifier — static, type-only, re-export or dynamic — that names another file
 * in the set is an edge. Specifiers that name no listed file are ignored.
 */
export function importGraph(files: ReadonlyArray<readonly [string, string]>): ImportGraph {
  const known = new Set(files.map(([path]) => path));
  const graph = new Map<string, string[]>();
  for (const [file, source] of files) {
    const targets = new Set<string>();
    for (const specifier of importsOf(source)) {
      if (!specifier.startsWith(".")) continue;
      const target = normalize(join(dirname(file), specifier));
      if (known.has(target)) targets.add(target);
    }
    graph.set(file, [...targets].sort());
  }
  return graph;
}

/**
 * Every cycle in `graph`, one per strongly connected component, each written as
 * `a.ts -> b.ts -> a.ts` starting from the component's first module by name.
 */
export function findCycles(graph: ImportGraph): string[] {
  return stronglyConnected(graph)
    .filter((scc) => scc.length > 1 || (graph.get(scc[0]!) ?? []).includes(scc[0]!))
    .map((scc) => {
      const members = new Set(scc);
      const start = [...scc].sort()[0]!;
      return [start, ...pathBack(graph, members, start)].join(" -> ");
    })
    .sort();
}

/** Shortest path from `start` back to itself, inside `members` (breadth first). */
function pathBack(graph: ImportGraph, members: ReadonlySet<string>, start: string): string[] {
  const cameFrom = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i]!;
    for (const next of graph.get(node) ?? []) {
      if (!members.has(next)) continue;
      if (next === start) {
        const path = [start];
        for (let at = node; at !== start; at = cameFrom.get(at)!) path.unshift(at);
        return path;
      }
      if (!cameFrom.has(next)) {
        cameFrom.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start];
}

/** Tarjan's strongly connected components, iterative so deep graphs cannot overflow. */
function stronglyConnected(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let counter = 0;
  for (const root of [...graph.keys()].sort()) {
    if (index.has(root)) continue;
    const work: Array<{ node: string; next: number }> = [{ node: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const edges = graph.get(frame.node) ?? [];
      if (frame.next < edges.length) {
        const child = edges[frame.next++]!;
        if (!index.has(child)) {
          index.set(child, counter);
          low.set(child, counter++);
          stack.push(child);
          onStack.add(child);
          work.push({ node: child, next: 0 });
        } else if (onStack.has(child)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, index.get(child)!));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) {
        low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const scc: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          scc.push(member);
        } while (member !== frame.node);
        out.push(scc);
      }
    }
  }
  return out;
}
