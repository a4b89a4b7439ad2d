/**
 * The checksum GitHub's and npm's token formats end in: six base62 digits
 * (`0-9A-Za-z`, left-padded with `0`) of the CRC32 of the random part. Public
 * for the phantom maker, which must give a phantom a checksum that holds.
 */
import { BASE62, base62, crc32, hasCrc32Base62Suffix } from "./_checksums.ts";

export { BASE62, hasCrc32Base62Suffix };

/** The six-character base62 CRC32 checksum of `text`. */
export function crc32Base62(text: string): string {
  return base62(crc32(text), 6);
}
