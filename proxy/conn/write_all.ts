/** Writing a whole buffer to a connection, which may accept it in parts. */

/** Anything with a partial `write`, such as `Deno.Conn`. */
export interface Writable {
  write(p: Uint8Array): Promise<number>;
}

/** Writes every byte of `bytes` to `to`. */
export async function writeAll(to: Writable, bytes: Uint8Array): Promise<void> {
  let written = 0;
  while (written < bytes.length) written += await to.write(bytes.subarray(written));
}
