import { loadShellParser } from "./cli/hook/shell/load_shell_parser.ts";
const p = await loadShellParser();
for (const s of Deno.args) {
  const r = p.parse(s) as any;
  const show = (n: any, d: number): void => { console.log("  ".repeat(d) + n.type + (n.field ? ":" + n.field : "") + (n.children.length === 0 ? " " + JSON.stringify(s.slice(n.start ?? n.startIndex, n.end ?? n.endIndex)) : "")); for (const c of n.children) show(c, d + 1); };
  show(r.root, 0);
}
