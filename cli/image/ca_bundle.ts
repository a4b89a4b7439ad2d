/**
 * Checks a user-supplied CA bundle before it goes into an image: it must hold
 * at least one PEM certificate, and nothing else is carried over — a private
 * key pasted into the same file never reaches an image layer.
 */

/** A bundle reduced to its certificates, or the reason it was refused. */
export type CaBundleCheck =
  | { readonly ok: true; readonly pem: string; readonly count: number }
  | { readonly ok: false; readonly problem: "empty" | "no_certificate" | "private_key" };

const CERTIFICATE = /-----BEGIN CERTIFICATE-----\r?\n[\s\S]*?-----END CERTIFICATE-----/g;
const PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/;

/** Keeps only the PEM certificate blocks of `text` (one per line group, `\n` endings). */
export function checkCaBundle(text: string): CaBundleCheck {
  if (text.trim() === "") return { ok: false, problem: "empty" };
  if (PRIVATE_KEY.test(text)) return { ok: false, problem: "private_key" };
  const blocks = text.match(CERTIFICATE) ?? [];
  if (blocks.length === 0) return { ok: false, problem: "no_certificate" };
  const pem = blocks.map((block) => block.replace(/\r\n/g, "\n") + "\n").join("");
  return { ok: true, pem, count: blocks.length };
}
