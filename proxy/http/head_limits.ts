/**
 * Resource bounds for reading one message head. Every parser in this folder
 * stops at these, so a peer that never sends CRLFCRLF costs at most
 * `maxHeaderBytes` of buffer and one bounded scan per call.
 */

/** Bounds on one head; the defaults are the safe choice and apply to each field left out. */
export type HeadLimits = {
  /** Longest start line (request line or status line) without its CRLF; longer → 414. */
  readonly maxRequestLine: number;
  /** Longest head, start line to the final CRLFCRLF included; longer → 431. */
  readonly maxHeaderBytes: number;
  /** Most header field lines; more → 431. */
  readonly maxHeaders: number;
};

/** Default bounds: 8 KiB request line, 32 KiB head, 100 fields. */
export const DEFAULT_HEAD_LIMITS: HeadLimits = Object.freeze({
  maxRequestLine: 8192,
  maxHeaderBytes: 32768,
  maxHeaders: 100,
});

/**
 * Fills in defaults. A bound that is not a positive finite number falls back
 * to its default, so a bad configuration can never turn a bound off.
 */
export function resolveHeadLimits(limits: Partial<HeadLimits> = {}): HeadLimits {
  return {
    maxRequestLine: bound(limits.maxRequestLine, DEFAULT_HEAD_LIMITS.maxRequestLine),
    maxHeaderBytes: bound(limits.maxHeaderBytes, DEFAULT_HEAD_LIMITS.maxHeaderBytes),
    maxHeaders: bound(limits.maxHeaders, DEFAULT_HEAD_LIMITS.maxHeaders),
  };
}

function bound(value: number | undefined, fallback: number): number {
  if (value === undefined || !Number.isFinite(value) || value < 1) return fallback;
  return Math.floor(value);
}
