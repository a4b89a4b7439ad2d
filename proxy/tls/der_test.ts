import { deepStrictEqual, throws } from "node:assert/strict";
import {
  bitString,
  boolean,
  certificateTime,
  explicit,
  ia5String,
  implicitPrimitive,
  namedBits,
  oid,
  printableString,
  sequence,
  smallInteger,
  tlv,
  unsignedInteger,
} from "./der.ts";

const hex = (bytes: Uint8Array) => [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");

Deno.test("tlv() uses the short length form below 128 bytes and the long form above", () => {
  deepStrictEqual(hex(tlv(0x04, new Uint8Array(3))), "0403000000");
  deepStrictEqual(hex(tlv(0x04, new Uint8Array(127))).slice(0, 4), "047f");
  deepStrictEqual(hex(tlv(0x04, new Uint8Array(128))).slice(0, 6), "048180");
  deepStrictEqual(hex(tlv(0x04, new Uint8Array(300))).slice(0, 8), "0482012c");
  deepStrictEqual(hex(tlv(0x04, new Uint8Array(70_000))).slice(0, 10), "0483011170");
});

Deno.test("unsignedInteger() drops leading zeros and keeps the value positive", () => {
  deepStrictEqual(hex(unsignedInteger(Uint8Array.of(0, 0, 5))), "020105");
  deepStrictEqual(hex(unsignedInteger(Uint8Array.of(0x80))), "02020080");
  deepStrictEqual(hex(unsignedInteger(Uint8Array.of(0, 0))), "020100");
  deepStrictEqual(hex(unsignedInteger(new Uint8Array(0))), "020100");
  deepStrictEqual(hex(smallInteger(0)), "020100");
  deepStrictEqual(hex(smallInteger(2)), "020102");
  deepStrictEqual(hex(smallInteger(256)), "02020100");
  throws(() => smallInteger(-1));
});

Deno.test("oid() encodes the first two arcs together and the rest in base 128", () => {
  // ecdsa-with-SHA256 and the subjectAltName extension, as every TLS stack writes them.
  deepStrictEqual(hex(oid("1.2.840.10045.4.3.2")), "06082a8648ce3d040302");
  deepStrictEqual(hex(oid("2.5.29.17")), "0603551d11");
  deepStrictEqual(hex(oid("1.3.6.1.5.5.7.3.1")), "06082b06010505070301");
  throws(() => oid("1"));
  throws(() => oid("1.40"));
  throws(() => oid("1.2.x"));
});

Deno.test("namedBits() drops trailing zero bits and counts the unused ones", () => {
  deepStrictEqual(hex(namedBits([0])), "03020780", "digitalSignature");
  deepStrictEqual(hex(namedBits([5, 6])), "03020106", "keyCertSign and cRLSign");
  deepStrictEqual(hex(namedBits([8])), "0303070080");
  deepStrictEqual(hex(namedBits([])), "030100");
  deepStrictEqual(hex(bitString(Uint8Array.of(0xab))), "030200ab");
});

Deno.test("certificateTime() is UTCTime through 2049 and GeneralizedTime from 2050", () => {
  const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes.subarray(2));
  const utc = certificateTime(new Date("2026-03-04T05:06:07.890Z"));
  deepStrictEqual([utc[0], text(utc)], [0x17, "260304050607Z"]);
  const general = certificateTime(new Date("2050-01-01T00:00:00Z"));
  deepStrictEqual([general[0], text(general)], [0x18, "20500101000000Z"]);
  throws(() => certificateTime(new Date(Number.NaN)));
});

Deno.test("strings, booleans and context tags encode as X.690 says", () => {
  deepStrictEqual(hex(boolean(true)), "0101ff");
  deepStrictEqual(hex(boolean(false)), "010100");
  deepStrictEqual(hex(ia5String("a.b")), "1603612e62");
  deepStrictEqual(hex(printableString("US")), "13025553");
  throws(() => printableString("a@b"));
  throws(() => ia5String("é"));
  deepStrictEqual(hex(explicit(0, smallInteger(2))), "a003020102");
  deepStrictEqual(hex(implicitPrimitive(2, Uint8Array.of(0x61))), "820161");
  deepStrictEqual(hex(sequence(boolean(true), smallInteger(0))), "30060101ff020100");
});
