/**
 * False positives of bottle's DLP detectors on real text already on this
 * machine: npm packages (`/usr/lib/node_modules`, the Deno npm cache) and
 * `/usr/share/doc` (gzip files decompressed). Every file that is text (no NUL
 * byte in its first 8 KiB) is scanned with all detectors; the report lists
 * the hit count per detector and each hit's file and offset, never the value.
 *
 * Run: `deno run -A tests/bench/dlp_false_positives.ts [folder…]`
 *   DLP_FP_LIMIT_MB   stop after this many megabytes (default: everything)
 *   DLP_FP_CONTEXT=1  print the text around each hit, masked, for triage
 */
import { scanText } from "../../proxy/dlp/mod.ts";
import { isLogOnly } from "../../proxy/dlp/mod.ts";
import { filesUnder, readLocalText } from "./_local_text.ts";

const ROOTS = Deno.args.length > 0 ? Deno.args : [
  "/usr/lib/node_modules",
  `${Deno.env.get("HOME") ?? "/root"}/.cache/deno/npm`,
  "/usr/share/doc",
];
const LIMIT = Number(Deno.env.get("DLP_FP_LIMIT_MB") ?? Infinity) * 1e6;
const CONTEXT = Deno.env.get("DLP_FP_CONTEXT") === "1";
const MAX_FILE = 16 * 1024 * 1024;

/** The text around a hit with the matched value masked: for a person triaging, not for logs. */
function masked(text: string, offset: number, length: number): string {
  const before = text.slice(Math.max(0, offset - 40), offset);
  const value = text.slice(offset, offset + length);
  const shown = value.slice(0, 6) + "*".repeat(Math.max(0, Math.min(length, 40) - 6));
  return JSON.stringify(
    before + "⟦" + shown + "⟧" + text.slice(offset + length, offset + length + 20),
  );
}

const perDetector = new Map<string, number>();
const lines: string[] = [];
let bytes = 0;
let fileCount = 0;
let scanMs = 0;
outer: for (const root of ROOTS) {
  for await (const path of filesUnder(root)) {
    const text = await readLocalText(path, MAX_FILE);
    if (text === undefined) continue;
    fileCount++;
    bytes += text.length;
    const t0 = performance.now();
    const hits = scanText(text);
    scanMs += performance.now() - t0;
    for (const hit of hits) {
      perDetector.set(hit.detector, (perDetector.get(hit.detector) ?? 0) + 1);
      const mode = isLogOnly(hit.detector) ? "log" : "block";
      lines.push(
        `${hit.detector} [${mode}] ${path}:${hit.offset}` +
          (CONTEXT ? ` ${masked(text, hit.offset, hit.length)}` : ""),
      );
    }
    if (bytes >= LIMIT) break outer;
  }
}

console.log(
  `scanned ${(bytes / 1e6).toFixed(1)} MB in ${fileCount} text files from ${ROOTS.join(", ")}`,
);
console.log(
  `scan time ${scanMs.toFixed(0)} ms (${(bytes / 1e6 / (scanMs / 1000)).toFixed(0)} MB/s)`,
);
const blocking = [...perDetector].filter(([name]) => !isLogOnly(name));
const total = (list: Array<[string, number]>) => list.reduce((n, [, c]) => n + c, 0);
console.log(`hits: ${total([...perDetector])} (block-mode detectors: ${total(blocking)})`);
for (const [name, count] of [...perDetector].sort((a, b) => b[1] - a[1])) {
  console.log(
    `  ${name.padEnd(36)} ${String(count).padStart(5)}${isLogOnly(name) ? "  (log only)" : ""}`,
  );
}
for (const line of lines) console.log(line);
