/**
 * The SSH wire primitives (RFC 4251 §5) read from one byte string: uint32,
 * string, boolean, mpint. Every read is bounds-checked and throws a
 * RangeError past the end; the agent codec, the key-file reader and the
 * signature check all read through this one reader.
 */

const LATIN1 = new TextDecoder("latin1");

/** A cursor over `bytes`. */
export class SshReader {
  #at = 0;
  constructor(readonly bytes: Uint8Array) {}

  /** Whether every byte was read. */
  get done(): boolean {
    return this.#at === this.bytes.length;
  }

  /** The next `n` bytes as they are. */
  take(n: number): Uint8Array {
    if (this.#at + n > this.bytes.length) throw new RangeError("the data ends early");
    const value = this.bytes.subarray(this.#at, this.#at + n);
    this.#at += n;
    return value;
  }

  byte(): number {
    return this.take(1)[0]!;
  }

  uint32(): number {
    const b = this.take(4);
    return ((b[0]! << 24) | (b[1]! << 16) | (b[2]! << 8) | b[3]!) >>> 0;
  }

  string(): Uint8Array {
    return this.take(this.uint32());
  }

  /** A string read as Latin-1 text (algorithm and curve names, comments). */
  text(): string {
    return LATIN1.decode(this.string());
  }

  boolean(): boolean {
    const value = this.byte();
    if (value > 1) throw new RangeError("a boolean that is neither 0 nor 1");
    return value === 1;
  }
}

/** Every SSH `string` of `blob`, in order; undefined when one runs past the end. */
export function sshStrings(blob: Uint8Array): Uint8Array[] | undefined {
  const reader = new SshReader(blob);
  const out: Uint8Array[] = [];
  try {
    while (!reader.done) out.push(reader.string());
  } catch {
    return undefined;
  }
  return out;
}

/**
 * A non-negative SSH mpint as exactly `size` big-endian bytes (leading zeros
 * dropped, left-padded); undefined when negative or too large.
 */
export function mpintBytes(mpint: Uint8Array, size: number): Uint8Array | undefined {
  if (mpint.length > 0 && (mpint[0]! & 0x80) !== 0) return undefined;
  let start = 0;
  while (start < mpint.length && mpint[start] === 0) start++;
  const digits = mpint.subarray(start);
  if (digits.length > size) return undefined;
  const out = new Uint8Array(size);
  out.set(digits, size - digits.length);
  return out;
}
