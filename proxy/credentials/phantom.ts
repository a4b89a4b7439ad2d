/**
 * Phantoms for granted credentials: what the bottle holds in place of a real
 * value. A phantom is random, but shaped like the real value so client-side
 * format checks pass: the same known prefix (`ghp_`, `github_pat_`, `npm_`,
 * `sk-ant-…`, `xoxb-`, `AKIA`… — otherwise any leading `[a-z]+[_-]`), the
 * same length, the same separators at the same places, each run of letters
 * and digits drawn from the alphabet that run uses (digits, hex, one case,
 * base62), and a valid checksum where the format has one (GitHub's and npm's
 * CRC32). Only the shape of the real value is kept — its run lengths and
 * alphabets — never one of its random characters.
 *
 * Pure but for randomness, which the caller may supply (tests do).
 */
import { BASE62, crc32Base62 } from "../dlp/crc32_base62.ts";
import { scanText } from "../dlp/scan_text.ts";

/** Gives `count` random bytes; the default is `crypto.getRandomValues`. */
export type RandomBytes = (count: number) => Uint8Array;

/** A phantom, or why the value cannot have one of its own shape. */
export type PhantomResult =
  | { readonly kind: "phantom"; readonly phantom: string }
  | { readonly kind: "error"; readonly reason: string };

/** Fewest random bits a phantom may hold: fewer could be guessed or collide. */
export const MIN_PHANTOM_BITS = 64;

/**
 * Prefixes kept as they are, longest first (so `sk-ant-api03-` wins over
 * `sk-`): the type markers of common token formats, which clients and
 * scanners check. Each is public knowledge, never part of the secret.
 */
const KNOWN_PREFIXES: readonly string[] = [
  // GitHub, npm, GitLab, Bitbucket, Atlassian, Docker Hub, CircleCI.
  ..."github_pat_ ghp_ gho_ ghu_ ghs_ ghr_ npm_ glpat- gldt- glrt- glsa_ ATBB ATATT".split(" "),
  ..."dckr_pat_ CCIPAT_".split(" "),
  // Anthropic, OpenAI and other model vendors.
  ..."sk-ant-api03- sk-ant-oat01- sk-ant-ort01- sk-ant-admin01- sk-ant-".split(" "),
  ..."sk-proj- sk-svcacct- sk-admin- sk-or-v1- sk- gsk_ xai- pplx- pcsk_ hf_ api_org_ r8_".split(
    " ",
  ),
  ..."lsv2_pt_ lsv2_sk_".split(" "),
  // Slack, Stripe, Square, Shopify, Linear, Notion, Postman, SendGrid.
  ..."xoxb- xoxp- xoxa- xoxe- xapp- sk_live_ sk_test_ rk_live_ rk_test_ sq0atp- sq0csp-".split(" "),
  ..."shpat_ shpss_ shpca_ lin_api_ lin_oauth_ ntn_ PMAK- SG.".split(" "),
  // Clouds and infrastructure.
  ..."AKIA ASIA AIza ya29. GOCSPX- LTAI dop_v1_ doo_v1_ dor_v1_ HRKU- hvs. hvb. dp.pt. dp.st."
    .split(
      " ",
    ),
  ..."tskey-auth- tskey-api- tskey-client- pscale_tkn_ sb_secret_ dapi dt0c01. glc_".split(" "),
  // Observability, registries and secret stores.
  ..."NRAK- NRAA- NRII- sntrys_ pypi- ops_ CFPAT-".split(" "),
].toSorted((a, b) => b.length - a.length);

