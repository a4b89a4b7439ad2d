import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { ChunkedDecoder, type ChunkedPush, encodeChunk, LAST_CHUNK } from "./chunked_decoder.ts";

const bytes = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
const text = (data: Uint8Array): string => String.fromCharCode(...data);

type Outcome =
  | { body: string; done: boolean; rest: string; trailers: [string, string][] }
  | { error: string };

/** Pushes `pieces` one after another and sums up what came out. */
function decode(pieces: Uint8Array[], decoder = new ChunkedDecoder()): Outcome {
  let body = "";
  let rest = "";
  let done = false;
  for (const piece of pieces) {
    const result: ChunkedPush = decoder.push(piece);
    if ("error" in result) return { error: result.error.code };
    body += result.data.map(text).join("");
    if (result.rest !== undefined) rest += text(result.rest);
    done = result.done;
  }
  return { body, done, rest, trailers: decoder.trailers.map(([n, v]) => [n, v]) };
}

const whole = (input: string) => decode([bytes(input)]);

const doneOf = (outcome: Outcome): boolean | undefined =>
  "done" in outcome ? outcome.done : undefined;

function refuses(input: string, code: string): void {
  deepStrictEqual(whole(input), { error: code }, JSON.stringify(input));
}

Deno.test("ChunkedDecoder decodes chunks, checks extensions, keeps trailers and returns the rest", () => {
  const input =
    '5\r\nhello\r\n9;name=value;q="x\\"y"\r\n, world!!\r\n0\r\nX-Sum: 1\r\n\r\nGET / HTTP/1.1';
  deepStrictEqual(whole(input), {
    body: "hello, world!!",
    done: true,
    rest: "GET / HTTP/1.1",
    trailers: [["x-sum", "1"]],
  });
});

Deno.test("ChunkedDecoder gives the same outcome for a body split at every offset and byte by byte", () => {
  const samples = [
    '3;a=b\r\nabc\r\n10\r\n0123456789abcdef\r\n0;end="\\t"\r\nA: 1\r\nB: 2\r\n\r\nNEXT',
    "1\r\nx\r\n0\r\n\r\n",
    "5\r\nhelloX\r\n",
    "5\r\nhi\r\n0\r\n\r\n",
    "g\r\n",
    "1;=\r\nx\r\n0\r\n\r\n",
    "0\r\nBad Name: x\r\n\r\n",
    "2\r\nab\r\n0\r\nA: b\n\r\n",
  ];
  for (const sample of samples) {
    const all = bytes(sample);
    const expected = decode([all]);
    for (let cut = 0; cut <= all.length; cut++) {
      deepStrictEqual(
        decode([all.slice(0, cut), all.slice(cut)]),
        expected,
        `${JSON.stringify(sample)} cut at ${cut}`,
      );
    }
    deepStrictEqual(
      decode([...all].map((b) => Uint8Array.of(b))),
      expected,
      JSON.stringify(sample),
    );
  }
});

Deno.test("ChunkedDecoder refuses chunk sizes that are not 1 to 16 hex digits within MAX_SAFE_INTEGER", () => {
  refuses("\r\nx\r\n0\r\n\r\n", "http.bad_chunk_size");
  refuses("g\r\n", "http.bad_chunk_size");
  refuses("-1\r\n", "http.bad_chunk_size");
  refuses("0x5\r\n", "http.bad_chunk_size");
  refuses(" 5\r\n", "http.bad_chunk_size");
  refuses("5x\r\n", "http.bad_chunk_size");
  refuses("+5\r\n", "http.bad_chunk_size");
  refuses(`${"0".repeat(17)}\r\n`, "http.chunk_too_large");
  refuses("20000000000000\r\n", "http.chunk_too_large");
  refuses("ffffffffffffffff\r\n", "http.chunk_too_large");
  deepStrictEqual(whole("1fffffffffffff\r\nab"), {
    body: "ab",
    done: false,
    rest: "",
    trailers: [],
  });
  deepStrictEqual(whole(`${"0".repeat(15)}1\r\nz\r\n0\r\n\r\n`), {
    body: "z",
    done: true,
    rest: "",
    trailers: [],
  });
  deepStrictEqual(doneOf(whole("aB\r\n")), false);
});

Deno.test("ChunkedDecoder refuses chunk extensions that are not token or quoted-string", () => {
  const valid = [
    ";a",
    ";a=b",
    ' ;\ta = "b c"',
    ";a;b=c;d",
    ';a="\\""',
    ';a="\xe9"',
    ";!#$%&'*+-.^_`|~09AZaz=x",
  ];
  for (const extension of valid) {
    deepStrictEqual(
      doneOf(whole(`1${extension}\r\nx\r\n0${extension}\r\n\r\n`)),
      true,
      JSON.stringify(extension),
    );
  }
  const invalid = [
    ";",
    ";=b",
    ";a=",
    ";a=b c",
    ';a="open',
    ';a="\x01"',
    ";a=b;",
    ";a@=b",
    ';a="x"y',
    " ",
    ";a=b ",
    "\t",
    ';a="\\\x7f"',
  ];
  for (const extension of invalid) refuses(`1${extension}\r\nx\r\n`, "http.bad_chunk_extension");
});

