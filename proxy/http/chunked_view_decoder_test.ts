import { deepStrictEqual, ok } from "node:assert/strict";
import fc from "fast-check";
import { ChunkedDecoder, type ChunkedPush } from "./chunked_decoder.ts";
import { ChunkedViewDecoder } from "./chunked_view_decoder.ts";

const bytes = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
const text = (data: Uint8Array): string => String.fromCharCode(...data);

type Outcome = { body: string; done: boolean; rest: string } | { error: string };

/** Pushes `input` in pieces cut at `cuts` and sums up what came out. */
function decode(
  decoder: { push(bytes: Uint8Array): ChunkedPush },
  input: Uint8Array,
  cuts: readonly number[],
): Outcome {
  let body = "";
  let rest = "";
  let done = false;
  const bounds = [0, ...[...cuts].sort((a, b) => a - b), input.length];
  for (let i = 0; i + 1 < bounds.length; i++) {
    const result = decoder.push(input.subarray(bounds[i], bounds[i + 1]));
    if ("error" in result) return { error: result.error.code };
    body += result.data.map(text).join("");
    if (result.rest !== undefined) rest += text(result.rest);
    done = result.done;
  }
  return { body, done, rest };
}

function agree(input: string, cuts: readonly number[] = []): void {
  const all = bytes(input);
  deepStrictEqual(
    decode(new ChunkedViewDecoder(), all, cuts),
    decode(new ChunkedDecoder(), all, cuts),
    `${JSON.stringify(input)} cut at ${cuts}`,
  );
}

const SAMPLES = [
  '5\r\nhello\r\n9;name=value;q="x\\"y"\r\n, world!!\r\n0\r\nX-Sum: 1\r\n\r\nGET / HTTP/1.1',
  '3;a=b\r\nabc\r\n10\r\n0123456789abcdef\r\n0;end="\\t"\r\nA: 1\r\nB: 2\r\n\r\nNEXT',
  "1\r\nx\r\n0\r\n\r\n",
  "5\r\nhelloX\r\n",
  "5\r\nhi\r\n0\r\n\r\n",
  "g\r\n",
  "1;=\r\nx\r\n0\r\n\r\n",
  "0\r\nBad Name: x\r\n\r\n",
  "2\r\nab\r\n0\r\nA: b\n\r\n",
  "5\n",
  "5\r\r\n",
  "00000000000000005\r\nhello\r\n0\r\n\r\n",
  "0000000000000005\r\nhello\r\n0\r\n\r\n",
  "fffffffffffffff\r\n",
  " 5\r\nhello\r\n0\r\n\r\n",
  "5 \r\nhello\r\n0\r\n\r\n",
  "5 ; a\r\nhello\r\n0\r\n\r\n",
  "",
  "0\r\n",
  "0\r\n\r",
];

Deno.test("ChunkedViewDecoder agrees with ChunkedDecoder, whole and split at every offset", () => {
  for (const sample of SAMPLES) {
    agree(sample);
    for (let cut = 0; cut <= sample.length; cut++) agree(sample, [cut]);
    agree(sample, Array.from({ length: sample.length }, (_, i) => i));
  }
});

Deno.test("ChunkedViewDecoder agrees with ChunkedDecoder on arbitrary and mutated bodies", () => {
  const chunk = fc.tuple(
    fc.string({ minLength: 1, maxLength: 40 }),
    fc.constantFrom("", ";a=b", ' ;q="x"', ";=", "\r"),
  ).map(([data, ext]) => `${data.length.toString(16)}${ext}\r\n${data}\r\n`);
  const body = fc.tuple(
    fc.array(chunk, { maxLength: 6 }),
    fc.constantFrom("", "A: 1\r\n", "Bad Name: x\r\n", "B: 2\n"),
    fc.constantFrom("", "NEXT"),
  ).map(([chunks, trailer, rest]) => `${chunks.join("")}0\r\n${trailer}\r\n${rest}`);
  const mutated = fc.tuple(body, fc.nat(), fc.constantFrom("", "\r", "\n", "x", "0", ";")).map(
    ([text, at, insert]) => {
      const i = at % (text.length + 1);
      return text.slice(0, i) + insert + text.slice(i + (insert === "" ? 1 : 0));
    },
  );
  fc.assert(
    fc.property(mutated, fc.array(fc.nat(), { maxLength: 5 }), (input, cuts) => {
      agree(input, cuts.map((c) => c % (input.length + 1)));
    }),
    { numRuns: 3000 },
  );
});

Deno.test("ChunkedViewDecoder hands out views of its input, not copies", () => {
  const input = bytes("5\r\nhello\r\n0\r\n\r\n");
  const result = new ChunkedViewDecoder().push(input);
  ok("data" in result && result.done);
  deepStrictEqual(result.data.map(text), ["hello"]);
  ok(result.data[0]!.buffer === input.buffer, "the data is a copy");
});