/** Prefixes of formats whose last six characters are a base62 CRC32 of the 30 before them. */
const CRC32_PREFIXES = new Set(["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "npm_"]);

/** Fixed markers some formats carry in the middle (OpenAI's base64 of "OpenAI"). */
const FIXED_MARKERS: readonly string[] = ["T3BlbkFJ"];

const DIGITS = "0123456789";
const UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
const LOWER = "abcdefghijklmnopqrstuvwxyz";
const BASE32_UPPER = UPPER + "234567";

/** One piece of a phantom's template. */
type Piece =
  | { readonly kind: "fixed"; readonly text: string }
  | { readonly kind: "random"; readonly alphabet: string; readonly length: number }
  /** The base62 CRC32 of the random piece just before it. */
  | { readonly kind: "crc32" };

/** A phantom for `real`: same shape, new randomness, never equal to `real`. */
export function phantomFor(
  real: string,
  random: RandomBytes = (count) => crypto.getRandomValues(new Uint8Array(count)),
): PhantomResult {
  const template = templateOf(real);
  const bits = randomBits(template);
  if (bits < MIN_PHANTOM_BITS) {
    return {
      kind: "error",
      reason: `a phantom of its shape would hold ${
        Math.floor(bits)
      } random bits; bottle needs at least ${MIN_PHANTOM_BITS} (a longer value, such as a real token)`,
    };
  }
  const source = new ByteSource(random);
  const detectors = detectorsOf(real);
  let differs: string | undefined;
  try {
    // A draw the real value's DLP detectors miss (an entropy check that judged this
    // draw too plain) is drawn again, so the phantom is flagged wherever the real
    // value would be; after a few misses any draw that differs will do.
    for (let attempt = 0; attempt < 32; attempt++) {
      const phantom = fill(template, source);
      if (phantom === real) continue;
      if (detectors.every((name) => detectorsOf(phantom).includes(name))) {
        return { kind: "phantom", phantom };
      }
      differs ??= phantom;
    }
  } catch (error) {
    return { kind: "error", reason: (error as Error).message };
  }
  // With 64 random bits a repeat is as good as impossible; only a broken source repeats.
  if (differs !== undefined) return { kind: "phantom", phantom: differs };
  return { kind: "error", reason: "the random source kept repeating the real value" };
}

/** The DLP detectors that flag `value` on its own. */
function detectorsOf(value: string): string[] {
  return scanText(value).map((hit) => hit.detector);
}

/** The prefix kept from `real`: a known one, else a leading `[a-z]+[_-]`, else none. */
export function phantomPrefix(real: string): string {
  return KNOWN_PREFIXES.find((prefix) => real.startsWith(prefix)) ??
    /^[a-z]+[_-]/.exec(real)?.[0] ?? "";
}

/** How `real` is rebuilt: fixed text, random runs and checksums. */
function templateOf(real: string): Piece[] {
  const prefix = phantomPrefix(real);
  const body = real.slice(prefix.length);
  const head: Piece[] = prefix === "" ? [] : [{ kind: "fixed", text: prefix }];
  if (CRC32_PREFIXES.has(prefix) && /^[A-Za-z0-9]{36}$/.test(body)) {
    return [...head, { kind: "random", alphabet: BASE62, length: 30 }, { kind: "crc32" }];
  }
  if ((prefix === "AKIA" || prefix === "ASIA") && /^[A-Z2-7]{16}$/.test(body)) {
    return [...head, { kind: "random", alphabet: BASE32_UPPER, length: 16 }];
  }
  // Anthropic keys end in a fixed "AA".
  const tail = prefix.startsWith("sk-ant-") && body.endsWith("AA") ? "AA" : "";
  const middle = body.slice(0, body.length - tail.length);
  return [...head, ...shapeOf(middle), ...(tail === "" ? [] : [fixed(tail)])];
}

/** Fixed markers kept; separators kept; each run of letters and digits made random. */
function shapeOf(text: string): Piece[] {
  const marker = FIXED_MARKERS.find((m) => text.includes(m));
  if (marker !== undefined) {
    const at = text.indexOf(marker);
    return [
      ...shapeOf(text.slice(0, at)),
      fixed(marker),
      ...shapeOf(text.slice(at + marker.length)),
    ];
  }
  const pieces: Piece[] = [];
  for (const [run] of text.matchAll(/[A-Za-z0-9]+|[^A-Za-z0-9]/g)) {
    pieces.push(
      /[A-Za-z0-9]/.test(run)
        ? { kind: "random", alphabet: alphabetOf(run), length: run.length }
        : fixed(run),
    );
  }
  return pieces;
}

/**
 * The alphabet a run of letters and digits is drawn from: digits if it has
 * any; lower case, upper case or both as it has them — narrowed to `a-f` /
 * `A-F` when it is hexadecimal (digits and only those letters).
 */
function alphabetOf(run: string): string {
  const digits = /[0-9]/.test(run);
  const lower = /[a-z]/.test(run);
  const upper = /[A-Z]/.test(run);
  const hex = digits && !(lower && upper) && /^[0-9a-fA-F]+$/.test(run);
  return (digits ? DIGITS : "") +
    (upper ? (hex ? UPPER.slice(0, 6) : UPPER) : "") +
    (lower ? (hex ? LOWER.slice(0, 6) : LOWER) : "");
}

function fixed(text: string): Piece {
  return { kind: "fixed", text };
}

/** Random bits a template holds. */
function randomBits(template: readonly Piece[]): number {
  return template.reduce(
    (sum, piece) =>
      piece.kind === "random" ? sum + piece.length * Math.log2(piece.alphabet.length) : sum,
    0,
  );
}

/** One phantom from `template`. */
function fill(template: readonly Piece[], source: ByteSource): string {
  let out = "";
  let last = "";
  for (const piece of template) {
    if (piece.kind === "fixed") {
      out += piece.text;
    } else if (piece.kind === "random") {
      last = "";
      for (let i = 0; i < piece.length; i++) {
        last += piece.alphabet[source.below(piece.alphabet.length)];
      }
      out += last;
    } else {
      out += crc32Base62(last);
    }
  }
  return out;
}

/** Uniform choices from random bytes, by rejection (no modulo bias). */
class ByteSource {
  readonly #random: RandomBytes;
  #bytes: Uint8Array = new Uint8Array(0);
  #next = 0;

  constructor(random: RandomBytes) {
    this.#random = random;
  }

  /** A uniform integer in [0, n), for 1 ≤ n ≤ 256. */
  below(n: number): number {
    const limit = 256 - (256 % n);
    for (let tries = 0; tries < 4096; tries++) {
      if (this.#next >= this.#bytes.length) {
        this.#bytes = this.#random(64);
        this.#next = 0;
        if (this.#bytes.length === 0) throw new Error("the random source gave no bytes");
      }
      const byte = this.#bytes[this.#next++]!;
      if (byte < limit) return byte % n;
    }
    throw new Error("the random source is not random");
  }
}
