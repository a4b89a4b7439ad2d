/**
 * The data behind the entropy thresholds in `proxy/dlp/url_entropy.ts`.
 * Collects real host names, path segments and query values from URLs in
 * text on this machine (npm packages, Python and Perl libraries, the gcloud
 * SDK, /usr/share/doc) plus the Public Suffix List, and random secrets
 * (16–63 bytes) encoded as base32, hex and base64 and cut as an exfiltrating
 * client would cut them. Prints, for each: the Shannon entropy distribution
 * by length (why entropy alone is not enough), then how many real values and
 * how many encoded chunks the rules flag.
 *
 * Run: `deno run -A tests/bench/dlp_entropy_thresholds.ts`
 */
import {
  hostLooksEncoded,
  looksEncoded,
  shannonEntropy,
  urlPartLooksEncoded,
} from "../../proxy/dlp/mod.ts";
import { filesUnder, readLocalText } from "./_local_text.ts";

const HOME = Deno.env.get("HOME") ?? "/root";
const ROOTS = [
  "/usr/lib/node_modules",
  `${HOME}/.cache/deno/npm`,
  "/usr/share/doc",
  "/usr/lib/python3",
  "/usr/lib/python3.11",
  "/usr/share/google-cloud-sdk",
  "/usr/share/perl",
];
const PSL = "/usr/share/publicsuffix/public_suffix_list.dat";

const decode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

