import { strictEqual } from "node:assert/strict";
import fc from "fast-check";
import { indexOfByte } from "./index_of_byte.ts";

Deno.test("indexOfByte() agrees with indexOf at every offset, alignment and length", () => {
  const buffer = new Uint8Array(300).fill(0x61);
  for (const at of [0, 1, 2, 3, 4, 63, 64, 65, 130, 255, 299]) {
    buffer.fill(0x61);
    buffer[at] = 0x22;
    for (let offset = 0; offset < 4; offset++) {
      const view = buffer.subarray(offset, 300 - (at % 3));
      for (const from of [0, 1, 5, at - offset, at - offset + 1]) {
        strictEqual(
          indexOfByte(view, 0x22, from),
          view.indexOf(0x22, from),
          `at ${at}, offset ${offset}, from ${from}`,
        );
      }
    }
  }
});

Deno.test("indexOfByte() finds no false match next to bytes that differ by one bit or borrow", () => {
  // 0x21, 0x23 and 0xa2 are one bit from 0x22; 0x00 and 0x01 provoke borrows in the word test.
  const bytes = new Uint8Array(256);
  for (let i = 0; i < bytes.length; i++) bytes[i] = [0x21, 0x23, 0xa2, 0x00, 0x01][i % 5]!;
  strictEqual(indexOfByte(bytes, 0x22), -1);
  bytes[201] = 0x22;
  strictEqual(indexOfByte(bytes, 0x22), 201);
});

Deno.test("indexOfByte() matches indexOf on arbitrary bytes", () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ minLength: 0, maxLength: 400 }),
      fc.integer({ min: 0, max: 255 }),
      fc.nat(8),
      fc.nat(410),
      (data, byte, offset, from) => {
        const padded = new Uint8Array(data.length + 8);
        padded.set(data, offset % 8);
        const view = padded.subarray(offset % 8, (offset % 8) + data.length);
        strictEqual(indexOfByte(view, byte, from), view.indexOf(byte, from));
      },
    ),
    { numRuns: 2000 },
  );
});