Deno.test("ChunkedDecoder refuses chunk data not followed by CRLF", () => {
  refuses("5\r\nhelloX", "http.bad_chunk_data_end");
  refuses("5\r\nhello\n", "http.bad_chunk_data_end");
  refuses("5\r\nhello\rX", "http.bad_chunk_data_end");
  refuses("5\r\nhello world\r\n", "http.bad_chunk_data_end");
});

Deno.test("ChunkedDecoder refuses bare LF and bare CR in size and trailer lines", () => {
  refuses("5\nhello\r\n", "http.bare_lf");
  refuses("5\rhello\r\n", "http.bare_cr");
  refuses("0\r\nA: b\n\r\n", "http.bare_lf");
  refuses("0\r\n\n", "http.bare_lf");
  refuses("0\r\nA: b\rc\r\n\r\n", "http.bare_cr");
});

Deno.test("ChunkedDecoder refuses a chunk-size line over 4 KiB as soon as it passes the limit", () => {
  const line = (length: number) => `1;a=${"b".repeat(length - 4)}`;
  deepStrictEqual(whole(`${line(4096)}\r\nx\r\n0\r\n\r\n`), {
    body: "x",
    done: true,
    rest: "",
    trailers: [],
  });
  refuses(line(4097), "http.chunk_line_too_long");
  refuses("0".repeat(5000), "http.chunk_line_too_long");
  deepStrictEqual(decode([bytes(line(4096))], new ChunkedDecoder({ maxChunkLine: 10 })), {
    error: "http.chunk_line_too_long",
  });
});

Deno.test("ChunkedDecoder checks trailer fields with the header rules and bounds them", () => {
  refuses("0\r\n folded\r\n\r\n", "http.obs_fold");
  refuses("0\r\nBad Name: x\r\n\r\n", "http.bad_header_name");
  refuses("0\r\nName : x\r\n\r\n", "http.space_before_colon");
  refuses("0\r\nName: \0\r\n\r\n", "http.nul");
  refuses("0\r\nName: \x01\r\n\r\n", "http.ctl_in_value");
  refuses("0\r\nno colon\r\n\r\n", "http.missing_colon");
  const fields = (n: number) => Array.from({ length: n }, (_, i) => `T-${i}: ${i}\r\n`).join("");
  strictEqual(doneOf(whole(`0\r\n${fields(100)}\r\n`)), true);
  refuses(`0\r\n${fields(101)}\r\n`, "http.too_many_trailers");
  // 32 KiB: the trailer lines and the final CRLF together.
  const big = (total: number) => `X: ${"v".repeat(total - 2 - "X: \r\n".length)}\r\n\r\n`;
  strictEqual(doneOf(whole(`0\r\n${big(32768)}`)), true);
  refuses(`0\r\n${big(32769)}`, "http.trailers_too_large");
  refuses(`0\r\nX: ${"v".repeat(40000)}`, "http.trailers_too_large");
});

Deno.test("ChunkedDecoder keeps its first error and hands later bytes back once done", () => {
  const failed = new ChunkedDecoder();
  const first = failed.push(bytes("zz\r\n"));
  ok("error" in first);
  deepStrictEqual(failed.push(bytes("5\r\nhello\r\n")), first);
  const finished = new ChunkedDecoder();
  deepStrictEqual(finished.push(bytes("0\r\n\r\n")), {
    data: [],
    done: true,
    rest: new Uint8Array(0),
  });
  deepStrictEqual(finished.push(bytes("next")), { data: [], done: true, rest: bytes("next") });
});

Deno.test("ChunkedDecoder hands out copies that do not change when the input buffer is reused", () => {
  const decoder = new ChunkedDecoder();
  const buffer = bytes("3\r\nabc\r\n");
  const result = decoder.push(buffer);
  ok("data" in result);
  buffer.fill(0x21);
  strictEqual(text(result.data[0]!), "abc");
});

Deno.test("encodeChunk() and LAST_CHUNK re-encode what ChunkedDecoder reads, never an early end", () => {
  strictEqual(text(encodeChunk(bytes("hello"))), "5\r\nhello\r\n");
  strictEqual(text(encodeChunk(new Uint8Array(300))).slice(0, 5), "12c\r\n");
  strictEqual(encodeChunk(new Uint8Array(0)).length, 0);
  strictEqual(text(LAST_CHUNK), "0\r\n\r\n");
  const pieces = ["a", "", "bc", "x".repeat(1000)].map((p) => encodeChunk(bytes(p)));
  deepStrictEqual(decode([...pieces, LAST_CHUNK]), {
    body: `abc${"x".repeat(1000)}`,
    done: true,
    rest: "",
    trailers: [],
  });
});