const hosts = new Set<string>();
const labels = new Set<string>();
const segments = new Set<string>();
const queryValues = new Set<string>();
for (const root of ROOTS) {
  for await (const path of filesUnder(root)) {
    const text = await readLocalText(path, 16e6, true);
    if (text === undefined) continue;
    for (
      const m of text.matchAll(/https?:\/\/([A-Za-z0-9.-]+)(?::\d+)?(\/[^\s"'<>()[\]{}`\\#]*)?/g)
    ) {
      const host = m[1]!.toLowerCase().replace(/\.$/, "");
      if (!/[a-z]/.test(host)) continue;
      hosts.add(host);
      for (const label of host.split(".")) labels.add(label);
      const rest = m[2] ?? "";
      const q = rest.indexOf("?");
      for (const s of (q < 0 ? rest : rest.slice(0, q)).split("/")) {
        if (s !== "") segments.add(decode(s));
      }
      if (q >= 0) {
        for (const pair of rest.slice(q + 1).split("&")) {
          const eq = pair.indexOf("=");
          if (eq > 0 && eq < pair.length - 1) queryValues.add(decode(pair.slice(eq + 1)));
        }
      }
    }
  }
}
try {
  for (const line of Deno.readTextFileSync(PSL).split("\n")) {
    if (line === "" || line.startsWith("//")) continue;
    const host = line.replace(/^[*!]\./, "");
    if (!/^[a-z0-9.-]+$/.test(host)) continue;
    hosts.add(host);
    for (const label of host.split(".")) labels.add(label);
  }
} catch { /* no Public Suffix List here */ }

const B32 = "abcdefghijklmnopqrstuvwxyz234567";
function base32(bytes: Uint8Array): string {
  let bits = 0, value = 0, out = "";
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}
const hex = (b: Uint8Array) => [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
const base64 = (b: Uint8Array) => btoa(String.fromCharCode(...b));
const base64url = (b: Uint8Array) =>
  base64(b).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

/** Random secrets of 16–63 bytes, encoded, cut into `chunk`-character pieces (at least 8 long). */
function encodedChunks(encode: (b: Uint8Array) => string, chunk: number, lower: boolean): string[] {
  const out: string[] = [];
  for (let i = 0; i < 2000; i++) {
    let s = encode(crypto.getRandomValues(new Uint8Array(16 + (i % 48))));
    if (lower) s = s.toLowerCase();
    for (let j = 0; j < s.length; j += chunk) {
      if (s.length - j >= 8) out.push(s.slice(j, j + chunk));
    }
  }
  return out;
}

function bucket(n: number): string {
  return n < 8
    ? "<8"
    : n < 12
    ? "8-11"
    : n < 16
    ? "12-15"
    : n < 24
    ? "16-23"
    : n < 32
    ? "24-31"
    : n < 48
    ? "32-47"
    : "48+";
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
}

function entropyTable(name: string, values: Iterable<string>): void {
  const by = new Map<string, number[]>();
  for (const v of values) {
    const k = bucket(v.length);
    if (!by.has(k)) by.set(k, []);
    by.get(k)!.push(shannonEntropy(v));
  }
  const order = ["<8", "8-11", "12-15", "16-23", "24-31", "32-47", "48+"];
  const cells = order.filter((k) => by.has(k)).map((k) => {
    const v = by.get(k)!;
    return `${k}: n=${v.length} p50=${percentile(v, 0.5).toFixed(2)} p99=${
      percentile(v, 0.99).toFixed(2)
    } max=${Math.max(...v).toFixed(2)}`;
  });
  console.log(`  ${name.padEnd(22)} ${cells.join(" | ")}`);
}

console.log(
  `real: ${hosts.size} host names, ${labels.size} labels, ${segments.size} path segments, ${queryValues.size} query values`,
);
console.log("\nShannon entropy (bits per character) by length:");
entropyTable("real host labels", labels);
entropyTable("real path segments", segments);
entropyTable("real query values", queryValues);
for (const chunk of [16, 32, 63]) {
  entropyTable(`base32 chunks of ${chunk}`, encodedChunks(base32, chunk, true));
  entropyTable(`hex chunks of ${chunk}`, encodedChunks(hex, chunk, true));
}

const rate = (flagged: number, total: number) =>
  `${flagged}/${total} (${((100 * flagged) / total).toFixed(2)} %)`;
console.log("\nRules of url_entropy.ts:");
const flaggedLabels = [...labels].filter((l) => l.split("-").some(looksEncoded));
console.log(
  `  real labels flagged:       ${rate(flaggedLabels.length, labels.size)} ${
    flaggedLabels.slice(0, 10).join(" ")
  }`,
);
const flaggedHosts = [...hosts].filter(hostLooksEncoded);
console.log(
  `  real host names flagged:   ${rate(flaggedHosts.length, hosts.size)} ${
    flaggedHosts.slice(0, 10).join(" ")
  }`,
);
for (
  const [name, encode, lower] of [["base32", base32, true], ["hex", hex, true], [
    "base64 (lower-cased)",
    base64url,
    true,
  ]] as const
) {
  for (const chunk of [16, 32, 63]) {
    const chunks = encodedChunks(encode, chunk, lower).filter((c) => c.length >= 16);
    const flagged = chunks.filter((c) => hostLooksEncoded(`${c}.exfil.example.com`)).length;
    console.log(
      `  ${name} labels of ≤${chunk}:`.padEnd(32) + `flagged ${rate(flagged, chunks.length)}`,
    );
  }
}
const labelsOf = (s: string, n: number) => s.match(new RegExp(`.{1,${n}}`, "g"))!.join(".");
const short = encodedChunks(base32, 200, true).filter((c) => c.length >= 40);
const flaggedShort =
  short.filter((c) => hostLooksEncoded(`${labelsOf(c, 12)}.exfil.example.com`)).length;
console.log(`  base32 cut into 12-char labels: flagged ${rate(flaggedShort, short.length)}`);
const flaggedSegments = [...segments].filter(urlPartLooksEncoded);
console.log(
  `  real path segments flagged: ${rate(flaggedSegments.length, segments.size)} ${
    flaggedSegments.slice(0, 6).join(" ")
  }`,
);
const flaggedQuery = [...queryValues].filter(urlPartLooksEncoded);
console.log(`  real query values flagged:  ${rate(flaggedQuery.length, queryValues.size)}`);
const b64 = encodedChunks(base64url, 200, false).filter((c) => c.length >= 16);
console.log(
  `  base64url values flagged:   ${rate(b64.filter(urlPartLooksEncoded).length, b64.length)}`,
);
